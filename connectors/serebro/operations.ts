import type { Connector } from '../../kit';
import { policy } from './src/client';
import * as appointmentBooked from './src/triggers/appointment_booked';
import * as appointmentCanceled from './src/triggers/appointment_canceled';
import * as appointments from './src/triggers/appointments';
import * as contactCreated from './src/triggers/contact_created';
import * as contactUpdated from './src/triggers/contact_updated';
import * as contacts from './src/triggers/contacts';
import * as locations from './src/triggers/locations';
import * as opportunities from './src/triggers/opportunities';
import * as opportunityCreated from './src/triggers/opportunity_created';
import * as opportunityStageChanged from './src/triggers/opportunity_stage_changed';
import * as pipelines from './src/triggers/pipelines';
import * as services from './src/triggers/services';
import * as staff from './src/triggers/staff';
import * as stages from './src/triggers/stages';
import * as tags from './src/triggers/tags';
import * as workflowExecutionCompleted from './src/triggers/workflow_execution_completed';
import * as workflows from './src/triggers/workflows';
import * as addContactTags from './src/creates/add_contact_tags';
import * as cancelAppointment from './src/creates/cancel_appointment';
import * as createAppointment from './src/creates/create_appointment';
import * as createContact from './src/creates/create_contact';
import * as createOpportunity from './src/creates/create_opportunity';
import * as executeWorkflow from './src/creates/execute_workflow';
import * as updateContact from './src/creates/update_contact';
import * as removeContactTags from './src/creates/remove_contact_tags';
import * as updateOpportunity from './src/creates/update_opportunity';
import * as apiRequest from './src/creates/api_request';
import * as upsertContact from './src/creates/upsert_contact';
import * as findContact from './src/searches/find_contact';
import * as findOpportunity from './src/searches/find_opportunity';

/**
 * One line per operation: the Zapier app (index.ts), the n8n node, the schemas of what each returns and every
 * list derived from them (docs, publishing checks, invoke coverage, bench) come from these lists.
 */
const triggers = [
  contactCreated,
  contactUpdated,
  appointmentBooked,
  appointmentCanceled,
  opportunityCreated,
  opportunityStageChanged,
  workflowExecutionCompleted,
  workflows,
  pipelines,
  stages,
  tags,
  services,
  staff,
  locations,
  contacts,
  appointments,
  opportunities,
];
const creates = [
  createContact,
  updateContact,
  upsertContact,
  addContactTags,
  removeContactTags,
  executeWorkflow,
  createAppointment,
  cancelAppointment,
  createOpportunity,
  updateOpportunity,
  apiRequest,
];
const searches = [
  findContact,
  findOpportunity,
];

/** Searches paired with the create that runs when they find nothing (Zapier's Find or Create, one n8n operation). */
const findOrCreate = [
  { search: findContact, create: createContact, label: 'Find or Create Contact', description: 'Finds a contact by email, phone or name, and creates it when none matches.' },
  { search: findOpportunity, create: createOpportunity, label: 'Find or Create Opportunity', description: 'Finds an opportunity by contact, pipeline, stage or status, and creates it when none matches.' },
];

/** The connector as every runtime reads it: its policy and its operations. */
export const operations = { policy, triggers, creates, searches, findOrCreate } satisfies Connector;
