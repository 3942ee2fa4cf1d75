import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { afterResponseFor, beforeRequestFor, byKey, checkOverride, guardApp, schemasOf } from '../../kit';
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
  triggers: byKey(triggers),
  creates: byKey(creates),
  searches: byKey(searches),
  searchOrCreates: {
    [findPatient.default.key]: {
      key: findPatient.default.key,
      display: {
        label: 'Find or Create Patient',
        description: 'Finds a patient by name, email or date of birth, and creates one when none matches.',
      },
      search: findPatient.default.key,
      create: createPatient.default.key,
    },
  },
}),
);

/** What each operation returns, keyed by its path in the app (`creates.create_patient`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf({ triggers, creates, searches });
