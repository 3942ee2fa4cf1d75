import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { listPage } from '../client';
import { Patient, patientOutputFields, patientSample } from '../schemas';

/** One request per poll: the newest 100 patients; Zapier remembers the IDs it has seen. */
const perform = (async (z, bundle) =>
  (await listPage<Patient>(z, bundle, '/patients', { sort: '-created', limit: 100 })).data ?? []) satisfies PollingTriggerPerform;

export const schema = Patient;

export default defineTrigger({
  key: 'new_patient',
  noun: 'Patient',
  display: {
    label: 'New Patient',
    description: 'Triggers when a patient is added to your Cerbo practice.',
  },
  operation: { type: 'polling', perform, sample: patientSample, outputFields: patientOutputFields },
});
