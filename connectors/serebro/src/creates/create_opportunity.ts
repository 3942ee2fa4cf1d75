import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { serebroRequest } from '../client';
import { contactIdField, customFieldInputs, customFieldsBody, locationField, monetaryValue } from '../fields';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';
import { defineCreate, defineInputFields, recordOf, requireText } from '../../../../kit';

const inputFields = defineInputFields([
  locationField,
  { key: 'name', label: 'Opportunity Name', required: true },
  { key: 'pipelineId', label: 'Pipeline', required: true, dynamic: 'pipelines.id.name', altersDynamicFields: true },
  { key: 'stageId', label: 'Stage', required: true, dynamic: 'stages.id.name', helpText: 'A stage of the chosen pipeline.' },
  contactIdField(true, 'The contact the opportunity is with.'),
  { key: 'monetaryValue', label: 'Value', type: 'number', helpText: 'The deal value in the Location\'s currency, e.g. 1200.' },
  customFieldInputs('opportunity'),
]);

const perform = (async (z, bundle) => {
  const body: Record<string, unknown> = {
    name: requireText(z, bundle.inputData.name, 'Opportunity Name'),
    pipelineId: requireText(z, bundle.inputData.pipelineId, 'Pipeline'),
    stageId: requireText(z, bundle.inputData.stageId, 'Stage'),
    contactId: requireText(z, bundle.inputData.contactId, 'Contact'),
    status: 'open',
  };
  const value = monetaryValue(z, bundle.inputData.monetaryValue);
  if (value !== undefined) body.monetaryValue = value;
  const customFields = await customFieldsBody(z, bundle, 'opportunity');
  if (customFields) body.customFields = customFields;
  return serebroRequest(z, bundle, { method: 'POST', path: '/opportunities', body, location: bundle.inputData.locationId, shape: recordOf(Opportunity) });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Opportunity;

export default defineCreate({
  key: 'create_opportunity',
  noun: 'Opportunity',
  display: { label: 'Create Opportunity', description: 'Creates an opportunity in a pipeline stage in Serebro AI.' },
  operation: { inputFields, perform, sample: opportunitySample, outputFields: opportunityOutputFields },
});
