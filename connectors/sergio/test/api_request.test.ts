import nock from 'nock';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { sergioHandle } from '../../../sandbox/sergio';
import { foreignTripwire, REFUSED_PATHS } from '../../../test/passthrough-paths';
import { WRITE_THROTTLE } from '../src/client';
import { customerSample, type Customer } from '../src/schemas';
import { API, App, LIVE_KEY, failure, run } from './app';

const apiRequest = App.creates.api_request;
const perform = apiRequest.operation.perform;

/** Catches any request to Sergio: for inputs that must be refused before anything is sent. */
function tripwire(): { sent: () => boolean } {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const scope = nock(API);
  for (const method of methods) scope.intercept(() => true, method).reply(500, { error: { code: 'tripwire', message: 'unexpected request' } });
  return { sent: () => scope.pendingMocks().length < methods.length };
}

describe('API Request (nock)', () => {
  beforeEach(() => {
    delete process.env.SERGIO_BASE_URL;
  });

  it('GETs the path under /zapier/v1 with the API key and the query, and hands on only the content type', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .get('/zapier/v1/searches/find-customer')
      .query({ email: 'ada@example.com' })
      .reply(200, [customerSample], { 'Content-Type': 'application/json', 'Set-Cookie': 'a=b', 'X-Request-Id': 'req_1' });
    const result = await run(perform, { inputData: { method: 'GET', path: '/searches/find-customer', query: { email: 'ada@example.com' } } });
    expect(scope.isDone()).toBe(true);
    // A list answer has no id of its own.
    expect(result).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, data: [customerSample] });
  });

  it('POSTs the JSON body and returns the record with its id', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY, 'content-type': 'application/json' } })
      .post('/zapier/v1/actions/create-customer', { name: 'Ada Lovelace', email: 'ada@example.com' })
      .reply(201, customerSample);
    const result = await run(perform, {
      inputData: { method: 'POST', path: '/actions/create-customer', body: { name: 'Ada Lovelace', email: 'ada@example.com' } },
    });
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ id: customerSample.id, status: 201, data: customerSample });
  });

  it('declares the writes\' throttle (it may write)', () => {
    expect(apiRequest.operation.throttle).toEqual(WRITE_THROTTLE);
  });

  it.each(REFUSED_PATHS)('refuses Path with %s before any request, naming the field', async (_what, path, message) => {
    const wire = tripwire();
    const foreign = foreignTripwire();
    const error = await failure(run(perform, { inputData: { method: 'POST', path, body: { name: 'Ada' } } }));
    expect(error).toMatchObject({ name: 'AppError', code: 'invalid_input', status: 400 });
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/evil|admin|Injected/);
    expect({ api: wire.sent(), foreign: foreign.sent() }).toEqual({ api: false, foreign: false });
  });

  it('refuses a body with GET before any request', async () => {
    const wire = tripwire();
    const error = await failure(run(perform, { inputData: { method: 'GET', path: '/me', body: '{"a": 1}' } }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Body is not sent with GET/) });
    expect(wire.sent()).toBe(false);
  });

  it('maps a 409 to the API\'s message instead of returning it', async () => {
    nock(API)
      .post('/zapier/v1/actions/create-customer')
      .reply(409, { error: { code: 'duplicate_customer', message: 'A customer with this email already exists' } });
    const error = await failure(run(perform, { inputData: { method: 'POST', path: '/actions/create-customer', body: { name: 'Ada', email: 'ada@example.com' } } }));
    expect(error).toMatchObject({ name: 'AppError', code: 'duplicate_customer', status: 409, message: 'Sergio: A customer with this email already exists' });
  });

  it('maps a 403 to the scopes message, and a 429 to a ThrottledError with Retry-After', async () => {
    nock(API).delete('/zapier/v1/subscriptions/sub_1').reply(403, { error: { code: 'insufficient_scope', message: 'Missing webhooks:write' } });
    const forbidden = await failure(run(perform, { inputData: { method: 'DELETE', path: '/subscriptions/sub_1' } }));
    expect(forbidden).toMatchObject({ code: 'insufficient_scope', status: 403, message: expect.stringMatching(/^Sergio refused DELETE \/zapier\/v1\/subscriptions\/sub_1 \(HTTP 403\)/) });

    nock(API).get('/zapier/v1/me').reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '17' });
    expect(await failure(run(perform, { inputData: { path: '/me' } }))).toMatchObject({ name: 'ThrottledError', delay: 17 });
  });
});

describe('API Request against the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
    process.env.SERGIO_BASE_URL = sandbox.env.SERGIO_BASE_URL;
  });

  afterAll(async () => {
    delete process.env.SERGIO_BASE_URL;
    await sandbox.close();
  });

  it('creates a customer with POST and finds it with GET and a query', async () => {
    const authData = { api_key: sergioHandle(sandbox.services).credentials.apiKey };
    const email = `passthrough.${Date.now()}@example.com`;
    const created = await run<{ id: string; status: number; data: Customer }>(perform, {
      authData,
      inputData: { method: 'POST', path: '/actions/create-customer', body: { name: 'Pass Through', email } },
    });
    expect(created).toMatchObject({ status: 201, data: { name: 'Pass Through', email } });
    expect(created.id).toBe(created.data.id);

    const found = await run<{ status: number; headers: Record<string, string>; data: Customer[] }>(perform, {
      authData,
      inputData: { path: '/searches/find-customer', query: { email } },
    });
    expect(found.status).toBe(200);
    expect(found.headers['content-type']).toMatch(/^application\/json/);
    expect(found.data.map((customer) => customer.id)).toEqual([created.id]);
  });
});
