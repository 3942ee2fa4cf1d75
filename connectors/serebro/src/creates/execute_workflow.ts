import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { clean, defineCreate, defineInputFields, recordOf, segment } from '../../../../kit';
import { serebroRequest } from '../client';
import { contactIdField, locationField } from '../fields';
import { executionOutputFields, executionSample, WorkflowExecution } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  {
    key: 'workflowId',
    label: 'Workflow',
    required: true,
    dynamic: 'workflows.id.name',
    helpText: 'The published workflow to run. Draft workflows cannot be run.',
  },
  contactIdField(false, 'The contact the workflow runs for. Some workflows need one.'),
  {
    key: 'data',
    label: 'Data',
    dict: true,
    helpText: 'Extra values handed to the workflow, e.g. `source` → `Zapier`.',
  },
]);

const perform = (async (z, bundle) => {
  const workflowId = segment(z, bundle.inputData.workflowId, 'Workflow');
  // What the run starts with: the contact it is for and the data handed to it, each when given.
  const runInput: Record<string, unknown> = {};
  const contactId = clean(bundle.inputData.contactId);
  if (contactId) runInput.contactId = contactId;
  const data = bundle.inputData.data;
  if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length > 0) runInput.data = data;
  return serebroRequest(z, bundle, {
    method: 'POST',
    path: `/workflows/${workflowId}/execute`,
    location: bundle.inputData.locationId,
    shape: recordOf(WorkflowExecution),
    body: runInput,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = WorkflowExecution;

export default defineCreate({
  key: 'execute_workflow',
  noun: 'Workflow Execution',
  display: {
    label: 'Execute Workflow',
    description: 'Executes a published workflow in Serebro AI, optionally for a contact.',
  },
  operation: { inputFields, perform, sample: { ...executionSample, status: 'queued', startedAt: null, finishedAt: null }, outputFields: executionOutputFields },
});
