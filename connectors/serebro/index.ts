import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { afterResponseFor, beforeRequestFor, checkOverride, guardApp } from '../../kit';
import { policy } from './src/client';
import appointmentBooked from './src/triggers/appointment_booked';
import appointmentCanceled from './src/triggers/appointment_canceled';
import appointments from './src/triggers/appointments';
import contactCreated from './src/triggers/contact_created';
import contactUpdated from './src/triggers/contact_updated';
import contacts from './src/triggers/contacts';
import locations from './src/triggers/locations';
import opportunities from './src/triggers/opportunities';
import opportunityCreated from './src/triggers/opportunity_created';
import opportunityStageChanged from './src/triggers/opportunity_stage_changed';
import pipelines from './src/triggers/pipelines';
import services from './src/triggers/services';
import staff from './src/triggers/staff';
import stages from './src/triggers/stages';
import tags from './src/triggers/tags';
import workflowExecutionCompleted from './src/triggers/workflow_execution_completed';
import workflows from './src/triggers/workflows';
import addContactTags from './src/creates/add_contact_tags';
import cancelAppointment from './src/creates/cancel_appointment';
import createAppointment from './src/creates/create_appointment';
import createContact from './src/creates/create_contact';
import createOpportunity from './src/creates/create_opportunity';
import executeWorkflow from './src/creates/execute_workflow';
import updateContact from './src/creates/update_contact';
import removeContactTags from './src/creates/remove_contact_tags';
import updateOpportunity from './src/creates/update_opportunity';
import apiRequest from './src/creates/api_request';
import upsertContact from './src/creates/upsert_contact';
import findContact from './src/searches/find_contact';
import findOpportunity from './src/searches/find_opportunity';

checkOverride('SEREBRO_BASE_URL');

export default defineApp(
  guardApp(policy, {
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [beforeRequestFor(policy)],
  afterResponse: [afterResponseFor(policy)],
  // The kit maps 429s itself (with Serebro's X-RateLimit-* headers) and empty inputs arrive as absent.
  flags: { throwForThrottlingEarly: false, cleanInputData: true },
  // Serebro allows 100 requests per 10 s per app and Location (one connection); polls and dropdowns share
  // that budget and an action can cost two requests, so Zapier queues actions past 40 per 10 s.
  throttle: { window: 10, limit: 40, scope: ['auth'] },
  triggers: {
    [contactCreated.key]: contactCreated,
    [contactUpdated.key]: contactUpdated,
    [appointmentBooked.key]: appointmentBooked,
    [appointmentCanceled.key]: appointmentCanceled,
    [opportunityCreated.key]: opportunityCreated,
    [opportunityStageChanged.key]: opportunityStageChanged,
    [workflowExecutionCompleted.key]: workflowExecutionCompleted,
    [workflows.key]: workflows,
    [pipelines.key]: pipelines,
    [stages.key]: stages,
    [tags.key]: tags,
    [services.key]: services,
    [staff.key]: staff,
    [locations.key]: locations,
    [contacts.key]: contacts,
    [appointments.key]: appointments,
    [opportunities.key]: opportunities,
  },
  creates: {
    [createContact.key]: createContact,
    [updateContact.key]: updateContact,
    [upsertContact.key]: upsertContact,
    [addContactTags.key]: addContactTags,
    [removeContactTags.key]: removeContactTags,
    [executeWorkflow.key]: executeWorkflow,
    [createAppointment.key]: createAppointment,
    [cancelAppointment.key]: cancelAppointment,
    [createOpportunity.key]: createOpportunity,
    [updateOpportunity.key]: updateOpportunity,
    [apiRequest.key]: apiRequest,
  },
  searches: {
    [findContact.key]: findContact,
    [findOpportunity.key]: findOpportunity,
  },
  searchOrCreates: {
    [findContact.key]: {
      key: findContact.key,
      display: {
        label: 'Find or Create Contact',
        description: 'Finds a contact by email, phone or name, and creates it when none matches.',
      },
      search: findContact.key,
      create: createContact.key,
    },
    [findOpportunity.key]: {
      key: findOpportunity.key,
      display: {
        label: 'Find or Create Opportunity',
        description: 'Finds an opportunity by contact, pipeline, stage or status, and creates it when none matches.',
      },
      search: findOpportunity.key,
      create: createOpportunity.key,
    },
  },
}),
);
