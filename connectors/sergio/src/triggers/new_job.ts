import { defineTrigger, recordOf } from '../../../../kit';
import { sergioHook } from '../hooks';
import { Job, jobOutputFields, jobSample } from '../schemas';

export const schema = Job;

export default defineTrigger({
  key: 'new_job',
  noun: 'Job',
  display: {
    label: 'New Job',
    description: 'Triggers when a job is booked in Sergio.',
  },
  operation: {
    ...sergioHook({ event: 'job.created', item: recordOf(Job), listPath: '/triggers/new-job', listLimit: 10 }),
    sample: jobSample,
    outputFields: jobOutputFields,
  },
});
