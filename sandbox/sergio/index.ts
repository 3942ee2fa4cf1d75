import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid } from '../core/errors';
import type { SandboxService, ServiceContext, ServiceHandle } from '../core/service';
import { sergioSignature } from '../core/signatures';
import { LIMITS, createRateLimits, limitOf, page, rateLimited, takeLimit, type LimitKind, type RateLimits } from './http';
import { registerMainApi } from './main-api';
import { SERVICE_TYPES, SergioStore, type ApiKey, type Job, type StatusChange, type Subscription } from './store';
import { asBody, parseNewCustomer, parseNewJob } from './validate';

export { SergioStore } from './store';
export { LIMITS } from './http';

export interface SergioCredentials {
  apiKey: string;
  testApiKey: string;
  revokedApiKey: string;
  login: { email: string; password: string };
}

export interface SergioHandle extends ServiceHandle {
  credentials: SergioCredentials & Record<string, unknown>;
  store: SergioStore;
}

/** The typed handle from `startSandbox().services`. */
export function sergioHandle(services: Record<string, ServiceHandle>): SergioHandle {
  const handle = services.sergio as SergioHandle | undefined;
  if (!handle || !('store' in handle)) throw new Error('The sandbox has no Sergio twin');
  return handle;
}

const clean = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function registerZapierApi(api: FastifyInstance, store: SergioStore, limits: RateLimits): void {
  api.decorateRequest('apiKey', null);
  api.addHook('onRequest', async (request, reply) => {
    const header = request.headers['x-api-key'];
    const key = store.keyFor(typeof header === 'string' ? header : undefined);
    if (!key || key.revoked) {
      const message = !header
        ? 'The X-API-Key header is missing'
        : key?.revoked
          ? 'This API key has been revoked. Create a new key in the Sergio dashboard'
          : 'This API key is not valid';
      return reply.code(401).send({ error: { code: 'invalid_api_key', message } });
    }
    const kind: LimitKind = request.method === 'GET' ? 'read' : request.url.includes('/subscriptions') ? 'webhook' : 'write';
    if (!takeLimit(limits, kind, key.id, reply)) return reply;
    (request as FastifyRequest & { apiKey: ApiKey }).apiKey = key;
  });
  const keyOf = (request: FastifyRequest) => (request as FastifyRequest & { apiKey: ApiKey }).apiKey;

  api.get('/me', async (request) => {
    const key = keyOf(request);
    return { company: { ...store.company }, key: { id: key.id, label: key.label, scopes: key.scopes } };
  });

  api.get('/triggers/new-job', async (request) => store.newestJobs().slice(0, limitOf(request)));
  api.get('/triggers/job-status-changed', async (request) => store.newestChanges().slice(0, limitOf(request)));

  api.post('/subscriptions', async (request, reply) => {
    const body = asBody(request.body);
    const target = clean(body.target_url);
    if (!target) throw invalid('target_url', 'is required');
    try {
      const url = new URL(target);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw invalid('target_url', 'must be an http(s) URL');
    }
    if (body.event !== 'job.created' && body.event !== 'job.status_changed') {
      throw invalid('event', 'must be job.created or job.status_changed');
    }
    const subscription = store.subscribe(keyOf(request).id, body.event, target);
    const { id, event, target_url, secret } = subscription;
    return reply.code(201).send({ id, event, target_url, secret });
  });

  api.delete<{ Params: { id: string } }>('/subscriptions/:id', async (request, reply) => {
    store.unsubscribe(request.params.id);
    return reply.code(204).send();
  });

  api.post('/actions/create-job', async (request, reply) => reply.code(201).send(store.createJob(parseNewJob(request.body))));
  api.post('/actions/create-customer', async (request, reply) =>
    reply.code(201).send(store.createCustomer(parseNewCustomer(request.body))),
  );

  api.get('/searches/find-customer', async (request) => {
    const query = request.query as Record<string, unknown>;
    const email = clean(query.email);
    const phone = clean(query.phone);
    const name = clean(query.name);
    if (!email && !phone && !name) throw invalid('email', 'or phone or name is required to search');
    return store.findCustomers({ email, phone, name });
  });

  api.get('/options/customers', async (request) => {
    const query = request.query as Record<string, unknown>;
    const { data, next_cursor } = page(store.newestCustomers(), query.cursor, limitOf(request));
    return { data: data.map(({ id, name }) => ({ id, name })), next_cursor };
  });
  api.get('/options/service-types', async () => ({ data: SERVICE_TYPES.map((type) => ({ ...type })), next_cursor: null }));
}

/** Signs and sends one event to every live subscription to it (the dispatcher retries 5x). */
function deliver(store: SergioStore, context: ServiceContext, event: Subscription['event'], data: Job | StatusChange): void {
  for (const subscription of store.subscribersTo(event)) {
    const id = context.ids.next('evt');
    context.webhooks.dispatch({
      service: 'sergio',
      subscriptionId: subscription.id,
      url: subscription.target_url,
      event,
      id,
      body: { id, event, created_at: store.now().toISOString(), data },
      headers: (rawBody) => ({
        'X-Sergio-Event': event,
        'X-Sergio-Delivery': id,
        'X-Sergio-Signature': sergioSignature(subscription.secret, rawBody),
      }),
    });
  }
}

function registerAdmin(scope: FastifyInstance, store: SergioStore, limits: RateLimits, clock: { offsetMs: number }): void {
  /** Creates a job as if someone booked it in Sergio: fires `job.created`. Every field is optional. */
  scope.post('/_admin/jobs', async (request, reply) => {
    const body = request.body === undefined || request.body === null ? {} : asBody(request.body);
    const customerId = clean(body.customer_id) ?? store.customers[0].id;
    const customer = store.customer(customerId);
    const tomorrow = new Date(store.now().getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const job = store.createJob(
      parseNewJob({
        service_type: 'exterior_windows',
        scheduled_date: tomorrow,
        scheduled_time: '10:00',
        address: customer.address ?? { street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' },
        ...body,
        customer_id: customerId,
      }),
    );
    return reply.code(201).send(job);
  });

  /** Moves a job's status (`{status}`): fires `job.status_changed`. */
  scope.post<{ Params: { id: string } }>('/_admin/jobs/:id/status', async (request, reply) => {
    const body = asBody(request.body);
    const status = clean(body.status);
    if (!status) throw invalid('status', 'is required');
    return reply.code(201).send(store.changeStatus(request.params.id, status));
  });

  /** Moves the twin's clock forward (`{advance_seconds}`), so that tokens expire without waiting. */
  scope.post('/_admin/clock', async (request) => {
    const seconds = asBody(request.body).advance_seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw invalid('advance_seconds', 'must be a number of seconds, 0 or more');
    clock.offsetMs += seconds * 1000;
    return { now: store.now().toISOString() };
  });

  /** Uses up one limit (`{kind}`: auth, read, write, webhook) for every key, as a burst of traffic would. */
  scope.post('/_admin/exhaust-rate-limit', async (request) => {
    const kind = asBody(request.body ?? {}).kind ?? 'read';
    if (typeof kind !== 'string' || !(kind in LIMITS)) throw invalid('kind', `must be one of ${Object.keys(LIMITS).join(', ')}`);
    for (const key of store.keys) limits[kind as LimitKind].exhaust(key.id);
    return { exhausted: kind };
  });
  scope.post('/_admin/reset-rate-limits', async () => {
    for (const window of Object.values(limits)) window.reset();
    return { reset: true };
  });
}

/**
 * Sergio (docs/apis.md §2): the Zapier API at `/sergio/zapier/v1` (API keys), the main API at
 * `/sergio/v1` (JWT), both over one store; sandbox-only admin endpoints at `/sergio/_admin`.
 */
export const sergioService: SandboxService = {
  name: 'sergio',
  prefix: '/sergio',
  async register(scope, context) {
    const clock = { offsetMs: 0 };
    const store = new SergioStore(context.ids, () => new Date(Date.now() + clock.offsetMs));
    store.onJobCreated = (job) => deliver(store, context, 'job.created', job);
    store.onStatusChanged = (change) => deliver(store, context, 'job.status_changed', change);
    const limits = createRateLimits(context.options.rateLimitScale);

    await scope.register(async (api) => registerZapierApi(api, store, limits), { prefix: '/zapier/v1' });
    await scope.register(async (api) => registerMainApi(api, store, limits, context), { prefix: '/v1' });
    registerAdmin(scope, store, limits, clock);

    const [live, test, revoked] = store.keys;
    const user = store.users[0];
    const handle: SergioHandle = {
      credentials: { apiKey: live.key, testApiKey: test.key, revokedApiKey: revoked.key, login: { email: user.email, password: user.password } },
      env: (origin) => ({ SERGIO_BASE_URL: `${origin}/sergio` }),
      rateLimited: (reply, retryAfter) => rateLimited(reply, retryAfter ?? 60),
      state: () => ({
        company: store.company,
        customers: store.customers.length,
        jobs: store.jobs.length,
        statusChanges: store.changes.length,
        subscriptions: [...store.subscriptions.values()].map(({ id, event, target_url }) => ({ id, event, target_url })),
      }),
      store,
    };
    return handle;
  },
};
