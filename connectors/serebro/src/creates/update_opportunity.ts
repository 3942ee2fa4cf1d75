import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { clean, defineCreate, defineInputFields, invalidInput, recordOf, segment } from '../../../../kit';
import { serebroRequest } from '../client';
import { customFieldInputs, customFieldsBody, locationField, monetaryValue } from '../fields';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  { key: 'opportunityId', label: 'Opportunity', required: true, dynamic: 'opportunities.id.name' },
  {
    key: 'pipelineId',
    label: 'Pipeline',
    dynamic: 'pipelines.id.name',
    altersDynamicFields: true,
    helpText: "The opportunity's pipeline: only used to list its stages below.",
  },
  { key: 'stageId', label: 'Stage', dynamic: 'stages.id.name', helpText: 'Move the opportunity to this stage.' },
  { key: 'monetaryValue', label: 'Value', type: 'number' },
  {
    key: 'status',
    label: 'Status',
    choices: { open: 'Open', won: 'Won', lost: 'Lost', abandoned: 'Abandoned' },
    helpText: 'Close the opportunity as won, lost or abandoned (or reopen it).',
  },
  customFieldInputs('opportunity'),
]);

const STATUSES = ['open', 'won', 'lost', 'abandoned'];

const perform = (async (z, bundle) => {
  const opportunityId = segment(z, bundle.inputData.opportunityId, 'Opportunity');
  const body: Record<string, unknown> = {};
  const stageId = clean(bundle.inputData.stageId);
  if (stageId) body.stageId = stageId;
  const value = monetaryValue(z, bundle.inputData.monetaryValue);
  if (value !== undefined) body.monetaryValue = value;
  const status = clean(bundle.inputData.status)?.toLowerCase();
  if (status !== undefined) {
    if (!STATUSES.includes(status)) {
      invalidInput(z, `Status must be one of Open, Won, Lost or Abandoned, not "${status}".`);
    }
    body.status = status;
  }
  const customFields = await customFieldsBody(z, bundle, 'opportunity');
  if (customFields) body.customFields = customFields;
  if (Object.keys(body).length === 0) {
    invalidInput(z, 'Fill in at least one of Stage, Value, Status or a custom field to update the opportunity.');
  }
  const path = `/opportunities/${opportunityId}`;
  return serebroRequest(z, bundle, { method: 'PATCH', path, body, location: bundle.inputData.locationId, shape: recordOf(Opportunity) });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Opportunity;

export default defineCreate({
  key: 'update_opportunity',
  noun: 'Opportunity',
  display: {
    label: 'Update Opportunity',
    description: 'Updates an opportunity in Serebro AI: moves it to another stage, changes its value or closes it.',
  },
  operation: { inputFields, perform, sample: { ...opportunitySample, status: 'won' }, outputFields: opportunityOutputFields },
});
