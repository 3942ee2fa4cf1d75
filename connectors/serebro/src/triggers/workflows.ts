import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Workflow, workflowOutputFields, workflowSample } from '../schemas';

export const schema = Workflow;

export default defineTrigger({
  key: 'workflows',
  noun: 'Workflow',
  display: { label: 'Published Workflows', description: 'Lists published workflows for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, {
      path: '/workflows',
      params: { status: 'published' },
      location: bundle.inputData.locationId,
      item: recordOf(Workflow),
    }),
    sample: workflowSample,
    outputFields: workflowOutputFields,
  },
});
