import * as z from 'zod/mini';
import { outputFieldsFrom, passthroughOutputFields, passthroughSchema } from '../../../kit';

/** Sergio's Zapier API resources (docs/apis.md §2.1): types, samples and output fields all come from here. */
const timestamp = () => z.iso.datetime({ offset: true });
const text = () => z.nullable(z.string());

export const JOB_STATUSES = ['scheduled', 'in_progress', 'completed', 'canceled'] as const;

export const Address = z.object({
  street: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
});
export type Address = z.infer<typeof Address>;

export const Job = z.object({
  id: z.string(),
  number: z.int(),
  status: z.enum(JOB_STATUSES),
  service_type: z.string(),
  scheduled_date: z.string(),
  scheduled_time: z.string(),
  customer: z.object({ id: z.string(), name: z.string(), email: text(), phone: text() }),
  address: Address,
  notes: text(),
  price_cents: z.nullable(z.int()),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export type Job = z.infer<typeof Job>;

/**
 * One status change, as `GET /triggers/job-status-changed` lists it and as the `job.status_changed`
 * delivery carries it in `data`: the job after the change, with where it came from. Its `id`
 * (`<job id>-<status>-<n>`) is unique per change, so Zapier deduplicates changes, not jobs.
 */
export const StatusChange = z.object({
  id: z.string(),
  job: Job,
  previous_status: z.enum(JOB_STATUSES),
  status: z.enum(JOB_STATUSES),
  changed_at: timestamp(),
});
export type StatusChange = z.infer<typeof StatusChange>;

export const Customer = z.object({
  id: z.string(),
  name: z.string(),
  email: text(),
  phone: text(),
  address: z.nullable(Address),
  created_at: timestamp(),
});
export type Customer = z.infer<typeof Customer>;

/** A dropdown choice from `/options/*`. */
export const Option = z.object({ id: z.string(), name: z.string() });
export type Option = z.infer<typeof Option>;

export interface OptionsPage {
  data: Option[];
  next_cursor: string | null;
}

export const Me = z.object({
  company: z.object({ id: z.string(), name: z.string() }),
  key: z.object({ id: z.string(), label: z.string(), scopes: z.array(z.string()) }),
});
export type Me = z.infer<typeof Me>;

export interface Subscription {
  id: string;
  event: string;
  target_url: string;
  secret: string;
}

/** A webhook delivery's body: `data` is a job (`job.created`) or a status change (`job.status_changed`). */
export interface Delivery<T> {
  id: string;
  event: string;
  created_at: string;
  data: T;
}

export const jobSample: Job = {
  id: 'job_8f2c1a9e4b7d3c60',
  number: 1042,
  status: 'scheduled',
  service_type: 'exterior_windows',
  scheduled_date: '2026-12-01',
  scheduled_time: '09:30',
  customer: { id: 'cus_3b9e2f7a1c5d8e40', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 415 555 0101' },
  address: { street: '12 Analytical Way', city: 'Portland', state: 'OR', zip: '97201' },
  notes: 'Side gate code 4321.',
  price_cents: 18500,
  created_at: '2026-11-24T18:00:00Z',
  updated_at: '2026-11-24T18:00:00Z',
};

export const statusChangeSample: StatusChange = {
  id: 'job_8f2c1a9e4b7d3c60-completed-2',
  job: { ...jobSample, status: 'completed', updated_at: '2026-12-01T11:15:00Z' },
  previous_status: 'in_progress',
  status: 'completed',
  changed_at: '2026-12-01T11:15:00Z',
};

export const customerSample: Customer = {
  id: 'cus_3b9e2f7a1c5d8e40',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+1 415 555 0101',
  address: { street: '12 Analytical Way', city: 'Portland', state: 'OR', zip: '97201' },
  created_at: '2026-11-24T18:00:00Z',
};

export const customerOptionSample: Option = { id: 'cus_3b9e2f7a1c5d8e40', name: 'Ada Lovelace' };
export const serviceTypeSample: Option = { id: 'exterior_windows', name: 'Exterior Windows' };

const labels = {
  number: 'Job Number',
  service_type: 'Service Type',
  price_cents: 'Price (Cents)',
  zip: 'ZIP Code',
  address__zip: 'Address ZIP Code',
  job__address__zip: 'Job Address ZIP Code',
  job__number: 'Job Number',
  job__price_cents: 'Job Price (Cents)',
};

export const jobOutputFields = outputFieldsFrom(Job, labels);
export const statusChangeOutputFields = outputFieldsFrom(StatusChange, labels);
export const customerOutputFields = outputFieldsFrom(Customer, labels);
export const optionOutputFields = outputFieldsFrom(Option);

/** What API Request returns: the status, the content type, the answer's JSON (Sergio sends rate-limit headers only with a 429). */
export const ApiResponse = passthroughSchema([]);
export type ApiResponse = z.infer<typeof ApiResponse>;
export const apiResponseSample: ApiResponse = {
  id: customerSample.id,
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  data: customerSample,
};
export const apiResponseOutputFields = passthroughOutputFields(ApiResponse);

