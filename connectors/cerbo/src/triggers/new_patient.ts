import type { PollingTriggerPerform } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { listPage } from '../client';
import { Patient, patientOutputFields, patientSample } from '../schemas';

/** One request per poll: the newest 100 patients; Zapier remembers the IDs it has seen. */
const perform = (async (z, bundle) => {
  const page = await listPage(z, bundle, { path: '/patients', params: { sort: '-created', limit: 100 }, item: recordOf(Patient) });
  return page.data ?? [];
}) satisfies PollingTriggerPerform;

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
