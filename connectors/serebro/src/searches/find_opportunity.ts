import type { InferInputData, SearchPerform } from 'zapier-platform-core';
import { listPage } from '../client';
import { contactIdField, customFieldOutputs, locationField, withCustomFieldValues } from '../fields';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';
import { clean, defineInputFields, defineSearch, invalidInput, recordOf } from '../../../../kit';

const inputFields = defineInputFields([
  locationField,
  contactIdField(false, 'Only opportunities with this contact.'),
  { key: 'pipelineId', label: 'Pipeline', dynamic: 'pipelines.id.name', altersDynamicFields: true },
  { key: 'stageId', label: 'Stage', dynamic: 'stages.id.name', helpText: 'A stage of the chosen pipeline.' },
  { key: 'status', label: 'Status', choices: { open: 'Open', won: 'Won', lost: 'Lost', abandoned: 'Abandoned' } },
]);

const STATUSES = ['open', 'won', 'lost', 'abandoned'];

const perform = (async (z, bundle) => {
  const contactId = clean(bundle.inputData.contactId);
  const pipelineId = clean(bundle.inputData.pipelineId);
  const stageId = clean(bundle.inputData.stageId);
  const status = clean(bundle.inputData.status)?.toLowerCase();
  if (!contactId && !pipelineId && !stageId && !status) {
    invalidInput(z, 'Fill in Contact, Pipeline, Stage or Status to search for an opportunity.');
  }
  if (status !== undefined && !STATUSES.includes(status)) {
    invalidInput(z, `Status must be one of Open, Won, Lost or Abandoned, not "${status}".`);
  }
  const params = { contactId, pipelineId, stageId, status, limit: 10 };
  const { items } = await listPage(z, bundle, { path: '/opportunities', params, location: bundle.inputData.locationId, item: recordOf(Opportunity) });
  return withCustomFieldValues(z, bundle, 'opportunity', items);
}) satisfies SearchPerform<InferInputData<typeof inputFields>>;

export const schema = Opportunity;

export default defineSearch({
  key: 'find_opportunity',
  noun: 'Opportunity',
  display: {
    label: 'Find Opportunity',
    description: 'Finds an opportunity in Serebro AI by contact, pipeline, stage or status.',
  },
  operation: { inputFields, perform, sample: opportunitySample, outputFields: [...opportunityOutputFields, customFieldOutputs('opportunity')] },
});
