import { customFieldOutputs, locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHookWithCustomFields } from '../hooks';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  {
    key: 'pipelineId',
    label: 'Pipeline',
    dynamic: 'pipelines.id.name',
    helpText: 'Only trigger for opportunities created in this pipeline. Leave empty for every pipeline.',
  },
]);

export const schema = Opportunity;

export default defineTrigger({
  key: 'opportunity_created',
  noun: 'Opportunity',
  display: {
    label: 'New Opportunity',
    description: 'Triggers when an opportunity is created in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHookWithCustomFields('opportunity', {
      event: 'opportunity.created',
      item: recordOf(Opportunity),
      listPath: '/opportunities',
      listQuery: { limit: 10 },
      filters: { pipelineId: 'pipelineId' },
    }),
    sample: opportunitySample,
    outputFields: [...opportunityOutputFields, customFieldOutputs('opportunity')],
  },
});
