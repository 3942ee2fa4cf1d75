import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { WRITE_THROTTLE, sergioRequest } from '../client';
import { normaliseDate, normaliseTime } from '../datetime';
import { addressFrom } from '../fields';
import { Job, jobOutputFields, jobSample } from '../schemas';
import { clean, defineCreate, defineInputFields, invalidInput, recordOf, requireText } from '../../../../kit';

const inputFields = defineInputFields([
  {
    key: 'customer_id',
    label: 'Customer',
    required: true,
    dynamic: 'customer_list.id.name',
    search: 'find_customer.id',
    helpText: 'The customer the job is for. To use one from an earlier step by email or phone, add a Find Customer search.',
  },
  {
    key: 'service_type',
    label: 'Service Type',
    required: true,
    dynamic: 'service_type_list.id.name',
    helpText: 'What the crew will do, e.g. Exterior Windows.',
  },
  {
    key: 'scheduled_date',
    label: 'Scheduled Date',
    required: true,
    helpText: 'The day of the job, e.g. `2026-12-01`, `12/01/2026` (month first), `Dec 1, 2026` or a full date and time.',
  },
  {
    key: 'scheduled_time',
    label: 'Scheduled Time',
    required: true,
    helpText: 'When the crew arrives, in the customer\'s local time, e.g. `9:30 am` or `14:00`.',
  },
  { key: 'street', label: 'Street', required: true, helpText: 'The address of the job, e.g. `12 Analytical Way`.' },
  { key: 'city', label: 'City', required: true },
  { key: 'state', label: 'State', required: true },
  { key: 'zip', label: 'ZIP Code', required: true },
  { key: 'notes', label: 'Notes', type: 'text', required: false, helpText: 'Shown to the crew, e.g. gate codes or pets.' },
  {
    key: 'price_cents',
    label: 'Price (Cents)',
    type: 'integer',
    required: false,
    helpText: 'The quoted price in cents, e.g. `18500` for $185.00.',
  },
]);

/** A whole number of cents, 0 or more; undefined when empty. */
function priceCents(value: unknown): number | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!/^\d{1,12}$/.test(text)) return null;
  return Number(text);
}

const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  const customerId = requireText(z, input.customer_id, 'Customer');
  const serviceType = requireText(z, input.service_type, 'Service Type');

  const dateInput = requireText(z, input.scheduled_date, 'Scheduled Date');
  const scheduledDate = normaliseDate(dateInput);
  if (!scheduledDate) {
    invalidInput(z, `Scheduled Date "${dateInput}" is not a real date. Use a date such as 2026-12-01, 12/01/2026 or Dec 1, 2026.`);
  }
  const timeInput = requireText(z, input.scheduled_time, 'Scheduled Time');
  const scheduledTime = normaliseTime(timeInput);
  if (!scheduledTime) {
    invalidInput(z, `Scheduled Time "${timeInput}" is not a time of day. Use a time such as 9:30 am or 14:00.`);
  }

  const address = addressFrom(z, input, false);
  const price = priceCents(input.price_cents);
  if (price === null) {
    invalidInput(z, `Price (Cents) "${String(input.price_cents)}" is not a whole number of cents, 0 or more (e.g. 18500 for $185.00).`);
  }

  return sergioRequest(z, bundle, {
    method: 'POST',
    path: '/actions/create-job',
    shape: recordOf(Job),
    body: {
      customer_id: customerId,
      service_type: serviceType,
      scheduled_date: scheduledDate,
      scheduled_time: scheduledTime,
      address,
      notes: clean(input.notes),
      price_cents: price,
    },
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Job;

export default defineCreate({
  key: 'create_job',
  noun: 'Job',
  display: {
    label: 'Create Job',
    description: 'Creates a scheduled job for a customer in Sergio.',
  },
  operation: {
    inputFields,
    perform,
    throttle: WRITE_THROTTLE,
    sample: jobSample,
    outputFields: jobOutputFields,
  },
});
