/**
 * The connector end to end against the sandbox twin (no nock): connect with an API key, subscribe
 * New Job with a real receiver, see a job booked in Sergio delivered, verified and returned, then
 * create a customer, find it, and book a job for it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { sergioHandle, type SergioHandle } from '../../../sandbox/sergio';
import type { Customer, Job, Me } from '../src/schemas';
import { App, authentication, dropdownPager, failure, hookOf, run } from './app';

interface Received {
  headers: Record<string, string>;
  content: string;
}

let sandbox: Sandbox;
let sergio: SergioHandle;
let server: Server;
let targetUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ webhookRetryBaseMs: 5 });
  sergio = sergioHandle(sandbox.services);
  process.env.SERGIO_BASE_URL = sandbox.env.SERGIO_BASE_URL;
  // Stands in for hooks.zapier.com: keeps each delivery as Zapier hands it to `perform`.
  server = createServer((request, response) => {
    let content = '';
    request.on('data', (chunk) => (content += chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [`Http-${name}`, String(value)]));
      received.push({ headers, content });
      response.end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/standard/1/sergio`;
});

afterAll(async () => {
  delete process.env.SERGIO_BASE_URL;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sandbox.close();
});

const asUser = () => ({ authData: { api_key: sergio.credentials.apiKey } });

async function bookJobInSergio(body: Record<string, unknown> = {}): Promise<Job> {
  const response = await fetch(`${sandbox.url}/sergio/_admin/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return (await response.json()) as Job;
}

describe('Sergio connector against the sandbox', () => {
  it('connects with the API key, labels the connection with the company, and refuses a revoked key', async () => {
    const me = await run<Me>(authentication.test, asUser());
    expect(me.company.name).toBe('Sparkle Window Cleaning Co.');
    expect(await run(authentication.connectionLabel, { ...asUser(), inputData: me })).toBe('Sparkle Window Cleaning Co.');
    expect(await run<Me>(authentication.test, { authData: { api_key: sergio.credentials.testApiKey } })).toMatchObject({ company: me.company });

    const revoked = await failure(run(authentication.test, { authData: { api_key: sergio.credentials.revokedApiKey } }));
    expect(revoked.name).toBe('ExpiredAuthError');
    expect(revoked.message).toMatch(/reconnect Sergio in Zapier/);
  });

  it('subscribes New Job, receives a booked job signed, verifies and returns it like the list does, and unsubscribes', async () => {
    const hook = hookOf('new_job');
    const subscribeData = await run<{ id: string; secret: string }>(hook.performSubscribe, { ...asUser(), targetUrl });
    expect(subscribeData).toEqual({ id: expect.stringMatching(/^sub_/), secret: expect.stringMatching(/^whsec_/) });

    const job = await bookJobInSergio({ service_type: 'interior_windows', price_cents: 24000 });
    await sandbox.webhooks.drain();
    expect(received).toHaveLength(1);
    const [delivery] = received;

    const items = await run<Job[]>(hook.perform, { ...asUser(), subscribeData, rawRequest: { method: 'POST', querystring: '', ...delivery } });
    expect(items).toEqual([job]);
    const listed = await run<Job[]>(hook.performList, asUser());
    expect(listed[0]).toEqual(items[0]);

    const tampered = await failure(
      run(hook.perform, {
        ...asUser(),
        subscribeData,
        rawRequest: { method: 'POST', querystring: '', headers: delivery.headers, content: delivery.content.replace('24000', '1') },
      }),
    );
    expect(tampered.name).toBe('HaltedError');
    expect(tampered.message).toMatch(/^Refused a webhook delivery: the signature does not match the body\./);

    await run(hook.performUnsubscribe, { ...asUser(), subscribeData });
    expect(sergio.store.subscriptions.has(subscribeData.id)).toBe(false);
    await bookJobInSergio();
    await sandbox.webhooks.drain();
    expect(received).toHaveLength(1);
  });

  it('fires Job Status Changed only for the chosen status', async () => {
    const hook = hookOf('job_status_changed');
    const inputData = { status: 'completed' };
    const subscribeData = await run<{ id: string; secret: string }>(hook.performSubscribe, { ...asUser(), targetUrl, inputData });
    const job = await bookJobInSergio();
    const before = received.length;
    for (const status of ['in_progress', 'completed']) {
      const response = await fetch(`${sandbox.url}/sergio/_admin/jobs/${job.id}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
      expect(response.status).toBe(201);
    }
    await sandbox.webhooks.drain();
    const deliveries = received.slice(before);
    expect(deliveries).toHaveLength(2);
    const results = [];
    for (const delivery of deliveries) {
      results.push(...(await run<Array<{ status: string; job: Job }>>(hook.perform, { ...asUser(), inputData, subscribeData, rawRequest: { method: 'POST', querystring: '', ...delivery } })));
    }
    expect(results).toEqual([expect.objectContaining({ id: `${job.id}-completed-2`, previous_status: 'in_progress', status: 'completed' })]);
    expect((await run<unknown[]>(hook.performList, { ...asUser(), inputData }))[0]).toEqual(results[0]);
    await run(hook.performUnsubscribe, { ...asUser(), subscribeData });
  });

  it('creates a customer, finds it, refuses the same email again naming it, and books a job for it', async () => {
    const customer = await run<Customer>(App.creates.create_customer.operation.perform, {
      ...asUser(),
      inputData: { name: 'Rosalind Franklin', email: 'rosalind@example.com', phone: '+1 503 555 0142', street: '51 Helix Ave', city: 'Portland', state: 'OR', zip: '97210' },
    });
    expect(customer).toMatchObject({ id: expect.stringMatching(/^cus_/), name: 'Rosalind Franklin', address: { zip: '97210' } });

    const found = await run<Customer[]>(App.searches.find_customer.operation.perform, { ...asUser(), inputData: { email: 'ROSALIND@example.com' } });
    expect(found).toEqual([customer]);
    expect(await run(App.searches.find_customer.operation.perform, { ...asUser(), inputData: { email: 'nobody@example.com' } })).toEqual([]);

    const duplicate = await failure(run(App.creates.create_customer.operation.perform, { ...asUser(), inputData: { name: 'R. Franklin', email: 'rosalind@example.com' } }));
    expect(duplicate).toMatchObject({ code: 'duplicate_customer', status: 409 });
    expect(duplicate.message).toContain(`Rosalind Franklin (ID ${customer.id})`);

    const firstPage = await dropdownPager('customer_list', asUser().authData)<{ id: string; name: string }>(0);
    expect(firstPage[0]).toEqual({ id: customer.id, name: 'Rosalind Franklin' });

    const job = await run<Job>(App.creates.create_job.operation.perform, {
      ...asUser(),
      inputData: {
        customer_id: found[0].id,
        service_type: 'exterior_windows',
        scheduled_date: '12/01/2026',
        scheduled_time: '9:30 am',
        street: '51 Helix Ave',
        city: 'Portland',
        state: 'OR',
        zip: '97210',
        notes: 'Ladder needed for the skylights.',
        price_cents: 21000,
      },
    });
    expect(job).toMatchObject({
      status: 'scheduled',
      scheduled_date: '2026-12-01',
      scheduled_time: '09:30',
      customer: { id: customer.id, name: 'Rosalind Franklin', email: 'rosalind@example.com' },
      price_cents: 21000,
    });
    expect(sergio.store.jobs.at(-1)).toEqual(job);
  });

  it('reports the API\'s 422 naming the field, and a 429 as ThrottledError with Sergio\'s Retry-After', async () => {
    const missing = await failure(
      run(App.creates.create_job.operation.perform, {
        ...asUser(),
        inputData: { customer_id: 'cus_nobody', service_type: 'exterior_windows', scheduled_date: '2026-12-01', scheduled_time: '10:00', street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' },
      }),
    );
    expect(missing).toMatchObject({ code: 'validation_error', status: 422, message: 'Sergio: customer_id does not match any customer (cus_nobody)' });

    await fetch(`${sandbox.url}/sergio/_admin/exhaust-rate-limit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'write' }) });
    const throttled = await failure(run(App.creates.create_customer.operation.perform, { ...asUser(), inputData: { name: 'Too Soon' } }));
    expect(throttled.name).toBe('ThrottledError');
    expect(throttled.delay).toBeGreaterThanOrEqual(1);
    expect(throttled.delay).toBeLessThanOrEqual(60);
    await fetch(`${sandbox.url}/sergio/_admin/reset-rate-limits`, { method: 'POST' });
  });
});
