import { defineApp } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { appFrom, checkOverride, schemasOf } from '../../kit';
import { policy } from './src/client';
import * as apiRequest from './src/creates/api_request';
import * as createAppointment from './src/creates/create_appointment';
import * as createPatient from './src/creates/create_patient';
import * as updatePatient from './src/creates/update_patient';
import * as findPatient from './src/searches/find_patient';
import * as appointmentTypes from './src/triggers/appointment_types';
import * as newAppointment from './src/triggers/new_appointment';
import * as newPatient from './src/triggers/new_patient';
import * as patients from './src/triggers/patients';
import * as providers from './src/triggers/providers';

checkOverride('CERBO_BASE_URL');

/** One line per operation: the app and the schemas of what each returns come from these lists. */
const triggers = [
  newPatient,
  newAppointment,
  providers,
  appointmentTypes,
  patients,
];
const creates = [
  createPatient,
  updatePatient,
  createAppointment,
  apiRequest,
];
const searches = [
  findPatient,
];

// Reads like the other two connectors' index.ts on purpose: the same appFrom call, with this service's own lists and policy.
export default defineApp(
  appFrom(policy, {
    version: packageJson.version,
    authentication,
    // Cerbo allows 60 requests a minute per API user (one connection); a create may cost two (it looks
    // for the same record first), so Zapier queues actions past 30 a minute rather than meet a 429.
    throttle: { window: 60, limit: 30, scope: ['auth'] },
    triggers,
    creates,
    searches,
    findOrCreate: [
      { search: findPatient, create: createPatient, label: 'Find or Create Patient', description: 'Finds a patient by name, email or date of birth, and creates one when none matches.' },
    ],
  }),
);

/** What each operation returns, keyed by its path in the app (`creates.create_patient`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf({ triggers, creates, searches });
