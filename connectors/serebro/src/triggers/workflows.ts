import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Workflow, workflowOutputFields, workflowSample } from '../schemas';

export const schema = Workflow;

export default defineTrigger({
  key: 'workflows',
  noun: 'Workflow',
  display: { label: 'Published Workflows', description: 'Lists published workflows for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/workflows', recordOf(Workflow), { status: 'published' }),
    sample: workflowSample,
    outputFields: workflowOutputFields,
  },
});
