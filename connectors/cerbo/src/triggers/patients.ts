import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { type Patient, PatientChoice, patientChoiceOutputFields, patientChoiceSample } from '../schemas';

/** Newest patients first, 100 a page; the dropdown shows "Last, First (date of birth)" to tell namesakes apart. */
const perform = (async (z, bundle) =>
  (await dropdownPage<Patient>(z, bundle, '/patients', { sort: '-created' })).map(
    (patient): PatientChoice => ({ ...patient, name: `${patient.last_name}, ${patient.first_name} (${patient.dob})` }),
  )) satisfies PollingTriggerPerform;

export const schema = PatientChoice;

export default defineTrigger({
  key: 'patients',
  noun: 'Patient',
  display: { label: 'Patients', description: 'Lists patients for dropdowns.', hidden: true },
  operation: { type: 'polling', canPaginate: true, perform, sample: patientChoiceSample, outputFields: patientChoiceOutputFields },
});
