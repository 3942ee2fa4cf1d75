import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, isRetryOf, recordOf } from '../../../../kit';
import { cerboRequest, recordMadeByEarlierRun } from '../client';
import { newPatientBody, patientFields } from '../fields';
import { Patient, patientOutputFields, patientSample } from '../schemas';

const inputFields = patientFields(true);

/** What tells one chart from another: name, date of birth and sex. */
const identity = (patient: Record<string, unknown>) => ({
  first_name: patient.first_name,
  last_name: patient.last_name,
  dob: patient.dob,
  sex: patient.sex,
});

/**
 * Cerbo answers a second identical create with a second chart, so the patient an earlier run of this
 * step made (created within the retry window, same name, date of birth and sex) is looked for first
 * and returned; otherwise the chart is created.
 */
const perform = (async (z, bundle) => {
  const body = newPatientBody(z, bundle, bundle.inputData);
  const earlier = await recordMadeByEarlierRun(z, bundle, { path: '/patients', item: recordOf(Patient) }, (patient) =>
    isRetryOf(patient.created, identity(patient), identity(body)),
  );
  return earlier ?? cerboRequest(z, bundle, { method: 'POST', path: '/patients', body, shape: recordOf(Patient) });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Patient;

export default defineCreate({
  key: 'create_patient',
  noun: 'Patient',
  display: {
    label: 'Create Patient',
    description: 'Creates a new patient chart in Cerbo.',
  },
  operation: { inputFields, perform, sample: patientSample, outputFields: patientOutputFields },
});
