import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { Pipeline, pipelineOutputFields, pipelineSample } from '../schemas';

export const schema = Pipeline;

export default defineTrigger({
  key: 'pipelines',
  noun: 'Pipeline',
  display: { label: 'Pipelines', description: 'Lists pipelines for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage<Pipeline>(z, bundle, '/pipelines'),
    sample: pipelineSample,
    outputFields: pipelineOutputFields,
  },
});
