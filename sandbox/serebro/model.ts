/** Resource shapes as the v2 API returns them (docs/apis.md §1.3, §1.3a), and what OAuth grants. */
export interface Company {
  id: string;
  name: string;
}

export interface Location {
  id: string;
  companyId: string;
  name: string;
  timezone: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
}

export const DATA_TYPES = [
  'TEXT',
  'LARGE_TEXT',
  'NUMERICAL',
  'MONETARY',
  'DATE',
  'CHECKBOX',
  'SINGLE_OPTIONS',
  'MULTIPLE_OPTIONS',
  'PHONE',
  'EMAIL',
] as const;
export type DataType = (typeof DATA_TYPES)[number];
export type CustomFieldModel = 'contact' | 'opportunity';

/** A custom field of a Location (docs/apis.md §1.3a); `picklistOptions` only for the option types. */
export interface CustomField {
  id: string;
  locationId: string;
  name: string;
  /** `contact.lead_score`, `opportunity.deal_source`. */
  fieldKey: string;
  model: CustomFieldModel;
  dataType: DataType;
  picklistOptions?: string[];
}

/** A value as stored and returned: numbers, `YYYY-MM-DD`, option strings, or lists of options. */
export interface CustomFieldValue {
  id: string;
  value: string | number | string[];
}

/** A tag of a Location (`GET /v2/tags`); tags are lower-case. */
export interface Tag {
  id: string;
  locationId: string;
  name: string;
}

export interface Contact {
  id: string;
  locationId: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  source: string | null;
  tags: string[];
  address1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  timezone: string | null;
  dnd: boolean;
  customFields: CustomFieldValue[];
  createdAt: string;
  updatedAt: string;
}

export interface Stage {
  id: string;
  name: string;
  position: number;
}

export interface Pipeline {
  id: string;
  locationId: string;
  name: string;
  stages: Stage[];
}

export type OpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned';

export interface Opportunity {
  id: string;
  locationId: string;
  name: string;
  pipelineId: string;
  stageId: string;
  contactId: string;
  monetaryValue: number | null;
  status: OpportunityStatus;
  customFields: CustomFieldValue[];
  createdAt: string;
  updatedAt: string;
}

export interface Service {
  id: string;
  locationId: string;
  name: string;
  durationMinutes: number;
}

export interface Staff {
  id: string;
  locationId: string;
  name: string;
  email: string;
}

export interface Appointment {
  id: string;
  locationId: string;
  contactId: string;
  serviceId: string;
  staffId: string;
  title: string | null;
  notes: string | null;
  status: 'booked' | 'canceled' | 'completed';
  startTime: string;
  endTime: string;
  createdAt: string;
  updatedAt: string;
}

export interface Workflow {
  id: string;
  locationId: string;
  name: string;
  status: 'draft' | 'published';
  /** Sandbox behaviour: the run fails when started without a contact. */
  needsContact: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowExecution {
  id: string;
  locationId: string;
  workflowId: string;
  contactId: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  createdAt: string;
}

export const EVENTS = [
  'contact.created',
  'contact.updated',
  'appointment.booked',
  'appointment.canceled',
  'opportunity.created',
  'opportunity.stage_changed',
  'workflow.execution.completed',
] as const;
export type EventType = (typeof EVENTS)[number];

export interface Subscription {
  id: string;
  clientId: string;
  locationId: string;
  url: string;
  events: EventType[];
  secret: string;
  createdAt: string;
}

// The connector asks for the same list (connectors/serebro/src/authentication.ts): the sandbox stands for the service and shares no code with it.
export const SCOPES = [
  'contacts:read',
  'contacts:write',
  'opportunities:read',
  'opportunities:write',
  'appointments:read',
  'appointments:write',
  'workflows:read',
  'workflows:write',
  'webhooks:read',
  'webhooks:write',
] as const;

/** What a code, an access token and a refresh token grant. */
export interface Grant {
  clientId: string;
  userId: string;
  userType: 'Location' | 'Company';
  companyId: string;
  locationId: string | null;
  scopes: string[];
}

export interface AuthorizationCode extends Grant {
  code: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
  /** Tokens issued from this code: revoked if the code is replayed (RFC 6749 §4.1.2). */
  issued: string[];
}

export interface AccessToken extends Grant {
  token: string;
  expiresAt: number;
}

export interface RefreshToken extends Grant {
  token: string;
}

export interface Client {
  clientId: string;
  clientSecret: string;
  name: string;
}

