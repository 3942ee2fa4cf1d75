import nock from 'nock';
import { PROFILES } from '../../../bench/profiles';
import { unguarded } from '../../../kit/zapier/guard-app';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { foreignTripwire, REFUSED_PATHS } from '../../../test/passthrough-paths';
import { contactSample } from '../src/schemas';
import { locationField } from '../src/fields';
import { App, run } from './app';
import { ORIGIN, agencyAuth, api, failure, locationAuth, rateLimitHeaders, resetEnv, tripwire } from './helpers';

const perform = App.creates.api_request.operation.perform;

/** Headers a real answer carries that API Request must not hand on. */
const noise = { 'set-cookie': 'session=abc; HttpOnly', 'x-request-id': 'req_123', server: 'nginx' };

describe('API Request (nock)', () => {
  beforeEach(resetEnv);

  it('GETs the path under /v2 with the query and returns status, content type and rate-limit headers only, and the JSON', async () => {
    const page = { data: [contactSample], meta: { nextCursor: null } };
    const scope = api()
      .get('/v2/contacts')
      .query({ email: 'maya.lopez@example.com', limit: '5' })
      .reply(200, page, { 'Content-Type': 'application/json', ...noise });
    const result = await run(perform, {
      authData: locationAuth,
      inputData: { method: 'GET', path: '/contacts', query: { email: 'maya.lopez@example.com', limit: '5', '': 'dropped' } },
    });
    expect(scope.isDone()).toBe(true);
    const lower = Object.fromEntries(Object.entries(rateLimitHeaders()).map(([name, value]) => [name.toLowerCase(), value]));
    expect(result).toEqual({ status: 200, headers: { 'content-type': 'application/json', ...lower }, data: page });
  });

  it('POSTs the JSON body (given as text, as the CLI sends it) and returns the record with its id', async () => {
    const scope = api()
      .post('/v2/contacts', { email: 'ada@example.com', tags: ['vip'] })
      .matchHeader('content-type', 'application/json')
      .reply(201, contactSample);
    const result = await run(perform, {
      authData: locationAuth,
      inputData: { method: 'POST', path: '/contacts', body: '{"email": "ada@example.com", "tags": ["vip"]}' },
    });
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ id: contactSample.id, status: 201, data: contactSample });
  });

  it('sends a body with DELETE (removing tags) and returns null data for an empty answer', async () => {
    const scope = api().delete('/v2/contacts/ct_1/tags', { tags: ['vip'] }).reply(204);
    const result = await run(perform, { authData: locationAuth, inputData: { method: 'DELETE', path: '/contacts/ct_1/tags', body: { tags: ['vip'] } } });
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ status: 204, data: null });
  });

  it('uses GET when no method is chosen', async () => {
    const scope = api().get('/v2/me').reply(200, { user: { id: 'usr_1' } });
    await expect(run(perform, { authData: locationAuth, inputData: { path: '/me' } })).resolves.toMatchObject({ status: 200, data: { user: { id: 'usr_1' } } });
    expect(scope.isDone()).toBe(true);
  });

  describe('Agency connections act in the chosen Location', () => {
    it('offers the Location field only to Agency connections', async () => {
      const [first] = App.creates.api_request.operation.inputFields ?? [];
      // The action's first field is the shared Location field (a function of the connection, behind the guard).
      expect(unguarded(first)).toBe(locationField);
      const fields = (authData: object) => run<Array<{ key: string }>>(locationField, { authData });
      expect(await fields(locationAuth)).toEqual([]);
      expect((await fields(agencyAuth)).map((field) => field.key)).toEqual(['locationId']);
    });

    it('as a query parameter with GET, overriding one typed in Query', async () => {
      const scope = api().get('/v2/contacts').query({ locationId: 'loc_lakeside', limit: '1' }).reply(200, { data: [], meta: { nextCursor: null } });
      await run(perform, { authData: agencyAuth, inputData: { locationId: 'loc_lakeside', path: '/contacts', query: { limit: '1', locationId: 'loc_other' } } });
      expect(scope.isDone()).toBe(true);
    });

    it('in the body with POST', async () => {
      const scope = api().post('/v2/contacts', { email: 'ada@example.com', locationId: 'loc_lakeside' }).reply(201, contactSample);
      await run(perform, { authData: agencyAuth, inputData: { locationId: 'loc_lakeside', method: 'POST', path: '/contacts', body: { email: 'ada@example.com' } } });
      expect(scope.isDone()).toBe(true);
    });

    it('is required before any request', async () => {
      const wire = tripwire();
      const error = await failure(run(perform, { authData: agencyAuth, inputData: { path: '/contacts' } }));
      expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Location is required/) });
      expect(wire.sent()).toBe(false);
    });
  });

  describe('refuses before any request, naming the field', () => {
    it.each(REFUSED_PATHS)('Path with %s', async (_what, path, message) => {
      const wire = tripwire();
      const foreign = foreignTripwire();
      const error = await failure(run(perform, { authData: locationAuth, inputData: { method: 'POST', path, body: { email: 'ada@example.com' } } }));
      expect(error).toMatchObject({ name: 'AppError', code: 'invalid_input', status: 400 });
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/evil|admin|Injected/);
      expect({ api: wire.sent(), foreign: foreign.sent() }).toEqual({ api: false, foreign: false });
    });

    it.each([
      ['a body with GET', { method: 'GET', path: '/contacts', body: { email: 'a@example.com' } }, /^Body is not sent with GET/],
      ['a body that is not JSON', { method: 'POST', path: '/contacts', body: '{email: a}' }, /^Body must be a JSON object.*not valid JSON/],
      ['a body that is a list', { method: 'POST', path: '/contacts', body: '[1, 2]' }, /^Body must be a JSON object/],
      ['a method not offered', { method: 'TRACE', path: '/contacts' }, /^Method must be one of GET, POST, PUT, PATCH, DELETE/],
      ['a query value that is an object', { path: '/contacts', query: { filter: { a: 1 } } }, /^Query values must be text or numbers/],
    ])('%s', async (_what, inputData, message) => {
      const wire = tripwire();
      const error = await failure(run(perform, { authData: locationAuth, inputData }));
      expect(error).toMatchObject({ code: 'invalid_input', status: 400, message: expect.stringMatching(message) });
      expect(wire.sent()).toBe(false);
    });
  });

  describe('answers that are not a success are the usual errors, not a result', () => {
    it('a 422 shows the API\'s message', async () => {
      api().post('/v2/contacts').reply(422, { error: { code: 'validation_error', message: 'email is not valid' } });
      const error = await failure(run(perform, { authData: locationAuth, inputData: { method: 'POST', path: '/contacts', body: { email: 'x' } } }));
      expect(error).toMatchObject({ name: 'AppError', code: 'validation_error', status: 422, message: 'Serebro AI: email is not valid' });
    });

    it('a 404 is an error', async () => {
      api().get('/v2/nowhere').reply(404, { error: { code: 'not_found', message: 'No route GET /v2/nowhere' } });
      const error = await failure(run(perform, { authData: locationAuth, inputData: { path: '/nowhere' } }));
      expect(error).toMatchObject({ name: 'AppError', code: 'not_found', status: 404 });
    });

    it('a 401 asks Zapier to refresh the token', async () => {
      api().get('/v2/contacts').reply(401, { error: { code: 'invalid_token', message: 'expired' } });
      const error = await failure(run(perform, { authData: locationAuth, inputData: { path: '/contacts' } }));
      expect(error.name).toBe('RefreshAuthError');
    });

    it('a 429 is a ThrottledError with the delay from the rate-limit headers', async () => {
      nock(ORIGIN).get('/v2/contacts').reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, rateLimitHeaders(0));
      const error = await failure(run(perform, { authData: locationAuth, inputData: { path: '/contacts' } }));
      expect(error).toMatchObject({ name: 'ThrottledError', delay: 10 });
    });

    it('a redirect to another host is refused and nothing is sent there', async () => {
      const foreign = foreignTripwire();
      api().get('/v2/contacts').reply(302, '', { Location: 'https://evil.example/steal' });
      const error = await failure(run(perform, { authData: locationAuth, inputData: { path: '/contacts' } }));
      expect(error).toMatchObject({ code: 'redirect_refused' });
      expect(foreign.sent()).toBe(false);
    });
  });
});

describe('API Request against the sandbox', () => {
  let sandbox: Sandbox;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true });
    Object.assign(process.env, sandbox.services.serebro.env(sandbox.url));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await sandbox.close();
  });

  it('creates a contact with POST /contacts, then reads it back with GET, with the sandbox\'s rate-limit headers', async () => {
    const authData = await PROFILES.serebro.connect(sandbox);
    const created = await run<{ id: string; status: number; data: { id: string; email: string } }>(perform, {
      authData,
      inputData: { method: 'POST', path: '/contacts', body: { email: 'passthrough@example.com', firstName: 'Pass' } },
    });
    expect(created).toMatchObject({ status: 201, data: { email: 'passthrough@example.com' } });
    expect(created.id).toBe(created.data.id);

    const read = await run<{ status: number; headers: Record<string, string>; data: { email: string } }>(perform, {
      authData,
      inputData: { path: `/contacts/${created.id}` },
    });
    expect(read).toMatchObject({ status: 200, data: { email: 'passthrough@example.com' } });
    expect(Object.keys(read.headers).sort()).toEqual([
      'content-type',
      'x-ratelimit-daily-remaining',
      'x-ratelimit-interval-milliseconds',
      'x-ratelimit-limit-daily',
      'x-ratelimit-max',
      'x-ratelimit-remaining',
    ]);
  });
});
