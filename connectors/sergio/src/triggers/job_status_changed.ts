import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { sergioHook } from '../hooks';
import { JOB_STATUSES, StatusChange, statusChangeOutputFields, statusChangeSample } from '../schemas';

const STATUS_LABELS: Record<(typeof JOB_STATUSES)[number], string> = {
  scheduled: 'Scheduled',
  in_progress: 'In Progress',
  completed: 'Completed',
  canceled: 'Canceled',
};

const inputFields = defineInputFields([
  {
    key: 'status',
    label: 'To Status',
    required: false,
    choices: JOB_STATUSES.map((value) => ({ value, sample: value, label: STATUS_LABELS[value] })),
    helpText: 'Only trigger when a job moves to this status, e.g. Completed to send a thank-you. Leave empty for every change.',
  },
]);

export const schema = StatusChange;

export default defineTrigger({
  key: 'job_status_changed',
  noun: 'Job',
  display: {
    label: 'Job Status Changed',
    description: 'Triggers when a job moves to another status (scheduled, in progress, completed or canceled), optionally only to one status.',
  },
  operation: {
    inputFields,
    ...sergioHook({
      event: 'job.status_changed',
      item: recordOf(StatusChange),
      listPath: '/triggers/job-status-changed',
      listLimit: 100,
      filters: { status: 'status' },
    }),
    sample: statusChangeSample,
    outputFields: statusChangeOutputFields,
  },
});
