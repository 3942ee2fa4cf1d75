import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { workflowOutputFields, workflowSample, type Workflow } from '../schemas';

export default defineTrigger({
  key: 'workflows',
  noun: 'Workflow',
  display: { label: 'Published Workflows', description: 'Lists published workflows for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage<Workflow>(z, bundle, '/workflows', { status: 'published' }),
    sample: workflowSample,
    outputFields: workflowOutputFields,
  },
});
