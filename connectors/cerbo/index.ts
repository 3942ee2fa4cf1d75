import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { afterResponseFor, beforeRequestFor, checkOverride, guardApp } from '../../kit';
import { policy } from './src/client';
import apiRequest from './src/creates/api_request';
import createAppointment from './src/creates/create_appointment';
import createPatient from './src/creates/create_patient';
import updatePatient from './src/creates/update_patient';
import findPatient from './src/searches/find_patient';
import appointmentTypes from './src/triggers/appointment_types';
import newAppointment from './src/triggers/new_appointment';
import newPatient from './src/triggers/new_patient';
import patients from './src/triggers/patients';
import providers from './src/triggers/providers';

checkOverride('CERBO_BASE_URL');

export default defineApp(
  guardApp(policy, {
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [beforeRequestFor(policy)],
  afterResponse: [afterResponseFor(policy)],
  // The kit maps 429s itself (with Retry-After) and empty inputs arrive as absent.
  flags: { throwForThrottlingEarly: false, cleanInputData: true },
  // Cerbo allows 60 requests a minute per API user (one connection); a create may cost two (it looks
  // for the same record first), so Zapier queues actions past 30 a minute rather than meet a 429.
  throttle: { window: 60, limit: 30, scope: ['auth'] },
  triggers: {
    [newPatient.key]: newPatient,
    [newAppointment.key]: newAppointment,
    [providers.key]: providers,
    [appointmentTypes.key]: appointmentTypes,
    [patients.key]: patients,
  },
  creates: {
    [createPatient.key]: createPatient,
    [updatePatient.key]: updatePatient,
    [createAppointment.key]: createAppointment,
    [apiRequest.key]: apiRequest,
  },
  searches: {
    [findPatient.key]: findPatient,
  },
  searchOrCreates: {
    [findPatient.key]: {
      key: findPatient.key,
      display: {
        label: 'Find or Create Patient',
        description: 'Finds a patient by name, email or date of birth, and creates one when none matches.',
      },
      search: findPatient.key,
      create: createPatient.key,
    },
  },
}),
);
