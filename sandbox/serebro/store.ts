import type { IdSource } from '../core/ids';
import type {
  AccessToken,
  Appointment,
  AuthorizationCode,
  Client,
  Company,
  Contact,
  CustomField,
  CustomFieldModel,
  CustomFieldValue,
  DataType,
  Location,
  Opportunity,
  Pipeline,
  RefreshToken,
  Service,
  Staff,
  Subscription,
  Tag,
  User,
  Workflow,
  WorkflowExecution,
} from './model';

export * from './model';

/** Seed timestamps are fixed so that ids, data and transcripts repeat from run to run. */
const SEED_TIME = Date.parse('2026-11-01T09:00:00Z');
const at = (minutes: number) => new Date(SEED_TIME + minutes * 60_000).toISOString();

/** Every Location's custom fields: each model has one field of every data type. */
const CUSTOM_FIELDS: Array<[CustomFieldModel, string, string, DataType, string[]?]> = [
  ['contact', 'Lead Score', 'lead_score', 'NUMERICAL'],
  ['contact', 'Preferred Contact Method', 'preferred_contact_method', 'SINGLE_OPTIONS', ['Email', 'Phone', 'SMS']],
  ['contact', 'Interests', 'interests', 'MULTIPLE_OPTIONS', ['Massage Therapy', 'Physiotherapy', 'Nutrition', 'Yoga']],
  ['contact', 'Birthday', 'birthday', 'DATE'],
  ['contact', 'Newsletter', 'newsletter', 'CHECKBOX', ['Weekly Tips', 'Monthly Offers']],
  ['contact', 'Insurance Provider', 'insurance_provider', 'TEXT'],
  ['contact', 'Intake Notes', 'intake_notes', 'LARGE_TEXT'],
  ['contact', 'Lifetime Value', 'lifetime_value', 'MONETARY'],
  ['contact', 'Emergency Contact Phone', 'emergency_contact_phone', 'PHONE'],
  ['contact', 'Work Email', 'work_email', 'EMAIL'],
  ['opportunity', 'Deal Source', 'deal_source', 'SINGLE_OPTIONS', ['Website', 'Referral', 'Walk-in', 'Event']],
  ['opportunity', 'Services Discussed', 'services_discussed', 'MULTIPLE_OPTIONS', ['Massage Therapy', 'Physiotherapy', 'Nutrition', 'Yoga']],
  ['opportunity', 'Expected Close Date', 'expected_close_date', 'DATE'],
  ['opportunity', 'Win Probability', 'win_probability', 'NUMERICAL'],
  ['opportunity', 'Deposit Amount', 'deposit_amount', 'MONETARY'],
  ['opportunity', 'Campaign', 'campaign', 'TEXT'],
  ['opportunity', 'Proposal Notes', 'proposal_notes', 'LARGE_TEXT'],
  ['opportunity', 'Follow-up Channels', 'follow_up_channels', 'CHECKBOX', ['Email', 'Phone', 'SMS']],
  ['opportunity', 'Billing Phone', 'billing_phone', 'PHONE'],
  ['opportunity', 'Billing Email', 'billing_email', 'EMAIL'],
];

const SEED_TAGS = ['vip', 'newsletter', 'new-patient', 'referral', 'membership'];

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
  readonly customFields: CustomField[] = [];
  readonly tags: Tag[] = [];
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
    for (const [model, name, key, dataType, picklistOptions] of CUSTOM_FIELDS) {
      this.customFields.push({
        id: this.ids.next('cf'),
        locationId: location.id,
        name,
        fieldKey: `${model}.${key}`,
        model,
        dataType,
        ...(picklistOptions ? { picklistOptions } : {}),
      });
    }
    this.rememberTags(location.id, SEED_TAGS);
    const field = (fieldKey: string) => this.customFields.find((f) => f.locationId === location.id && f.fieldKey === fieldKey)?.id as string;
    const people: Array<[string, string, string, string, string[], CustomFieldValue[]]> = [
      [
        'Maya',
        'Lopez',
        'maya.lopez@example.com',
        '+13125550101',
        ['vip', 'newsletter'],
        [
          { id: field('contact.lead_score'), value: 85 },
          { id: field('contact.preferred_contact_method'), value: 'Email' },
          { id: field('contact.interests'), value: ['Massage Therapy', 'Nutrition'] },
        ],
      ],
      ['Jordan', 'Kim', 'jordan.kim@example.com', '+13125550102', ['newsletter'], [{ id: field('contact.lead_score'), value: 40 }]],
      ['Priya', 'Shah', 'priya.shah@example.com', '+13125550103', [], []],
    ];
    people.forEach(([firstName, lastName, email, phone, tags, customFields], i) => {
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
        customFields,
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

  /** Adds to the Location's tag list the tags it does not hold yet (tags are lower-case already). */
  rememberTags(locationId: string, names: string[]): void {
    for (const name of names) {
      if (!this.tags.some((tag) => tag.locationId === locationId && tag.name === name)) {
        this.tags.push({ id: this.ids.next('tag'), locationId, name });
      }
    }
  }

  customFieldsOf(locationId: string, model: CustomFieldModel): CustomField[] {
    return this.customFields.filter((field) => field.locationId === locationId && field.model === model);
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
