import type { PollingTriggerPerform } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Patient, PatientChoice, patientChoiceOutputFields, patientChoiceSample } from '../schemas';

/** Newest patients first, 100 a page; the dropdown shows "Last, First (date of birth)" to tell namesakes apart. */
const perform = (async (z, bundle) =>
  (await dropdownPage(z, bundle, { path: '/patients', params: { sort: '-created' }, item: recordOf(Patient) })).map(
    (patient): PatientChoice => ({ ...patient, name: `${patient.last_name}, ${patient.first_name} (${patient.dob})` }),
  )) satisfies PollingTriggerPerform;

export const schema = PatientChoice;

export default defineTrigger({
  key: 'patients',
  noun: 'Patient',
  display: { label: 'Patients', description: 'Lists patients for dropdowns.', hidden: true },
  operation: { type: 'polling', canPaginate: true, perform, sample: patientChoiceSample, outputFields: patientChoiceOutputFields },
});
