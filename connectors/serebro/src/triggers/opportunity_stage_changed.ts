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
    altersDynamicFields: true,
    helpText: 'Only trigger for opportunities in this pipeline. Leave empty for every pipeline.',
  },
  {
    key: 'stageId',
    label: 'Stage',
    dynamic: 'stages.id.name',
    helpText: 'Only trigger when an opportunity moves into this stage (choose a Pipeline first). Leave empty for any stage.',
  },
]);

export const schema = Opportunity;

export default defineTrigger({
  key: 'opportunity_stage_changed',
  noun: 'Opportunity',
  display: {
    label: 'Opportunity Stage Changed',
    description: 'Triggers when an opportunity moves to another stage of its pipeline in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHookWithCustomFields('opportunity', {
      event: 'opportunity.stage_changed',
      item: recordOf(Opportunity),
      listPath: '/opportunities',
      listQuery: { limit: 10 },
      filters: { pipelineId: 'pipelineId', stageId: 'stageId' },
    }),
    sample: opportunitySample,
    outputFields: [...opportunityOutputFields, customFieldOutputs('opportunity')],
  },
});
