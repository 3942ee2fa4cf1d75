import { defineCreate, type CreatePerform, type InferInputData } from 'zapier-platform-core';
import { cerboRequest } from '../client';
import { newPatientBody, patientFields } from '../fields';
import { patientOutputFields, patientSample, type Patient } from '../schemas';

const inputFields = patientFields(true);

const perform = (async (z, bundle) =>
  cerboRequest<Patient>(z, bundle, {
    method: 'POST',
    path: '/patients',
    body: newPatientBody(z, bundle, bundle.inputData),
  })) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export default defineCreate({
  key: 'create_patient',
  noun: 'Patient',
  display: {
    label: 'Create Patient',
    description: 'Creates a new patient chart in Cerbo.',
  },
  operation: { inputFields, perform, sample: patientSample, outputFields: patientOutputFields },
});
