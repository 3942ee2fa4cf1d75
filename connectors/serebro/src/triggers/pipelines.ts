import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Pipeline, pipelineOutputFields, pipelineSample } from '../schemas';

export const schema = Pipeline;

export default defineTrigger({
  key: 'pipelines',
  noun: 'Pipeline',
  display: { label: 'Pipelines', description: 'Lists pipelines for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/pipelines', recordOf(Pipeline)),
    sample: pipelineSample,
    outputFields: pipelineOutputFields,
  },
});
