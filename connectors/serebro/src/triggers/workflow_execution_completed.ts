import { defineInputFields, defineTrigger } from 'zapier-platform-core';
import { listPage } from '../client';
import { locationField } from '../fields';
import { restHook, sameOrUnset } from '../hooks';
import { executionOutputFields, executionSample, WorkflowExecution } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  {
    key: 'workflowId',
    label: 'Workflow',
    dynamic: 'workflows.id.name',
    helpText: 'Only trigger for runs of this workflow. Leave empty for every workflow.',
  },
  {
    key: 'status',
    label: 'Outcome',
    choices: { succeeded: 'Succeeded', failed: 'Failed' },
    helpText: 'Only trigger for runs that ended this way. Leave empty for both.',
  },
]);

const finished = (execution: WorkflowExecution) => execution.status === 'succeeded' || execution.status === 'failed';

export const schema = WorkflowExecution;

export default defineTrigger({
  key: 'workflow_execution_completed',
  noun: 'Workflow Execution',
  display: {
    label: 'Workflow Execution Completed',
    description: 'Triggers when a workflow run finishes (succeeded or failed) in Serebro AI.',
  },
  operation: {
    inputFields,
    ...restHook<WorkflowExecution>({
      event: 'workflow.execution.completed',
      list: async (z, bundle) =>
        (
          await listPage<WorkflowExecution>(z, bundle, '/workflow-executions', {
            workflowId: bundle.inputData.workflowId as string | undefined,
            status: bundle.inputData.status as string | undefined,
            limit: 25,
          })
        ).items,
      matches: (execution, bundle) =>
        finished(execution) &&
        sameOrUnset(bundle.inputData.workflowId, execution.workflowId) &&
        sameOrUnset(bundle.inputData.status, execution.status),
    }),
    sample: executionSample,
    outputFields: executionOutputFields,
  },
});
