/**
 * What every answer means (`interpret`, through `callApi` and through the app's `afterResponse`) and
 * where the connection's credentials may go (`beforeRequestFor`), on the example app.
 */
import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { record } from '../answers';
import type { ServicePolicy } from '../errors';
import { callApi } from '../request';
import { MAX_THROTTLE_SECONDS } from '../ratelimit';
import { examplePolicy, exampleApp, failureOf, ORIGIN, OTHER_ORIGIN, REDIRECT_HINT, runCreate, TOKEN, type Sent } from './example';

/** The example's "get one thing" step: GET /things?q=… expecting a record. */
function getThing(policy: ServicePolicy = examplePolicy()) {
  return exampleApp(policy, {
    get: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, params: { q: bundle.inputData.q as string }, shape: record }),
  });
}

const run = (policy?: ServicePolicy, inputData: Record<string, unknown> = {}) => runCreate(getThing(policy), 'get', { inputData });

describe('interpret, through callApi', () => {
  it('hands a 2xx JSON record to the operation', async () => {
    nock(ORIGIN).get('/things').reply(200, { id: 'th_1', name: 'First thing' });
    await expect(run()).resolves.toEqual({ id: 'th_1', name: 'First thing' });
  });

  it("shows the API's own message, code and status of an error body", async () => {
    nock(ORIGIN).get('/things').reply(422, { error: { code: 'validation_error', message: 'name must not be empty' } });
    const error = await failureOf(run());
    expect(error).toMatchObject({ name: 'AppError', message: 'Example: name must not be empty', code: 'validation_error', status: 422 });
  });

  it("builds the message from the code and status only when the policy hides the API's messages", async () => {
    nock(ORIGIN).get('/things').reply(422, { error: { code: 'validation_error', message: 'dob 1980-01-01 of Jane Doe is invalid' } });
    const error = await failureOf(run(examplePolicy({ showApiMessages: false })));
    expect(error).toMatchObject({ message: 'Example refused the request (HTTP 422, validation_error).', code: 'validation_error', status: 422 });
    expect(error.raw).not.toMatch(/Jane|1980/);
  });

  it('does not take a code that is not a plain identifier from the API', async () => {
    nock(ORIGIN).get('/things').reply(400, { error: { code: '<script>alert(1)</script>', message: 'bad' } });
    expect(await failureOf(run())).toMatchObject({ message: 'Example: bad', code: 'http_400', status: 400 });
  });

  it.each([
    [502, 'is having trouble'],
    [503, 'is having trouble'],
    [404, 'could not handle the request'],
    [400, 'could not handle the request'],
  ])('explains an HTML %i page from a proxy without quoting it', async (status, kind) => {
    nock(ORIGIN).get('/things').reply(status, '<html><body><h1>Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' });
    const error = await failureOf(run());
    expect(error).toMatchObject({
      name: 'AppError',
      message:
        `Example ${kind} (HTTP ${status}) and answered with a page that is not its API's JSON, ` +
        'probably from a proxy or during an outage. Try again in a few minutes.',
      code: `http_${status}`,
      status,
    });
  });

  it('treats JSON that is not the common error shape like any page that is not the API', async () => {
    nock(ORIGIN).get('/things').reply(500, { message: 'Internal Server Error' });
    expect(await failureOf(run())).toMatchObject({ code: 'http_500', status: 500, message: expect.stringContaining('Example is having trouble (HTTP 500)') });
  });

  it('reads OAuth’s {"error": "...", "error_description": "..."} shape too', async () => {
    nock(ORIGIN).get('/things').reply(400, { error: 'invalid_grant', error_description: 'The refresh token was revoked.' });
    expect(await failureOf(run())).toMatchObject({ message: 'Example: The refresh token was revoked.', code: 'invalid_grant', status: 400 });
  });

  it('asks the user to reconnect on a 401 when the connection cannot refresh', async () => {
    nock(ORIGIN).get('/things').reply(401, { error: { code: 'invalid_token', message: 'revoked' } });
    const error = await failureOf(run());
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toBe("Example no longer accepts this connection's credentials. Reconnect your Example account in Zapier.");
    expect(error.doNotContextify).toBe(true);
  });

  it('asks Zapier to refresh the token on a 401 of an OAuth connection, with a message', async () => {
    nock(ORIGIN).get('/things').reply(401, '');
    const error = await failureOf(run(examplePolicy({ canRefresh: true })));
    expect(error.name).toBe('RefreshAuthError');
    expect(error.message).toBe('Example said the access token has expired; Zapier is refreshing it.');
    expect(error.raw).not.toMatch(/What happened/);
  });

  it("builds a 403's message with the policy, from the method and path, never the query string", async () => {
    const scope = nock(ORIGIN).get('/things').query({ q: 'Jane Doe' }).reply(403, { error: { code: 'insufficient_scope', message: 'no' } });
    const error = await failureOf(run(undefined, { q: 'Jane Doe' }));
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({
      name: 'AppError',
      message: 'Example refused GET /things (HTTP 403, insufficient_scope). Ask an Example admin for access.',
      code: 'insufficient_scope',
      status: 403,
    });
    expect(error.raw).not.toMatch(/Jane/);
  });

  it('does not take a 3xx that is no redirect (304) for data', async () => {
    nock(ORIGIN).get('/things').reply(304, '');
    expect(await failureOf(run())).toMatchObject({
      message: expect.stringContaining('Example answered GET /things with something this integration does not understand (HTTP 304, empty body).'),
      code: 'unexpected_response',
    });
  });
});

describe('429: Zapier retries after the wait the API asks for', () => {
  it('takes Retry-After in seconds', async () => {
    nock(ORIGIN).get('/things').reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '42' });
    const error = await failureOf(run());
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 42, message: 'Example is rate limiting requests (HTTP 429). Zapier will retry in 42 seconds.' });
    expect(error.doNotContextify).toBe(true);
  });

  it('takes Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    nock(ORIGIN).get('/things').reply(429, '', { 'Retry-After': at });
    const error = await failureOf(run());
    expect(error.name).toBe('ThrottledError');
    // The date has whole seconds: between 89 and 90 seconds from now.
    expect(error.delay).toBeGreaterThanOrEqual(89);
    expect(error.delay).toBeLessThanOrEqual(90);
  });

  it('takes the burst interval from X-RateLimit-* headers when there is no Retry-After', async () => {
    nock(ORIGIN).get('/things').reply(429, '', {
      'X-RateLimit-Interval-Milliseconds': '10000',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Daily-Remaining': '199000',
    });
    expect(await failureOf(run())).toMatchObject({ name: 'ThrottledError', delay: 10 });
  });

  it('waits for the next UTC midnight, at most an hour at a time, when the daily allowance is used up', async () => {
    nock(ORIGIN).get('/things').reply(429, '', { 'X-RateLimit-Daily-Remaining': '0', 'X-RateLimit-Interval-Milliseconds': '10000' });
    const error = await failureOf(run());
    const untilMidnight = Math.ceil((Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000);
    expect(error.name).toBe('ThrottledError');
    // (a second may pass between the kit's clock reading and this one)
    expect(Math.abs((error.delay ?? 0) - Math.min(untilMidnight, MAX_THROTTLE_SECONDS))).toBeLessThanOrEqual(1);
  });

  it('caps a wait longer than an hour and says the real wait', async () => {
    nock(ORIGIN).get('/things').reply(429, '', { 'Retry-After': String(3 * 3600 + 12 * 60) });
    const error = await failureOf(run());
    expect(error).toMatchObject({
      name: 'ThrottledError',
      delay: MAX_THROTTLE_SECONDS,
      message: 'Example is rate limiting requests (HTTP 429) for the next 3 h 12 min. Zapier will try again in 60 minutes.',
    });
  });
});

describe("the app's afterResponse (requests made without callApi)", () => {
  const policy = examplePolicy();
  const app = exampleApp(policy, {
    direct: async (z, bundle) => {
      const response = await z.request({ url: `${ORIGIN}/things/th_1`, skipThrowForStatus: Boolean(bundle.inputData.tolerate) });
      return { status: response.status, data: response.data };
    },
    raw: async (z) => {
      const response = await z.request({ url: `${ORIGIN}/things/th_1`, raw: true, skipThrowForStatus: true });
      return { status: response.status, text: await response.text() };
    },
  });

  it('lets a 2xx JSON answer through to the operation', async () => {
    nock(ORIGIN).get('/things/th_1').reply(200, { id: 'th_1' });
    await expect(runCreate(app, 'direct')).resolves.toEqual({ status: 200, data: { id: 'th_1' } });
  });

  it('turns an error answer into the same error callApi gives', async () => {
    nock(ORIGIN).get('/things/th_1').reply(409, { error: { code: 'conflict', message: 'already exists' } });
    expect(await failureOf(runCreate(app, 'direct'))).toMatchObject({ name: 'AppError', message: 'Example: already exists', code: 'conflict', status: 409 });

    nock(ORIGIN).get('/things/th_1').reply(401, '');
    expect((await failureOf(runCreate(app, 'direct'))).name).toBe('ExpiredAuthError');

    nock(ORIGIN).get('/things/th_1').reply(429, '', { 'Retry-After': '7' });
    expect(await failureOf(runCreate(app, 'direct'))).toMatchObject({ name: 'ThrottledError', delay: 7 });
  });

  it('refuses a 2xx whose body is not JSON', async () => {
    nock(ORIGIN).get('/things/th_1').reply(200, '<!doctype html><title>Sign in</title>', { 'Content-Type': 'text/html' });
    expect(await failureOf(runCreate(app, 'direct'))).toMatchObject({
      name: 'AppError',
      message: 'Example answered GET /things/th_1 with something this integration does not understand (HTTP 200, an HTML page). Try again; if it keeps happening, contact support.',
      code: 'unexpected_response',
      status: 502,
    });
  });

  it('leaves the answer to the operation that asked to see every status, or read it raw', async () => {
    nock(ORIGIN).get('/things/th_1').reply(404, { error: { code: 'not_found' } });
    await expect(runCreate(app, 'direct', { inputData: { tolerate: true } })).resolves.toEqual({ status: 404, data: { error: { code: 'not_found' } } });
    nock(ORIGIN).get('/things/th_1').reply(500, 'plain text');
    await expect(runCreate(app, 'raw')).resolves.toEqual({ status: 500, text: 'plain text' });
  });
});

describe("beforeRequestFor: the connection's credentials go to its API only", () => {
  const policy = examplePolicy();
  const sent: Sent[] = [];
  const app = exampleApp(
    policy,
    {
      elsewhere: async (z, bundle) => (await z.request({ url: `${String(bundle.inputData.base)}/collect`, method: 'POST', body: { a: 1 } })).data,
      direct: async (z) => (await z.request({ url: `${ORIGIN}/things/th_1` })).data,
      token: (z, bundle) => callApi(z, bundle, policy, { method: 'POST', url: `${ORIGIN}/oauth/token`, form: { grant_type: 'refresh_token' }, withoutCredentials: true, shape: record }),
      outside: (z, bundle) => callApi(z, bundle, policy, { url: `${String(bundle.inputData.base)}/things`, shape: record }),
    },
    sent,
  );
  beforeEach(() => {
    sent.length = 0;
  });

  it.each([
    ['another host', OTHER_ORIGIN, 'elsewhere.example.net'],
    ['plain http on the same host', 'http://api.example.test', 'api.example.test'],
    ['another port of the same host', 'https://api.example.test:8443', 'api.example.test:8443'],
  ])('refuses a z.request to %s before anything is sent', async (_name, base, host) => {
    const other = nock(base).post('/collect').reply(200, { ok: true });
    const error = await failureOf(runCreate(app, 'elsewhere', { inputData: { base } }));
    expect(error).toMatchObject({
      name: 'AppError',
      message: `Example: refused to send this connection's credentials to ${host}, which is not Example's API. ${REDIRECT_HINT}`,
      code: 'foreign_host',
      status: 400,
    });
    expect(error.raw).not.toContain(TOKEN);
    expect(other.isDone()).toBe(false);
    expect(sent).toEqual([]);
  });

  it("adds the connection's headers to a request for its API, made with or without callApi", async () => {
    const api = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/things/th_1')
      .reply(200, { id: 'th_1' });
    await expect(runCreate(app, 'direct')).resolves.toEqual({ id: 'th_1' });
    expect(api.isDone()).toBe(true);
  });

  it('sends a request marked withoutCredentials without them (OAuth’s token endpoint)', async () => {
    const api = nock(ORIGIN, { badheaders: ['authorization'] })
      .post('/oauth/token', 'grant_type=refresh_token')
      .reply(200, { id: 'tok' });
    await expect(runCreate(app, 'token')).resolves.toEqual({ id: 'tok' });
    expect(api.isDone()).toBe(true);
    expect(sent[0].headers).not.toHaveProperty('Authorization');
  });

  it('refuses a callApi URL outside the API before anything is sent', async () => {
    const other = nock(OTHER_ORIGIN).get('/things').reply(200, { id: 'x' });
    const error = await failureOf(runCreate(app, 'outside', { inputData: { base: OTHER_ORIGIN } }));
    expect(error).toMatchObject({ message: "Example: refused to send a request outside the API's address.", code: 'invalid_request', status: 400 });
    expect(other.isDone()).toBe(false);
    expect(sent).toEqual([]);
  });

  it('sends nothing when the credentials are refused by the policy (a key of the wrong shape)', async () => {
    const strict = examplePolicy({
      credentials: (z: ZObject, bundle: Bundle) => {
        if (!/^tok_live_/.test(String(bundle.authData.token))) {
          throw new z.errors.Error('Token does not look like an Example token: copy it again from Settings.', 'invalid_token_format', 400);
        }
        return { Authorization: `Bearer ${String(bundle.authData.token)}` };
      },
    });
    const api = nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    const error = await failureOf(runCreate(getThing(strict), 'get', { authData: { token: 'eyJhbGciOi.not-a-key' } }));
    expect(error).toMatchObject({ message: 'Token does not look like an Example token: copy it again from Settings.', code: 'invalid_token_format' });
    expect(api.isDone()).toBe(false);
  });
});
