import type { InferInputData, SearchPerform } from 'zapier-platform-core';
import { compact, listPage } from '../client';
import { dateOfBirth } from '../fields';
import { Patient, patientOutputFields, patientSample } from '../schemas';
import { clean, defineInputFields, defineSearch, invalidInput, recordOf } from '../../../../kit';

const inputFields = defineInputFields([
  { key: 'first_name', label: 'First Name', type: 'string', required: false, helpText: 'Use % as a wildcard, e.g. Mar%.' },
  { key: 'last_name', label: 'Last Name', type: 'string', required: false, helpText: 'Use % as a wildcard, e.g. Gar%.' },
  { key: 'email', label: 'Email', type: 'string', required: false },
  { key: 'dob', label: 'Date of Birth', type: 'string', required: false, helpText: 'E.g. 1980-03-07, 03/07/1980 or 7 March 1980.' },
]);

/** Patients matching every criterion given, newest first; `[]` when none. */
const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  const criteria = compact({
    first_name: clean(input.first_name),
    last_name: clean(input.last_name),
    email: clean(input.email),
    dob: clean(input.dob) === undefined ? undefined : dateOfBirth(z, bundle, input.dob),
  });
  if (Object.keys(criteria).length === 0) invalidInput(z, 'Fill in at least one of First Name, Last Name, Email or Date of Birth to search by.');
  const found = await listPage(z, bundle, { path: '/patients/search', params: { ...criteria, limit: 100 }, item: recordOf(Patient) });
  return found.data ?? [];
}) satisfies SearchPerform<InferInputData<typeof inputFields>>;

export const schema = Patient;

export default defineSearch({
  key: 'find_patient',
  noun: 'Patient',
  display: {
    label: 'Find Patient',
    description: 'Finds patients in Cerbo by name, email or date of birth.',
  },
  operation: { inputFields, perform, sample: patientSample, outputFields: patientOutputFields },
});
