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
    ...restHookWithCustomFields<Opportunity>('opportunity', {
      event: 'opportunity.created',
      list: async (z, bundle) =>
        (await listPage<Opportunity>(z, bundle, '/opportunities', { pipelineId: bundle.inputData.pipelineId as string | undefined, limit: 10 })).items,
      matches: (opportunity, bundle) => sameOrUnset(bundle.inputData.pipelineId, opportunity.pipelineId),
    }),
    sample: opportunitySample,
    outputFields: [...opportunityOutputFields, customFieldOutputs('opportunity')],
  },
});
