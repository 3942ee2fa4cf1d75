import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, recordOf, segment } from '../../../../kit';
import { cerboRequest } from '../client';
import { patientChanges, patientFields, patientIdField } from '../fields';
import { Patient, patientOutputFields, patientSample } from '../schemas';

const inputFields = defineInputFields([patientIdField, ...patientFields(false)]);

/** Sends only the fields filled in, so the others keep their values in Cerbo. */
const perform = (async (z, bundle) => {
  const id = segment(z, bundle.inputData.pt_id, 'Patient');
  return cerboRequest(z, bundle, {
    method: 'PATCH',
    path: `/patients/${id}`,
    body: patientChanges(z, bundle, bundle.inputData),
    shape: recordOf(Patient),
    notFound: 'Cerbo has no patient with this ID in the practice',
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Patient;

export default defineCreate({
  key: 'update_patient',
  noun: 'Patient',
  display: {
    label: 'Update Patient',
    description: 'Updates the details of an existing patient in Cerbo; fields left empty keep their values.',
  },
  operation: { inputFields, perform, sample: patientSample, outputFields: patientOutputFields },
});
