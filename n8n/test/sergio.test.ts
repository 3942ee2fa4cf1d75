/**
 * The Sergio node run by n8n's engine in this process (WorkflowExecute, n8n-core's request helpers, the
 * package's own credential) against the sandbox: every action and search, both dropdowns, and the ways a
 * run can go wrong, each ending in a clean error with nothing sent where it should not go.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { sergioHandle, type SergioHandle } from '../../sandbox/sergio';
import { SergioApi } from '../packages/sergio/credentials/SergioApi.credentials';
import { Sergio } from '../packages/sergio/nodes/Sergio/Sergio.node';
import { CredentialStore } from './harness';
import { elsewhere, everythingOf, keptOf, NodeUnderTest, succeededOf } from './runtime-sandbox';

let sandbox: Sandbox;
let sergio: SergioHandle;
let node: NodeUnderTest;

/** The node with a Sergio credential holding `apiKey`, pointed at the sandbox by its Base URL. */
function withKey(apiKey: string): NodeUnderTest {
  const credentials = new CredentialStore([new SergioApi()]);
  credentials.add('sergioApi', { apiKey, baseUrl: `${sandbox.url}/sergio` });
  return new NodeUnderTest(new Sergio(), credentials);
}

beforeAll(async () => {
  sandbox = await startSandbox();
  sergio = sergioHandle(sandbox.services);
  node = withKey(sergio.credentials.apiKey);
});

afterAll(async () => {
  await sandbox.close();
});

afterEach(() => {
  sandbox.faults.clear();
});

const RUN = Date.now().toString(36);

describe('every action and search, and both dropdowns', () => {
  let customer: IDataObject;

  it('Create Customer creates the customer; Find Customer finds it; the Customer dropdown lists it', async () => {
    customer = await node.record('create_customer', { name: `Ada Byron ${RUN}`, email: `ada.${RUN}@example.com`, phone: '+1 415 555 0101' });
    expect(customer).toMatchObject({ id: expect.stringMatching(/^cus_/), name: `Ada Byron ${RUN}`, email: `ada.${RUN}@example.com`, address: null });

    expect((await node.items('find_customer', { email: `ADA.${RUN}@example.com` })).map((found) => found.id)).toEqual([customer.id]);
    expect(await node.dropdown('customer_list', 'create_job')).toContainEqual({ name: `Ada Byron ${RUN}`, value: customer.id });
  });

  it('Find or Create Customer returns the customer found, or the one it made, saying which', async () => {
    const found = await node.record('find_or_create_customer', { email: `ada.${RUN}@example.com`, name: `Ada Byron ${RUN}` });
    expect(found).toMatchObject({ id: customer.id, created: false });

    const made = await node.record('find_or_create_customer', { email: `grace.${RUN}@example.com`, name: `Grace Hopper ${RUN}` });
    expect(made).toMatchObject({ name: `Grace Hopper ${RUN}`, email: `grace.${RUN}@example.com`, created: true });
    expect(made.id).not.toBe(customer.id);
  });

  it('Create Job books a job for the customer and service type chosen from the dropdowns', async () => {
    const serviceTypes = await node.dropdown('service_type_list', 'create_job');
    expect(serviceTypes).toContainEqual({ name: 'Exterior Windows', value: 'exterior_windows' });

    const job = await node.record('create_job', {
      customer_id: customer.id as string,
      service_type: 'exterior_windows',
      scheduled_date: '2026-12-01',
      scheduled_time: '9:30 am',
      street: '1 Main St',
      city: 'Portland',
      state: 'OR',
      zip: '97201',
      price_cents: 18500,
    });
    expect(job).toMatchObject({ customer: { id: customer.id }, service_type: 'exterior_windows', scheduled_date: '2026-12-01', scheduled_time: '09:30', price_cents: 18500 });
  });

  it('API Request reads any endpoint of the API with the credential, handing on the status and the headers worth mapping', async () => {
    const answer = await node.record('api_request', { method: 'GET', path: '/options/customers', query: { pairs: [{ key: 'limit', value: '1' }] } });
    expect(answer).toMatchObject({ status: 200, data: { data: [{ id: expect.stringMatching(/^cus_/) }] } });
    expect((answer.data as { data: unknown[] }).data).toHaveLength(1);
    expect(answer.headers).toEqual({ 'content-type': expect.stringMatching(/^application\/json/) });
  });

  it('runs once per input item, each with its own mapped values, every output paired with its item', async () => {
    const items = [{ who: `Linus ${RUN}` }, { who: `Marie ${RUN}` }];
    const run = await node.run('create_customer', { name: '={{ $json.who }}' }, items);
    expect(run.error).toBeUndefined();
    expect(run.items.map((item) => [item.json.name, item.pairedItem])).toEqual([
      [`Linus ${RUN}`, { item: 0 }],
      [`Marie ${RUN}`, { item: 1 }],
    ]);
  });
});

describe('when a run goes wrong', () => {
  const find = { name: 'Ada' };

  it('a revoked key: the kit\'s reconnect message, and the key nowhere in what n8n keeps', async () => {
    const run = await withKey(sergio.credentials.revokedApiKey).run('find_customer', find);
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
    expect(run.error?.message).toMatch(/^Sergio no longer accepts this connection's credentials\./);
    // The connector's text names the platform the user is on.
    expect(run.error?.message).toContain('reconnect Sergio in n8n with an active key');
    expect(run.error?.message).not.toContain('Zapier');
    expect(keptOf(run)).not.toContain(sergio.credentials.revokedApiKey);
    // Nothing of the API's own answer is kept: the error is built from our message alone.
    expect(keptOf(run)).not.toContain('has been revoked');
  });

  it('an input refused before any request: a NodeOperationError naming the field', async () => {
    const run = await node.run('find_customer', {});
    expect(run.error).toMatchObject({ name: 'NodeOperationError', message: 'Fill in Email, Phone or Name to search by.' });
  });

  it('a 429 with a short Retry-After: waited out with n8n\'s sleep, then sent again', async () => {
    sandbox.faults.add({ kind: 'rate_limit', service: 'sergio', path: '/searches/find-customer', retryAfter: 1, times: 1 });
    const injected = sandbox.faults.injected;
    const started = Date.now();
    const run = await node.run('find_customer', find);
    expect(run.error).toBeUndefined();
    expect(sandbox.faults.injected - injected).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('a 429 asking for more than a minute: a clean error naming the wait', async () => {
    sandbox.faults.add({ kind: 'rate_limit', service: 'sergio', path: '/searches/find-customer', retryAfter: 120 });
    const run = await node.run('find_customer', find);
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '429' });
    expect(run.error?.message).toBe(
      'Sergio is rate limiting requests (HTTP 429) and asks to wait 2 minutes. This node waits at most 60 seconds for a rate limit. Try again after that.',
    );
  });

  it('a redirect to another host: refused, and nothing is sent there', async () => {
    const other = await elsewhere();
    try {
      sandbox.faults.add({ kind: 'redirect', service: 'sergio', location: `${other.url}/collect` });
      const run = await node.run('find_customer', find);
      expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '302' });
      expect(run.error?.message).toMatch(/^Sergio answered GET \/sergio\/zapier\/v1\/searches\/find-customer with a redirect to another host \(127\.0\.0\.1:\d+\)\. Nothing of the connection was sent there\./);
      expect(other.received).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['an empty body', { kind: 'empty' as const }, 'HTTP 200, empty body'],
    ['null', { kind: 'null' as const }, 'HTTP 200, null'],
    ['an HTML page', { kind: 'html_ok' as const }, 'HTTP 200, an HTML page'],
    ['the wrong shape', { kind: 'wrong_shape' as const }, 'HTTP 200, JSON that is not a list'],
  ])('%s: a clean error saying what came back', async (_case, fault, what) => {
    sandbox.faults.add({ ...fault, service: 'sergio', path: '/searches/find-customer' });
    const run = await node.run('find_customer', find);
    expect(run.error).toMatchObject({ name: 'NodeApiError' });
    expect(run.error?.message).toBe(
      `Sergio answered GET /sergio/zapier/v1/searches/find-customer with something this integration does not understand (${what}). Try again; if it keeps happening, contact support.`,
    );
  });

  it('a proxy\'s HTML error page: the kit\'s message, not the page', async () => {
    sandbox.faults.add({ kind: 'html', service: 'sergio', status: 502 });
    const run = await node.run('find_customer', find);
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '502' });
    expect(run.error?.message).toMatch(/^Sergio is having trouble \(HTTP 502\) and answered with a page that is not its API's JSON/);
    expect(keptOf(run)).not.toMatch(/<html|<body/i);
  });

  it('an API that does not answer in the node\'s time: the kit\'s message naming the wait', async () => {
    sandbox.faults.add({ kind: 'timeout', service: 'sergio', delayMs: 5_000 });
    const run = await node.run('find_customer', { ...find, options: { timeout: 2 } });
    expect(run.error?.message).toMatch(/^Sergio could not be reached: it did not answer within [12] seconds\. Try again in a few minutes\.$/);
  });

  it('with Continue On Fail, a failed item gives its error and the next item runs', async () => {
    const run = await node.run('find_customer', { name: '={{ $json.name }}' }, [{ name: '' }, { name: 'Ada' }], { node: { onError: 'continueRegularOutput' } });
    expect(run.error).toBeUndefined();
    expect(run.items[0]).toEqual({ json: { error: 'Fill in Email, Phone or Name to search by.' }, pairedItem: { item: 0 } });
    expect(run.items.slice(1).every((item) => (item.pairedItem as { item: number }).item === 1)).toBe(true);
    expect(run.items.length).toBeGreaterThan(1);
  });
});

// Last, after every other test of this file: an operation or dropdown added to the connector fails here until a test runs it.
it('ran every operation of the node and filled every dropdown', () => {
  expect(succeededOf(new Sergio())).toEqual(everythingOf(new Sergio()));
});
