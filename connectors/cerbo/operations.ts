import type { Connector } from '../../kit';
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

/**
 * One line per operation: the Zapier app (index.ts), the n8n node, the schemas of what each returns and every
 * list derived from them (docs, publishing checks, invoke coverage, bench) come from these lists.
 */
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

/** Searches paired with the create that runs when they find nothing (Zapier's Find or Create, one n8n operation). */
const findOrCreate = [
  { search: findPatient, create: createPatient, label: 'Find or Create Patient', description: 'Finds a patient by name, email or date of birth, and creates one when none matches.' },
];

/** The connector as every runtime reads it: its policy and its operations. */
export const operations = { policy, triggers, creates, searches, findOrCreate } satisfies Connector;
