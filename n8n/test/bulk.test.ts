/**
 * Bulk runs, as an n8n workflow hands a node hundreds of items in one execution: the nodes run by n8n's engine
 * in this process against the sandbox enforcing the published rate limits, on a virtual clock (virtual-clock.ts)
 * so that minutes of pacing take a second. What the sandbox received is recorded as it arrived: when, what, and
 * how it was answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle } from '../../sandbox/serebro';
import { BURST_INTERVAL_MS, BURST_LIMIT } from '../../sandbox/serebro/ratelimit';
import { connect } from '../../sandbox/serebro/test/helpers';
import { LIMITS, sergioHandle } from '../../sandbox/sergio';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { SergioApi } from '../packages/sergio/credentials/SergioApi.credentials';
import { Serebro } from '../packages/serebro/nodes/Serebro/Serebro.node';
import { Sergio } from '../packages/sergio/nodes/Sergio/Sergio.node';
import { CredentialStore, runNode } from './harness';
import { parametersOf } from './runtime-sandbox';
import { virtualClock } from './virtual-clock';

jest.mock('n8n-workflow', () => ({
  ...jest.requireActual<object>('n8n-workflow'),
  sleep: (ms: number, signal?: AbortSignal) => (require('./virtual-clock') as typeof import('./virtual-clock')).virtualClock.sleep(ms, signal),
}));

/** One request as the sandbox received it. */
interface Arrival {
  at: number;
  method: string;
  path: string;
  status?: number;
}

let sandbox: Sandbox;
let arrivals: Arrival[] = [];

beforeAll(async () => {
  virtualClock.install();
  sandbox = await startSandbox({ seed: 'bulk' });
  sandbox.app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (/\/_admin(\/|$)/.test(request.url ?? '')) return;
    const arrival: Arrival = { at: Date.now(), method: request.method ?? 'GET', path: (request.url ?? '').split('?')[0] };
    arrivals.push(arrival);
    response.on('finish', () => {
      arrival.status = response.statusCode;
    });
  });
});

afterAll(async () => {
  await sandbox.close();
  virtualClock.uninstall();
});

beforeEach(async () => {
  // Each test starts in fresh windows, as a run two minutes after the last would.
  await virtualClock.sleep(120_000);
  arrivals = [];
});

afterEach(() => {
  sandbox.faults.clear();
});

/** The most of `arrivals` in any span of `windowMs` (a sliding window), and in any of the sandbox's fixed windows. */
function busiest(times: number[], windowMs: number): { sliding: number; fixed: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let sliding = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last] - sorted[first] >= windowMs) first += 1;
    sliding = Math.max(sliding, last - first + 1);
  }
  const perWindow = new Map<number, number>();
  for (const at of sorted) perWindow.set(Math.floor(at / windowMs), (perWindow.get(Math.floor(at / windowMs)) ?? 0) + 1);
  return { sliding, fixed: Math.max(0, ...perWindow.values()) };
}

/** Runs `node` on `items`, timing the run on the virtual clock. */
async function timedRun(...args: Parameters<typeof runNode>) {
  const started = Date.now();
  const run = await runNode(...args);
  return { ...run, seconds: (Date.now() - started) / 1000 };
}

const RUN = Date.now().toString(36);

describe('Serebro AI: 100 requests per 10 s per Location', () => {
  let credentials: CredentialStore;
  let location: string;
  beforeAll(async () => {
    const tokens = await connect(sandbox);
    location = tokens.location_id as string;
    credentials = new CredentialStore([new SerebroOAuth2Api()]);
    credentials.add('serebroOAuth2Api', {
      baseUrl: `${sandbox.url}/serebro`,
      clientId: serebroHandle(sandbox.services).credentials.clientId,
      clientSecret: serebroHandle(sandbox.services).credentials.clientSecret,
      oauthTokenData: tokens,
    });
  });

  const contactsNamed = (prefix: string) => serebroHandle(sandbox.services).store.contacts.filter((contact) => contact.locationId === location && contact.email?.startsWith(prefix));
  const createContacts = (prefix: string, count: number) =>
    timedRun(
      new Serebro(),
      parametersOf(new Serebro(), 'create_contact', { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}' }),
      Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com`, firstName: `Bulk ${index}` })),
      credentials,
    );

  it('creates 250 contacts in one execution with no 429: no 10 s window holds more than 100 requests, and the run takes no longer than the limit needs', async () => {
    const prefix = `bulk-${RUN}-a-`;
    const run = await createContacts(prefix, 250);
    expect(run.error).toBeUndefined();
    expect(run.items.map((item) => item.json.email)).toEqual(Array.from({ length: 250 }, (_, index) => `${prefix}${index}@example.com`));
    expect(arrivals.filter((arrival) => arrival.status === 429)).toEqual([]);
    const { sliding, fixed } = busiest(arrivals.map((arrival) => arrival.at), BURST_INTERVAL_MS);
    expect(sliding).toBe(BURST_LIMIT);
    expect(fixed).toBeLessThanOrEqual(BURST_LIMIT);
    // 250 requests at 100 per 10 s: the first 100 at once, the next two hundreds a window after each.
    expect(run.seconds).toBeGreaterThanOrEqual(20);
    expect(run.seconds).toBeLessThan(25);
    const made = contactsNamed(prefix);
    expect(made).toHaveLength(250);
    expect(new Set(made.map((contact) => contact.email)).size).toBe(250);
  });

  it('waits out a 429 met mid-run and goes on: the refused create is sent once more, and every contact is made once', async () => {
    const prefix = `bulk-${RUN}-b-`;
    let creates = 0;
    const refuseTheTwelfth = (request: IncomingMessage) => {
      if (request.method === 'POST' && request.url?.endsWith('/v2/contacts') && ++creates === 12) {
        sandbox.faults.add({ kind: 'rate_limit', service: 'serebro', method: 'POST', path: '/v2/contacts', times: 1 });
      }
    };
    sandbox.app.server.prependListener('request', refuseTheTwelfth);
    try {
      const run = await createContacts(prefix, 30);
      expect(run.error).toBeUndefined();
      expect(run.items.map((item) => item.json.email)).toEqual(Array.from({ length: 30 }, (_, index) => `${prefix}${index}@example.com`));
    } finally {
      sandbox.app.server.off('request', refuseTheTwelfth);
    }
    const posts = arrivals.filter((arrival) => arrival.method === 'POST');
    expect(posts.map((arrival) => arrival.status).filter((status) => status !== 201)).toEqual([429]);
    expect(posts).toHaveLength(31);
    // The sandbox's 429 asks for its burst interval (X-RateLimit-Interval-Milliseconds: 10 s), waited before the next create.
    const refused = posts.findIndex((arrival) => arrival.status === 429);
    expect(posts[refused + 1].at - posts[refused].at).toBeGreaterThanOrEqual(10_000);
    const made = contactsNamed(prefix);
    expect(made).toHaveLength(30);
    expect(new Set(made.map((contact) => contact.email)).size).toBe(30);
  });
});

describe('Sergio: 60 writes and 120 reads a minute per key, counted apart', () => {
  let credentials: CredentialStore;
  beforeAll(() => {
    credentials = new CredentialStore([new SergioApi()]);
    credentials.add('sergioApi', { apiKey: sergioHandle(sandbox.services).credentials.apiKey, baseUrl: `${sandbox.url}/sergio` });
  });

  const customersNamed = (prefix: string) => sergioHandle(sandbox.services).store.customers.filter((customer) => customer.email?.startsWith(prefix));
  const customerItems = (prefix: string, count: number): IDataObject[] =>
    Array.from({ length: count }, (_, index) => ({ name: `Bulk Customer ${index}`, email: `${prefix}${index}@example.com` }));
  const fields = { name: '={{ $json.name }}', email: '={{ $json.email }}' };

  it('Find or Create on 70 new customers: 70 reads and 70 writes, paced under the writes limit alone, with no 429; the wait is not the Timeout\'s', async () => {
    const prefix = `bulk-${RUN}-c-`;
    // A Timeout of 5 s: the 61st item waits a minute for its turn, and is not failed for it.
    const parameters = parametersOf(new Sergio(), 'find_or_create_customer', { ...fields, options: { timeout: 5 } });
    const run = await timedRun(new Sergio(), parameters, customerItems(prefix, 70), credentials);
    expect(run.error).toBeUndefined();
    expect(run.items.map((item) => [item.json.email, item.json.created])).toEqual(customerItems(prefix, 70).map((item) => [item.email, true]));
    expect(arrivals.filter((arrival) => arrival.status === 429)).toEqual([]);
    const writes = arrivals.filter((arrival) => arrival.method === 'POST').map((arrival) => arrival.at);
    const reads = arrivals.filter((arrival) => arrival.method === 'GET').map((arrival) => arrival.at);
    expect([writes.length, reads.length]).toEqual([70, 70]);
    expect(busiest(writes, 60_000).sliding).toBe(LIMITS.write);
    // One wait, for the 61st write: counted with the writes, the reads would have made it three.
    expect(run.seconds).toBeGreaterThanOrEqual(60);
    expect(run.seconds).toBeLessThan(70);
    expect(customersNamed(prefix)).toHaveLength(70);
  });

  it('waits out a Retry-After met mid-run and goes on, every customer made once', async () => {
    const prefix = `bulk-${RUN}-d-`;
    sandbox.faults.add({ kind: 'rate_limit', service: 'sergio', method: 'POST', path: '/actions/create-customer', retryAfter: 20, times: 1 });
    const run = await timedRun(new Sergio(), parametersOf(new Sergio(), 'create_customer', fields), customerItems(prefix, 10), credentials);
    expect(run.error).toBeUndefined();
    expect(run.items).toHaveLength(10);
    expect(arrivals.map((arrival) => arrival.status)).toEqual([429, ...Array(10).fill(201)]);
    expect(arrivals[1].at - arrivals[0].at).toBeGreaterThanOrEqual(20_000);
    expect(customersNamed(prefix).map((customer) => customer.email).sort()).toEqual(customerItems(prefix, 10).map((item) => String(item.email)).sort());
  });

  it('holds the next items for a 429 an item could not wait out within its Timeout, so that they do not meet it too', async () => {
    const prefix = `bulk-${RUN}-f-`;
    sandbox.faults.add({ kind: 'rate_limit', service: 'sergio', method: 'POST', path: '/actions/create-customer', retryAfter: 30, times: 1 });
    const parameters = parametersOf(new Sergio(), 'create_customer', { ...fields, options: { timeout: 5 } });
    const run = await timedRun(new Sergio(), parameters, customerItems(prefix, 4), credentials, { node: { onError: 'continueRegularOutput' } });
    expect(run.items.map((item) => item.json.error ?? item.json.email)).toEqual([
      'Sergio is rate limiting requests (HTTP 429) and asks to wait 30 seconds. That is more than is left of the 5 seconds this node gives a step (its Timeout option). Try again after that.',
      ...customerItems(prefix, 4).slice(1).map((item) => item.email),
    ]);
    expect(arrivals.map((arrival) => arrival.status)).toEqual([429, 201, 201, 201]);
    expect(arrivals[1].at - arrivals[0].at).toBeGreaterThanOrEqual(30_000);
  });

  it('never sends again a create answered otherwise: a 503 fails that item alone (Continue On Fail), sent once', async () => {
    const prefix = `bulk-${RUN}-e-`;
    let creates = 0;
    const failTheFifth = (request: IncomingMessage) => {
      if (request.method === 'POST' && ++creates === 5) sandbox.faults.add({ kind: 'status', status: 503, service: 'sergio', method: 'POST', times: 1 });
    };
    sandbox.app.server.prependListener('request', failTheFifth);
    let run: Awaited<ReturnType<typeof timedRun>>;
    try {
      run = await timedRun(new Sergio(), parametersOf(new Sergio(), 'create_customer', fields), customerItems(prefix, 8), credentials, { node: { onError: 'continueRegularOutput' } });
    } finally {
      sandbox.app.server.off('request', failTheFifth);
    }
    expect(run.items.map((item) => (item.json.error ? 'failed' : item.json.email))).toEqual(
      customerItems(prefix, 8).map((item, index) => (index === 4 ? 'failed' : item.email)),
    );
    expect(arrivals.map((arrival) => arrival.status)).toEqual([201, 201, 201, 201, 503, 201, 201, 201]);
    expect(customersNamed(prefix)).toHaveLength(7);
  });
});
