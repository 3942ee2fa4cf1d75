import * as z from 'zod/mini';
import { outputFieldsFrom, passthroughOutputFields, passthroughSchema } from '../../../kit';

/** Serebro AI v2 resources (docs/apis.md §1.3): types, samples and output fields all come from here. */
const timestamp = () => z.iso.datetime({ offset: true });
const text = () => z.nullable(z.string());

/** One custom-field value on a record: numbers, YYYY-MM-DD dates, one option or a list of options, text. */
export const CustomFieldValue = z.object({
  id: z.string(),
  value: z.nullable(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

export const Contact = z.object({
  id: z.string(),
  locationId: z.string(),
  firstName: text(),
  lastName: text(),
  name: text(),
  email: text(),
  phone: text(),
  companyName: text(),
  source: text(),
  tags: z.array(z.string()),
  address1: text(),
  city: text(),
  state: text(),
  postalCode: text(),
  country: text(),
  timezone: text(),
  dnd: z.boolean(),
  customFields: z.array(CustomFieldValue),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Contact = z.infer<typeof Contact>;

export const Appointment = z.object({
  id: z.string(),
  locationId: z.string(),
  contactId: z.string(),
  serviceId: z.string(),
  staffId: z.string(),
  title: text(),
  notes: text(),
  status: z.enum(['booked', 'canceled', 'completed']),
  startTime: timestamp(),
  endTime: timestamp(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Appointment = z.infer<typeof Appointment>;

export const Opportunity = z.object({
  id: z.string(),
  locationId: z.string(),
  name: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  contactId: z.string(),
  monetaryValue: z.nullable(z.number()),
  status: z.enum(['open', 'won', 'lost', 'abandoned']),
  customFields: z.array(CustomFieldValue),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Opportunity = z.infer<typeof Opportunity>;

/** What Create or Update Contact returns: the contact, and whether the upsert created it. */
export const UpsertedContact = z.extend(Contact, { new: z.boolean() });
export type UpsertedContact = z.infer<typeof UpsertedContact>;

/** A contact's tags after Add Tags or Remove Tags (the contact's id, so that the step has one). */
export const ContactTags = z.object({ id: z.string(), tags: z.array(z.string()) });
export type ContactTags = z.infer<typeof ContactTags>;

/** One of the Location's tags (docs/apis.md §1.3a). */
export const Tag = z.object({ id: z.string(), name: z.string() });
export type Tag = z.infer<typeof Tag>;

/** A custom field of the Location (docs/apis.md §1.3a); options only for the option types. */
export const CustomField = z.object({
  id: z.string(),
  name: z.string(),
  fieldKey: z.string(),
  model: z.enum(['contact', 'opportunity']),
  dataType: z.enum(['TEXT', 'LARGE_TEXT', 'NUMERICAL', 'MONETARY', 'DATE', 'CHECKBOX', 'SINGLE_OPTIONS', 'MULTIPLE_OPTIONS', 'PHONE', 'EMAIL']),
  picklistOptions: z.optional(z.array(z.string())),
});
export type CustomField = z.infer<typeof CustomField>;

export const Stage = z.object({ id: z.string(), name: z.string(), position: z.number() });
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z.object({ id: z.string(), name: z.string(), stages: z.array(Stage) });
export type Pipeline = z.infer<typeof Pipeline>;

export const Workflow = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'published']),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Workflow = z.infer<typeof Workflow>;

export const WorkflowExecution = z.object({
  id: z.string(),
  workflowId: z.string(),
  contactId: z.nullable(z.string()),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  startedAt: z.optional(z.nullable(timestamp())),
  finishedAt: z.optional(z.nullable(timestamp())),
  error: z.optional(z.nullable(z.string())),
  createdAt: timestamp(),
});
export type WorkflowExecution = z.infer<typeof WorkflowExecution>;

export const Service = z.object({ id: z.string(), name: z.string(), durationMinutes: z.optional(z.number()) });
export type Service = z.infer<typeof Service>;

export const Staff = z.object({ id: z.string(), name: z.string(), email: z.optional(z.nullable(z.string())) });
export type Staff = z.infer<typeof Staff>;

export const Location = z.object({ id: z.string(), name: z.string() });
export type Location = z.infer<typeof Location>;

export const Me = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  user_type: z.enum(['Location', 'Company']),
  location: z.nullable(Location),
  company: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;

export const Subscription = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  secret: z.string(),
  createdAt: timestamp(),
});
export type Subscription = z.infer<typeof Subscription>;

/** A subscription as `GET /webhooks` lists it: without its secret, with the Location it delivers from. */
export const ListedSubscription = z.extend(z.pick(Subscription, { id: true, url: true }), { locationId: z.optional(z.string()) });
export type ListedSubscription = z.infer<typeof ListedSubscription>;

/** A webhook delivery's body (docs/apis.md §1.3). */
export interface Delivery<T> {
  id: string;
  type: string;
  createdAt: string;
  locationId: string;
  data: T;
}

export interface ListEnvelope<T> {
  data: T[];
  meta?: { nextCursor?: string | null };
}

// ---- samples: what the API returns, checked against the schemas by a test ------------------
export const contactSample: Contact = {
  id: 'ct_3f9a2c7d81b04e65',
  locationId: 'loc_6b1e0c9d2a7f4438',
  firstName: 'Maya',
  lastName: 'Lopez',
  name: 'Maya Lopez',
  email: 'maya.lopez@example.com',
  phone: '+13125550101',
  companyName: 'Lopez Design Studio',
  source: 'Zapier',
  tags: ['vip', 'newsletter'],
  address1: '233 S Wacker Dr',
  city: 'Chicago',
  state: 'IL',
  postalCode: '60606',
  country: 'US',
  timezone: 'America/Chicago',
  dnd: false,
  customFields: [{ id: 'cf_referral_source', value: 'Instagram' }],
  createdAt: '2026-11-24T18:00:00Z',
  updatedAt: '2026-11-24T18:00:00Z',
};

export const appointmentSample: Appointment = {
  id: 'apt_8c2d5e1f0a9b4c37',
  locationId: 'loc_6b1e0c9d2a7f4438',
  contactId: 'ct_3f9a2c7d81b04e65',
  serviceId: 'svc_1d4e7a0b3c6f9e28',
  staffId: 'stf_5a8b1c4d7e0f3a69',
  title: 'Initial Consultation',
  notes: 'First visit; prefers morning slots.',
  status: 'booked',
  startTime: '2026-12-01T15:00:00Z',
  endTime: '2026-12-01T15:45:00Z',
  createdAt: '2026-11-24T18:05:00Z',
  updatedAt: '2026-11-24T18:05:00Z',
};

export const opportunitySample: Opportunity = {
  id: 'opp_2b5c8d1e4f7a0b36',
  locationId: 'loc_6b1e0c9d2a7f4438',
  name: 'Maya Lopez – Annual Membership',
  pipelineId: 'pl_9e2f5a8b1c4d7e03',
  stageId: 'stg_7c0d3e6f9a2b5c81',
  contactId: 'ct_3f9a2c7d81b04e65',
  monetaryValue: 1200,
  status: 'open',
  customFields: [{ id: 'cf_deal_source', value: 'Referral' }],
  createdAt: '2026-11-24T18:10:00Z',
  updatedAt: '2026-11-25T09:30:00Z',
};

export const pipelineSample: Pipeline = {
  id: 'pl_9e2f5a8b1c4d7e03',
  name: 'New Patient Pipeline',
  stages: [
    { id: 'stg_4a7b0c3d6e9f2a15', name: 'New Lead', position: 0 },
    { id: 'stg_7c0d3e6f9a2b5c81', name: 'Contacted', position: 1 },
  ],
};

export const stageSample: Stage = { id: 'stg_7c0d3e6f9a2b5c81', name: 'Contacted', position: 1 };

export const workflowSample: Workflow = {
  id: 'wf_0f3a6b9c2d5e8f14',
  name: 'Welcome New Contact',
  status: 'published',
  createdAt: '2026-11-01T10:40:00Z',
  updatedAt: '2026-11-01T10:40:00Z',
};

export const executionSample: WorkflowExecution = {
  id: 'wfx_6d9e2f5a8b1c4d70',
  workflowId: 'wf_0f3a6b9c2d5e8f14',
  contactId: 'ct_3f9a2c7d81b04e65',
  status: 'succeeded',
  startedAt: '2026-11-24T18:20:01Z',
  finishedAt: '2026-11-24T18:20:03Z',
  error: null,
  createdAt: '2026-11-24T18:20:00Z',
};

export const upsertedContactSample: UpsertedContact = { ...contactSample, new: true };
export const contactTagsSample: ContactTags = { id: contactSample.id, tags: ['vip', 'newsletter', 'webinar-2026'] };
export const tagSample: Tag = { id: 'tag_4e7a0b3c6f9e2d15', name: 'vip' };
export const canceledAppointmentSample: Appointment = { ...appointmentSample, status: 'canceled', updatedAt: '2026-11-26T08:15:00Z' };

export const serviceSample: Service = { id: 'svc_1d4e7a0b3c6f9e28', name: 'Initial Consultation', durationMinutes: 45 };
export const staffSample: Staff = { id: 'stf_5a8b1c4d7e0f3a69', name: 'Dr. Sam Patel', email: 'sam.patel@example.com' };
export const locationSample: Location = { id: 'loc_6b1e0c9d2a7f4438', name: 'Northwind Downtown Clinic' };

/** One item each operation returns, for the cross-connector sample check. */
/** What API Request returns: the status, Serebro's five rate-limit headers and the type, the answer's JSON. */
export const ApiResponse = passthroughSchema([
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-max',
  'x-ratelimit-remaining',
]);
export type ApiResponse = z.infer<typeof ApiResponse>;
export const apiResponseSample: ApiResponse = {
  id: contactSample.id,
  status: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'x-ratelimit-limit-daily': '200000',
    'x-ratelimit-daily-remaining': '199874',
    'x-ratelimit-interval-milliseconds': '10000',
    'x-ratelimit-max': '100',
    'x-ratelimit-remaining': '99',
  },
  data: contactSample,
};
export const apiResponseOutputFields = passthroughOutputFields(ApiResponse);


export const contactOutputFields = outputFieldsFrom(Contact, { dnd: 'Do Not Disturb', address1: 'Address' });
export const upsertedContactOutputFields = outputFieldsFrom(UpsertedContact, {
  dnd: 'Do Not Disturb',
  address1: 'Address',
  new: 'Created (not Updated)',
});
export const contactTagsOutputFields = outputFieldsFrom(ContactTags, { id: 'Contact ID' });
export const tagOutputFields = outputFieldsFrom(Tag);
export const appointmentOutputFields = outputFieldsFrom(Appointment);
export const opportunityOutputFields = outputFieldsFrom(Opportunity);
export const executionOutputFields = outputFieldsFrom(WorkflowExecution);
export const workflowOutputFields = outputFieldsFrom(Workflow);
export const pipelineOutputFields = outputFieldsFrom(Pipeline);
export const stageOutputFields = outputFieldsFrom(Stage);
export const serviceOutputFields = outputFieldsFrom(Service);
export const staffOutputFields = outputFieldsFrom(Staff);
export const locationOutputFields = outputFieldsFrom(Location);
