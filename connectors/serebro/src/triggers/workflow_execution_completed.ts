import { locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHook } from '../hooks';
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
    ...serebroHook({
      event: 'workflow.execution.completed',
      item: recordOf(WorkflowExecution),
      listPath: '/workflow-executions',
      listQuery: { limit: 25 },
      filters: { workflowId: 'workflowId', status: 'status' },
      matches: finished,
    }),
    sample: executionSample,
    outputFields: executionOutputFields,
  },
});
