import { defineInputFields, defineTrigger } from 'zapier-platform-core';
import { listPage } from '../client';
import { customFieldOutputs, locationField } from '../fields';
import { restHookWithCustomFields, sameOrUnset } from '../hooks';
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
    ...restHookWithCustomFields<Opportunity>('opportunity', {
      event: 'opportunity.stage_changed',
      list: async (z, bundle) =>
        (
          await listPage<Opportunity>(z, bundle, '/opportunities', {
            pipelineId: bundle.inputData.pipelineId as string | undefined,
            stageId: bundle.inputData.stageId as string | undefined,
            limit: 10,
          })
        ).items,
      matches: (opportunity, bundle) =>
        sameOrUnset(bundle.inputData.pipelineId, opportunity.pipelineId) && sameOrUnset(bundle.inputData.stageId, opportunity.stageId),
    }),
    sample: opportunitySample,
    outputFields: [...opportunityOutputFields, customFieldOutputs('opportunity')],
  },
});
