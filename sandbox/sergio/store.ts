import { ApiError, invalid, notFound } from '../core/errors';
import type { IdSource } from '../core/ids';

/**
 * Sergio's in-memory data (docs/apis.md §2): one company, its API keys and users, customers,
 * service types, jobs and their status history. The Zapier API (`/zapier/v1`) and the main
 * API (`/v1`) both read and write this one store, so a job made through either is seen by both.
 */
export const JOB_STATUSES = ['scheduled', 'in_progress', 'completed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Moves a job may make: a finished or canceled job stays so. */
const NEXT_STATUSES: Record<JobStatus, JobStatus[]> = {
  scheduled: ['in_progress', 'completed', 'canceled'],
  in_progress: ['scheduled', 'completed', 'canceled'],
  completed: [],
  canceled: [],
};

export interface Address {
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: Address | null;
  created_at: string;
}

export interface Job {
  id: string;
  number: number;
  status: JobStatus;
  service_type: string;
  scheduled_date: string;
  scheduled_time: string;
  customer: { id: string; name: string; email: string | null; phone: string | null };
  address: Address;
  notes: string | null;
  price_cents: number | null;
  created_at: string;
  updated_at: string;
}

export interface StatusChange {
  id: string;
  job: Job;
  previous_status: JobStatus;
  status: JobStatus;
  changed_at: string;
}

export interface ApiKey {
  id: string;
  key: string;
  label: string;
  scopes: string[];
  revoked: boolean;
}

export interface Subscription {
  id: string;
  event: 'job.created' | 'job.status_changed';
  target_url: string;
  secret: string;
  key_id: string;
  created_at: string;
}

export interface User {
  id: string;
  email: string;
  password: string;
  name: string;
}

export const SERVICE_TYPES = [
  { id: 'exterior_windows', name: 'Exterior Windows' },
  { id: 'interior_windows', name: 'Interior Windows' },
  { id: 'interior_exterior_windows', name: 'Interior & Exterior Windows' },
  { id: 'screen_cleaning', name: 'Screen Cleaning' },
  { id: 'gutter_cleaning', name: 'Gutter Cleaning' },
  { id: 'pressure_washing', name: 'Pressure Washing' },
];

export const KEY_SCOPES = ['jobs:read', 'jobs:write', 'customers:read', 'customers:write', 'webhooks:write'];

export interface NewJob {
  customer_id: string;
  service_type: string;
  scheduled_date: string;
  scheduled_time: string;
  address: Address;
  notes: string | null;
  price_cents: number | null;
}

export interface NewCustomer {
  name: string;
  email: string | null;
  phone: string | null;
  address: Address | null;
}

const digits = (phone: string) => phone.replace(/\D/g, '');

export class SergioStore {
  readonly company: { id: string; name: string };
  readonly keys: ApiKey[] = [];
  readonly users: User[] = [];
  /** Newest last; lists reverse them (newest first, docs/apis.md §0). */
  readonly customers: Customer[] = [];
  readonly jobs: Job[] = [];
  readonly changes: StatusChange[] = [];
  readonly subscriptions = new Map<string, Subscription>();
  private nextJobNumber = 1001;

  /** Called after a job is created or changes status (the service dispatches webhooks from here). */
  onJobCreated: (job: Job) => void = () => undefined;
  onStatusChanged: (change: StatusChange) => void = () => undefined;

  constructor(
    private readonly ids: IdSource,
    /** The service's clock (the admin clock endpoint moves it, for token expiry tests). */
    readonly now: () => Date,
  ) {
    this.company = { id: ids.next('co'), name: 'Sparkle Window Cleaning Co.' };
    this.keys.push(
      { id: ids.next('key'), key: `sk_live_${ids.secret('sergio-live-key', 32)}`, label: 'Zapier (live)', scopes: KEY_SCOPES, revoked: false },
      { id: ids.next('key'), key: `sk_test_${ids.secret('sergio-test-key', 32)}`, label: 'Zapier (test)', scopes: KEY_SCOPES, revoked: false },
      { id: ids.next('key'), key: `sk_live_${ids.secret('sergio-revoked-key', 32)}`, label: 'Old laptop (revoked)', scopes: KEY_SCOPES, revoked: true },
    );
    this.users.push({ id: ids.next('usr'), email: 'admin@sparklewindows.example', password: ids.secret('sergio-admin-password', 20), name: 'Sam Sparkle' });
    this.seed();
  }

  private seed(): void {
    const people: Array<[string, string, string, Address]> = [
      ['Ada Lovelace', 'ada@example.com', '+1 415 555 0101', { street: '12 Analytical Way', city: 'Portland', state: 'OR', zip: '97201' }],
      ['Grace Hopper', 'grace@example.com', '+1 415 555 0102', { street: '1906 Compiler Ct', city: 'Portland', state: 'OR', zip: '97205' }],
      ['Alan Turing', 'alan@example.com', '+1 415 555 0103', { street: '54 Enigma Rd', city: 'Beaverton', state: 'OR', zip: '97005' }],
      ['Katherine Johnson', 'katherine@example.com', '+1 415 555 0104', { street: '7 Orbit Ln', city: 'Lake Oswego', state: 'OR', zip: '97034' }],
      ['Linus Pauling', 'linus@example.com', '+1 415 555 0105', { street: '300 Vitamin Ave', city: 'Portland', state: 'OR', zip: '97209' }],
    ];
    people.forEach(([name, email, phone, address], index) => {
      this.customers.push({ id: this.ids.next('cus'), name, email, phone, address, created_at: `2026-11-0${index + 1}T16:00:00Z` });
    });
    const seedJobs: Array<[number, string, string, string, number, string]> = [
      [0, 'exterior_windows', '2026-11-18', '09:00', 18500, '2026-11-10T15:00:00Z'],
      [1, 'interior_exterior_windows', '2026-11-26', '13:30', 32000, '2026-11-12T17:30:00Z'],
      [2, 'gutter_cleaning', '2026-12-02', '10:00', 14000, '2026-11-15T09:45:00Z'],
    ];
    for (const [customerIndex, service_type, scheduled_date, scheduled_time, price_cents, created_at] of seedJobs) {
      const customer = this.customers[customerIndex];
      this.insertJob(
        { customer_id: customer.id, service_type, scheduled_date, scheduled_time, address: customer.address as Address, notes: 'Side gate code 4321.', price_cents },
        created_at,
      );
    }
    this.moveJob(this.jobs[0].id, 'in_progress', '2026-11-18T09:05:00Z');
    this.moveJob(this.jobs[0].id, 'completed', '2026-11-18T11:20:00Z');
  }

  keyFor(value: string | undefined): ApiKey | undefined {
    return value ? this.keys.find((key) => key.key === value) : undefined;
  }

  customer(id: string): Customer {
    const found = this.customers.find((customer) => customer.id === id);
    if (!found) throw notFound(`Customer ${id}`);
    return found;
  }

  job(id: string): Job {
    const found = this.jobs.find((job) => job.id === id);
    if (!found) throw notFound(`Job ${id}`);
    return found;
  }

  newestCustomers(): Customer[] {
    return [...this.customers].reverse();
  }

  newestJobs(): Job[] {
    return [...this.jobs].reverse();
  }

  newestChanges(): StatusChange[] {
    return [...this.changes].reverse();
  }

  createCustomer(input: NewCustomer): Customer {
    if (input.email) {
      const email = input.email.toLowerCase();
      const existing = this.customers.find((customer) => customer.email?.toLowerCase() === email);
      if (existing) {
        throw new ApiError(409, 'duplicate_customer', `A customer with the email ${input.email} already exists`, {
          field: 'email',
          customer: { id: existing.id, name: existing.name, email: existing.email, phone: existing.phone },
        });
      }
    }
    const customer: Customer = { id: this.ids.next('cus'), ...input, created_at: this.now().toISOString() };
    this.customers.push(customer);
    return customer;
  }

  findCustomers(query: { email?: string; phone?: string; name?: string }): Customer[] {
    const email = query.email?.trim().toLowerCase();
    const phone = query.phone ? digits(query.phone) : undefined;
    const name = query.name?.trim().toLowerCase();
    return this.newestCustomers().filter(
      (customer) =>
        (!email || customer.email?.toLowerCase() === email) &&
        (!phone || (customer.phone !== null && digits(customer.phone).endsWith(phone))) &&
        (!name || customer.name.toLowerCase().includes(name)),
    );
  }

  createJob(input: NewJob): Job {
    const job = this.insertJob(input, this.now().toISOString());
    this.onJobCreated(job);
    return job;
  }

  private insertJob(input: NewJob, createdAt: string): Job {
    const customer = this.customers.find((c) => c.id === input.customer_id);
    if (!customer) throw invalid('customer_id', `does not match any customer (${input.customer_id})`);
    if (!SERVICE_TYPES.some((type) => type.id === input.service_type)) {
      throw invalid('service_type', `must be one of ${SERVICE_TYPES.map((type) => type.id).join(', ')}`);
    }
    const job: Job = {
      id: this.ids.next('job'),
      number: this.nextJobNumber++,
      status: 'scheduled',
      service_type: input.service_type,
      scheduled_date: input.scheduled_date,
      scheduled_time: input.scheduled_time,
      customer: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone },
      address: { ...input.address },
      notes: input.notes,
      price_cents: input.price_cents,
      created_at: createdAt,
      updated_at: createdAt,
    };
    this.jobs.push(job);
    return job;
  }

  /** Moves a job to another status and records the change (fired as `job.status_changed`). */
  changeStatus(jobId: string, status: string): StatusChange {
    const change = this.moveJob(jobId, status, this.now().toISOString());
    this.onStatusChanged(change);
    return change;
  }

  private moveJob(jobId: string, status: string, at: string): StatusChange {
    const job = this.job(jobId);
    if (!(JOB_STATUSES as readonly string[]).includes(status)) {
      throw invalid('status', `must be one of ${JOB_STATUSES.join(', ')}`);
    }
    const next = status as JobStatus;
    if (!NEXT_STATUSES[job.status].includes(next)) {
      throw new ApiError(409, 'invalid_transition', `Job ${job.number} is ${job.status} and cannot become ${next}`, { field: 'status' });
    }
    const previous = job.status;
    job.status = next;
    job.updated_at = at;
    const n = this.changes.filter((change) => change.job.id === job.id).length + 1;
    const change: StatusChange = {
      id: `${job.id}-${next}-${n}`,
      job: structuredClone(job),
      previous_status: previous,
      status: next,
      changed_at: at,
    };
    this.changes.push(change);
    return change;
  }

  subscribe(keyId: string, event: Subscription['event'], targetUrl: string): Subscription {
    const id = this.ids.next('sub');
    const subscription: Subscription = {
      id,
      event,
      target_url: targetUrl,
      secret: `whsec_${this.ids.secret(`sergio-subscription-${id}`, 32)}`,
      key_id: keyId,
      created_at: this.now().toISOString(),
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  unsubscribe(id: string): void {
    if (!this.subscriptions.delete(id)) throw notFound(`Subscription ${id}`);
  }

  subscribersTo(event: Subscription['event']): Subscription[] {
    const live = new Set(this.keys.filter((key) => !key.revoked).map((key) => key.id));
    return [...this.subscriptions.values()].filter((s) => s.event === event && live.has(s.key_id));
  }
}
