import type { IdSource } from '../core/ids';

/** Resource shapes as the v2 API returns them (contract §1.3). */
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

export interface CustomFieldValue {
  id: string;
  value: string | number | boolean | null;
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

/** Seed timestamps are fixed so that ids, data and transcripts repeat from run to run. */
const SEED_TIME = Date.parse('2026-11-01T09:00:00Z');
const at = (minutes: number) => new Date(SEED_TIME + minutes * 60_000).toISOString();

export class SerebroStore {
  readonly company: Company;
  readonly locations: Location[];
  readonly user: User;
  readonly client: Client;
  readonly contacts: Contact[] = [];
  readonly pipelines: Pipeline[] = [];
  readonly opportunities: Opportunity[] = [];
  readonly services: Service[] = [];
  readonly staff: Staff[] = [];
  readonly appointments: Appointment[] = [];
  readonly workflows: Workflow[] = [];
  readonly executions: WorkflowExecution[] = [];
  readonly subscriptions: Subscription[] = [];
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  private tokenCount = 0;

  constructor(readonly ids: IdSource) {
    this.company = { id: ids.next('co'), name: 'Northwind Wellness Group' };
    this.locations = [
      { id: ids.next('loc'), companyId: this.company.id, name: 'Northwind Downtown Clinic', timezone: 'America/Chicago' },
      { id: ids.next('loc'), companyId: this.company.id, name: 'Northwind Lakeside Studio', timezone: 'America/Chicago' },
    ];
    this.user = { id: ids.next('usr'), name: 'Alex Rivera', email: 'alex.rivera@northwind-wellness.example' };
    this.client = {
      clientId: `${ids.next('client')}.apps.serebro.ai`,
      clientSecret: `sk_client_${ids.secret('serebro-client-secret', 40)}`,
      name: 'Zapier',
    };
    this.locations.forEach((location, index) => this.seedLocation(location, index));
  }

  private seedLocation(location: Location, index: number): void {
    const base = index * 1000;
    const people: Array<[string, string, string, string, string[]]> = [
      ['Maya', 'Lopez', 'maya.lopez@example.com', '+13125550101', ['vip', 'newsletter']],
      ['Jordan', 'Kim', 'jordan.kim@example.com', '+13125550102', ['newsletter']],
      ['Priya', 'Shah', 'priya.shah@example.com', '+13125550103', []],
    ];
    people.forEach(([firstName, lastName, email, phone, tags], i) => {
      this.contacts.push({
        id: this.ids.next('ct'),
        locationId: location.id,
        firstName,
        lastName,
        name: `${firstName} ${lastName}`,
        email: index === 0 ? email : email.replace('@', `+${index}@`),
        phone,
        companyName: null,
        source: 'seed',
        tags,
        address1: null,
        city: 'Chicago',
        state: 'IL',
        postalCode: null,
        country: 'US',
        timezone: location.timezone,
        dnd: false,
        customFields: [],
        createdAt: at(base + i * 10),
        updatedAt: at(base + i * 10),
      });
    });
    const stageNames = ['New Lead', 'Contacted', 'Consultation Booked', 'Proposal Sent', 'Closed'];
    this.pipelines.push({
      id: this.ids.next('pl'),
      locationId: location.id,
      name: 'New Patient Pipeline',
      stages: stageNames.map((name, position) => ({ id: this.ids.next('stg'), name, position })),
    });
    this.pipelines.push({
      id: this.ids.next('pl'),
      locationId: location.id,
      name: 'Membership Renewals',
      stages: ['Due', 'Reminded', 'Renewed'].map((name, position) => ({ id: this.ids.next('stg'), name, position })),
    });
    for (const [name, durationMinutes] of [
      ['Initial Consultation', 45],
      ['Follow-up Visit', 30],
      ['Massage Therapy', 60],
    ] as const) {
      this.services.push({ id: this.ids.next('svc'), locationId: location.id, name, durationMinutes });
    }
    for (const [name, email] of [
      ['Dr. Sam Patel', 'sam.patel@northwind-wellness.example'],
      ['Riley Chen', 'riley.chen@northwind-wellness.example'],
    ] as const) {
      this.staff.push({ id: this.ids.next('stf'), locationId: location.id, name, email });
    }
    const workflows: Array<[string, Workflow['status'], boolean]> = [
      ['Welcome New Contact', 'published', false],
      ['Appointment Reminder Sequence', 'published', true],
      ['Win-back Campaign (draft)', 'draft', false],
    ];
    workflows.forEach(([name, status, needsContact], i) => {
      this.workflows.push({
        id: this.ids.next('wf'),
        locationId: location.id,
        name,
        status,
        needsContact,
        createdAt: at(base + 100 + i),
        updatedAt: at(base + 100 + i),
      });
    });
  }

  issueToken(kind: 'access' | 'refresh' | 'code'): string {
    this.tokenCount += 1;
    const prefix = kind === 'access' ? 'sat' : kind === 'refresh' ? 'srt' : 'sac';
    return `${prefix}_${this.ids.secret(`${kind}:${this.tokenCount}`, 40)}`;
  }

  location(id: string): Location | undefined {
    return this.locations.find((location) => location.id === id);
  }

  summary() {
    const count = <T extends { locationId: string }>(items: T[]) =>
      Object.fromEntries(this.locations.map((l) => [l.id, items.filter((item) => item.locationId === l.id).length]));
    return {
      company: this.company,
      locations: this.locations,
      contacts: count(this.contacts),
      opportunities: count(this.opportunities),
      appointments: count(this.appointments),
      executions: this.executions.map(({ id, workflowId, status }) => ({ id, workflowId, status })),
      subscriptions: this.subscriptions.map(({ id, locationId, url, events }) => ({ id, locationId, url, events })),
      accessTokens: this.accessTokens.size,
      refreshTokens: this.refreshTokens.size,
    };
  }
}
