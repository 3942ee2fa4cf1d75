import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Pipeline, pipelineOutputFields, pipelineSample } from '../schemas';

export const schema = Pipeline;

export default defineTrigger({
  key: 'pipelines',
  noun: 'Pipeline',
  display: { label: 'Pipelines', description: 'Lists pipelines for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, { path: '/pipelines', location: bundle.inputData.locationId, item: recordOf(Pipeline) }),
    sample: pipelineSample,
    outputFields: pipelineOutputFields,
  },
});
