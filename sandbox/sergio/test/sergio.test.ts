import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { startSandbox, type Sandbox } from '../..';
import { sergioHandle, type SergioHandle } from '..';
import { sergioSigned } from '../../test/signed';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: answers each delivery with the next status in `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let sandbox: Sandbox;
let sergio: SergioHandle;
let zapierApi: string;

beforeAll(async () => {
  sandbox = await startSandbox({ webhookRetryBaseMs: 5 });
  sergio = sergioHandle(sandbox.services);
  zapierApi = `${sandbox.url}/sergio/zapier/v1`;
});
afterAll(() => sandbox.close());

async function call(path: string, options: { method?: string; key?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? sergio.credentials.apiKey : options.key;
  if (key) headers['x-api-key'] = key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${zapierApi}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const admin = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.url}/sergio/_admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (response) => ({ status: response.status, body: await response.json() }),
  );

describe('Sergio twin: Zapier API keys', () => {
  it('issues a live, a test and a revoked key, deterministic for a seed', async () => {
    expect(sergio.credentials.apiKey).toMatch(/^sk_live_[0-9a-f]{32}$/);
    expect(sergio.credentials.testApiKey).toMatch(/^sk_test_[0-9a-f]{32}$/);
    expect(sergio.credentials.revokedApiKey).toMatch(/^sk_live_[0-9a-f]{32}$/);
    const again = await startSandbox();
    try {
      expect(again.services.sergio.credentials).toEqual(sergio.credentials);
      expect(again.env.SERGIO_BASE_URL).toBe(`${again.url}/sergio`);
    } finally {
      await again.close();
    }
  });

  it('GET /me names the company and the key, for the live and the test key', async () => {
    for (const key of [sergio.credentials.apiKey, sergio.credentials.testApiKey]) {
      const me = await call('/me', { key });
      expect(me.status).toBe(200);
      expect(me.body.company).toEqual({ id: sergio.store.company.id, name: 'Sparkle Window Cleaning Co.' });
      expect(me.body.key.scopes).toContain('jobs:write');
    }
  });

  it.each([
    ['revoked', () => sergio.credentials.revokedApiKey, /revoked/],
    ['unknown', () => 'sk_live_00000000000000000000000000000000', /not valid/],
    ['missing', () => null, /missing/],
  ])('answers 401 invalid_api_key for a %s key', async (_name, key, message) => {
    const response = await call('/me', { key: key() });
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringMatching(message) });
  });
});

describe('Sergio twin: data', () => {
  it('seeds customers, service types and jobs, newest first, with a status history', async () => {
    const jobs = await call('/triggers/new-job?limit=100');
    expect(jobs.body.length).toBeGreaterThanOrEqual(3);
    const created = jobs.body.map((job: { created_at: string }) => job.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    const types = await call('/options/service-types');
    expect(types.body.data.map((t: { id: string }) => t.id)).toContain('exterior_windows');
    const changes = await call('/triggers/job-status-changed');
    expect(changes.body[0]).toMatchObject({ status: 'completed', previous_status: 'in_progress', job: { status: 'completed' } });
    expect(changes.body[0].id).toBe(`${changes.body[0].job.id}-completed-2`);
  });

  it('pages /options/customers with next_cursor until null, and refuses a made-up cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    do {
      const page: { body: { data: Array<{ id: string }>; next_cursor: string | null } } = await call(`/options/customers?limit=2&cursor=${cursor}`);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(sergio.store.newestCustomers().map((c) => c.id));
    const bad = await call('/options/customers?cursor=nonsense');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual({ field: 'cursor' });
  });

  it('creates a customer, finds it by email, phone or name, and refuses a duplicate email with the existing customer', async () => {
    const created = await call('/actions/create-customer', { method: 'POST', body: { name: 'Mary Somerville', email: 'Mary@Example.com', phone: '+1 (503) 555-0199' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Mary Somerville', address: null, id: expect.stringMatching(/^cus_/) });
    for (const query of ['email=mary@example.com', 'phone=5035550199', 'name=somerv']) {
      const found = await call(`/searches/find-customer?${query}`);
      expect(found.body.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    }
    expect((await call('/searches/find-customer?email=nobody@example.com')).body).toEqual([]);
    expect((await call('/searches/find-customer')).status).toBe(422);

    const duplicate = await call('/actions/create-customer', { method: 'POST', body: { name: 'M. Somerville', email: 'mary@example.com' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'duplicate_customer', details: { customer: { id: created.body.id, name: 'Mary Somerville' } } });
  });

  it.each([
    [{ service_type: undefined }, 'service_type'],
    [{ service_type: 'roof_repair' }, 'service_type'],
    [{ customer_id: 'cus_missing' }, 'customer_id'],
    [{ scheduled_date: '2026-02-30' }, 'scheduled_date'],
    [{ scheduled_time: '9:30 am' }, 'scheduled_time'],
    [{ address: { street: '1 Main St', city: 'Portland', state: 'OR' } }, 'address.zip'],
    [{ price_cents: -1 }, 'price_cents'],
    [{ price_cents: 12.5 }, 'price_cents'],
  ])('refuses a job with %p: 422 naming %s', async (change, field) => {
    const customer = sergio.store.customers[0];
    const body = { customer_id: customer.id, service_type: 'exterior_windows', scheduled_date: '2026-12-01', scheduled_time: '09:30', address: customer.address, ...change };
    const response = await call('/actions/create-job', { method: 'POST', body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_error', details: { field } });
  });
});

describe('Sergio twin: subscriptions and signed deliveries', () => {
  it('delivers job.created signed with the subscription secret, retrying a failed attempt, with the same shape as the list', async () => {
    const hook = await receiver([500]);
    try {
      const subscription = await call('/subscriptions', { method: 'POST', body: { target_url: hook.url, event: 'job.created' } });
      expect(subscription.status).toBe(201);
      expect(subscription.body).toEqual({ id: expect.stringMatching(/^sub_/), event: 'job.created', target_url: hook.url, secret: expect.stringMatching(/^whsec_/) });

      const job = await admin('/jobs', { service_type: 'gutter_cleaning', price_cents: 9900 });
      expect(job.status).toBe(201);
      await sandbox.webhooks.drain();

      expect(hook.received).toHaveLength(2); // a 500, then the retry
      const [first, retry] = hook.received;
      expect(retry.body).toBe(first.body);
      expect(retry.headers['x-sergio-delivery']).toBe(first.headers['x-sergio-delivery']);
      expect(retry.headers['x-sergio-event']).toBe('job.created');
      expect(sergioSigned(retry.headers['x-sergio-signature'], retry.body, subscription.body.secret)).toBe(true);
      expect(sergioSigned(retry.headers['x-sergio-signature'], retry.body, 'whsec_other')).toBe(false);

      const delivery = JSON.parse(retry.body);
      expect(delivery).toMatchObject({ id: retry.headers['x-sergio-delivery'], event: 'job.created', data: job.body });
      const listed = await call('/triggers/new-job?limit=1');
      expect(listed.body[0]).toEqual(delivery.data);
      const log = sandbox.webhooks.log.find((record) => record.id === delivery.id);
      expect(log).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 200 }] });

      expect((await call(`/subscriptions/${subscription.body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await call(`/subscriptions/${subscription.body.id}`, { method: 'DELETE' })).status).toBe(404);
      await admin('/jobs');
      await sandbox.webhooks.drain();
      expect(hook.received).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });

  it('delivers job.status_changed with the same item the list shows, and refuses an impossible move', async () => {
    const hook = await receiver();
    try {
      const subscription = await call('/subscriptions', { method: 'POST', body: { target_url: hook.url, event: 'job.status_changed' } });
      const job = await admin('/jobs');
      const moved = await admin(`/jobs/${job.body.id}/status`, { status: 'in_progress' });
      expect(moved.body).toMatchObject({ id: `${job.body.id}-in_progress-1`, previous_status: 'scheduled', status: 'in_progress', job: { id: job.body.id, status: 'in_progress' } });
      await sandbox.webhooks.drain();
      expect(hook.received).toHaveLength(1);
      const delivery = JSON.parse(hook.received[0].body);
      expect(delivery).toMatchObject({ event: 'job.status_changed', data: moved.body });
      expect((await call('/triggers/job-status-changed?limit=1')).body[0]).toEqual(delivery.data);

      await admin(`/jobs/${job.body.id}/status`, { status: 'canceled' });
      const again = await admin(`/jobs/${job.body.id}/status`, { status: 'scheduled' });
      expect(again.status).toBe(409);
      expect((await admin(`/jobs/${job.body.id}/status`, { status: 'lost' })).body.error.details).toEqual({ field: 'status' });
      await call(`/subscriptions/${subscription.body.id}`, { method: 'DELETE' });
    } finally {
      await hook.close();
    }
  });

  it('refuses a subscription without a target URL or with an unknown event, naming the field', async () => {
    expect((await call('/subscriptions', { method: 'POST', body: { event: 'job.created' } })).body.error.details).toEqual({ field: 'target_url' });
    expect((await call('/subscriptions', { method: 'POST', body: { target_url: 'http://127.0.0.1:1/x', event: 'job.deleted' } })).body.error.details).toEqual({ field: 'event' });
  });
});

describe('Sergio twin: per-endpoint rate limits', () => {
  it('allows 10 webhook registrations a minute per key, then 429 with Retry-After, while reads go on', async () => {
    const key = sergio.credentials.testApiKey;
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    // 21 registrations span at most two windows, so at least one is refused whenever they run.
    for (let i = 0; i < 21; i += 1) {
      const response = await call('/subscriptions', { method: 'POST', key, body: { target_url: `http://127.0.0.1:9/${i}`, event: 'job.created' } });
      statuses.push(response.status);
      if (response.status === 429 && !refused) refused = response;
    }
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
    expect(refused?.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('limit 10 per minute') });
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await call('/me', { key })).status).toBe(200);
  });

  it('counts writes separately and per key: an exhausted write limit refuses writes only', async () => {
    await admin('/exhaust-rate-limit', { kind: 'write' });
    const refused = await call('/actions/create-customer', { method: 'POST', body: { name: 'Rate Limited' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('/me')).status).toBe(200);
    await admin('/reset-rate-limits');
    expect((await call('/actions/create-customer', { method: 'POST', body: { name: 'After The Reset' } })).status).toBe(201);
  });

  it('answers injected 429s the same way', async () => {
    const response = await fetch(`${zapierApi}/me`, { headers: { 'x-api-key': sergio.credentials.apiKey, 'x-sandbox-fault': 'rate_limit:7' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await response.json()).error.code).toBe('rate_limited');
  });
});

describe('Sergio twin: main API (JWT)', () => {
  let main: Sandbox;
  let mainApi: string;
  let handle: SergioHandle;
  beforeAll(async () => {
    main = await startSandbox({ seed: 'jwt' });
    handle = sergioHandle(main.services);
    mainApi = `${main.url}/sergio/v1`;
  });
  afterAll(() => main.close());

  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${mainApi}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const get = async (path: string, token: string) => {
    const response = await fetch(`${mainApi}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json() };
  };

  it('logs in, uses the 1 h token, refuses it once expired, and refreshes it', async () => {
    const login = await post('/auth/login', handle.credentials.login);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.any(String), refresh_token: expect.stringMatching(/^rt_/), expires_at: expect.any(String) });
    const claims = decodeJwt(login.body.token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(new Date(login.body.expires_at).getTime()).toBe((claims.exp ?? 0) * 1000);

    const jobs = await get('/jobs?limit=2', login.body.token);
    expect(jobs.status).toBe(200);
    expect(jobs.body.data).toHaveLength(2);
    expect(jobs.body.next_cursor).toEqual(expect.any(String));

    await fetch(`${main.url}/sergio/_admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_seconds: 3601 }) });
    const expired = await get('/jobs', login.body.token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('token_expired');

    const refreshed = await post('/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({ token: expect.any(String), expires_at: expect.any(String) });
    expect((await get('/customers', refreshed.body.token)).status).toBe(200);
  });

  it('refuses a wrong password, a bad refresh token and a forged token', async () => {
    expect((await post('/auth/login', { ...handle.credentials.login, password: 'wrong' })).body.error.code).toBe('invalid_credentials');
    expect((await post('/auth/login', { email: handle.credentials.login.email })).body.error.details).toEqual({ field: 'password' });
    expect((await post('/auth/refresh', { refresh_token: 'rt_made_up' })).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl';
    expect((await get('/jobs', forged)).body.error.code).toBe('invalid_token');
  });

  it('works on the same data as the Zapier API', async () => {
    const { token } = (await post('/auth/login', handle.credentials.login)).body;
    const customer = await post('/customers', { name: 'Hedy Lamarr', email: 'hedy@example.com' }, token);
    expect(customer.status).toBe(201);
    const job = await post(
      '/jobs',
      { customer_id: customer.body.id, service_type: 'screen_cleaning', scheduled_date: '2026-12-03', scheduled_time: '08:00', address: { street: '1 Frequency Hop', city: 'Portland', state: 'OR', zip: '97201' } },
      token,
    );
    expect(job.status).toBe(201);
    const viaZapier = await fetch(`${main.url}/sergio/zapier/v1/triggers/new-job?limit=1`, { headers: { 'x-api-key': handle.credentials.apiKey } });
    expect((await viaZapier.json())[0]).toEqual(job.body);
  });
});
