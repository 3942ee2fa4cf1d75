import nock from 'nock';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { errorMapper, type ErrorPolicy } from '../errors';

const ORIGIN = 'https://api.example.test';

function appWith(policy: Partial<ErrorPolicy>) {
  const fullPolicy: ErrorPolicy = {
    service: 'Example',
    canRefresh: false,
    reconnect: 'Reconnect your Example account in Zapier.',
    showApiMessages: true,
    forbidden: (refused, apiError) => `Example refused ${refused.method} ${refused.path}: ${apiError?.code ?? 'forbidden'}.`,
    ...policy,
  };
  return {
    version: '1.0.0',
    platformVersion: zapier.version,
    flags: { throwForThrottlingEarly: false },
    afterResponse: [errorMapper(fullPolicy)],
    triggers: {
      probe: {
        key: 'probe',
        noun: 'Probe',
        display: { label: 'Probe', description: 'Triggers when probed.' },
        operation: {
          perform: async (z: ZObject, bundle: Bundle) => {
            const response = await z.request({
              url: `${ORIGIN}/things`,
              params: { q: bundle.inputData.q as string },
              skipThrowForStatus: Boolean(bundle.inputData.tolerate),
            });
            return [{ id: String(response.status), ...(response.data as object) }];
          },
        },
      },
    },
  };
}

async function run(policy: Partial<ErrorPolicy> = {}, inputData: Record<string, unknown> = {}) {
  const app = appWith(policy);
  const appTester = zapier.createAppTester(app);
  return appTester(app.triggers.probe.operation.perform, { inputData } as Bundle);
}

async function failure(policy: Partial<ErrorPolicy> = {}, inputData: Record<string, unknown> = {}) {
  try {
    await run(policy, inputData);
  } catch (error) {
    return error as Error & { name: string; delay?: number };
  }
  throw new Error('expected the request to fail');
}

describe('errorMapper', () => {
  it('passes a JSON 2xx through', async () => {
    nock(ORIGIN).get('/things').query(true).reply(200, { name: 'ok' });
    await expect(run()).resolves.toEqual([{ id: '200', name: 'ok' }]);
  });

  it('maps the contract error body to z.errors.Error with code and status', async () => {
    nock(ORIGIN).get('/things').query(true).reply(422, { error: { code: 'validation_error', message: 'email is not an email' } });
    const error = await failure();
    expect(error.name).toBe('AppError');
    const parsed = JSON.parse(error.message);
    expect(parsed).toMatchObject({ message: 'Example: email is not an email', code: 'validation_error', status: 422 });
  });

  it('does not quote the API message for services holding health data', async () => {
    nock(ORIGIN).get('/things').query(true).reply(422, { error: { code: 'validation_error', message: 'dob 1980-01-01 of Jane Doe invalid' } });
    const error = await failure({ showApiMessages: false });
    expect(error.message).not.toMatch(/Jane|1980/);
    expect(JSON.parse(error.message)).toMatchObject({ code: 'validation_error', status: 422 });
    expect(JSON.parse(error.message).message).toMatch(/HTTP 422/);
  });

  it('turns an HTML 502 from a proxy into a clear message with the status', async () => {
    nock(ORIGIN).get('/things').query(true).reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' });
    const error = await failure();
    const parsed = JSON.parse(error.message);
    expect(parsed).toMatchObject({ code: 'http_502', status: 502 });
    expect(parsed.message).toMatch(/Example is having trouble \(HTTP 502\)/);
    expect(parsed.message).not.toMatch(/<html>/);
  });

  it('refuses a 2xx whose body is not JSON', async () => {
    nock(ORIGIN).get('/things').query(true).reply(200, '{"data": [', { 'content-type': 'application/json' });
    const error = await failure();
    expect(JSON.parse(error.message)).toMatchObject({ code: 'malformed_response', status: 200 });
  });

  it('maps 401 to ExpiredAuthError when the auth cannot refresh', async () => {
    nock(ORIGIN).get('/things').query(true).reply(401, { error: { code: 'invalid_api_key', message: 'revoked' } });
    const error = await failure();
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toBe("Example no longer accepts this connection's credentials. Reconnect your Example account in Zapier.");
  });

  it('maps 401 to RefreshAuthError when the auth can refresh', async () => {
    nock(ORIGIN).get('/things').query(true).reply(401, { error: { code: 'invalid_token', message: 'expired' } });
    const error = await failure({ canRefresh: true });
    expect(error.name).toBe('RefreshAuthError');
  });

  it('builds the 403 message from the refused method and path, never the query string', async () => {
    nock(ORIGIN).get('/things').query(true).reply(403, { error: { code: 'insufficient_scope', message: 'nope' } });
    const error = await failure({}, { q: 'Jane Doe' });
    const parsed = JSON.parse(error.message);
    expect(parsed).toMatchObject({ message: 'Example refused GET /things: insufficient_scope.', code: 'insufficient_scope', status: 403 });
  });

  it('maps 429 with Retry-After to ThrottledError with that delay', async () => {
    nock(ORIGIN).get('/things').query(true).reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '42' });
    const error = await failure();
    expect(error.name).toBe('ThrottledError');
    expect(JSON.parse(error.message)).toMatchObject({ delay: 42 });
  });

  it('maps 429 without Retry-After to the burst interval from X-RateLimit-* headers', async () => {
    nock(ORIGIN)
      .get('/things')
      .query(true)
      .reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, {
        'X-RateLimit-Interval-Milliseconds': '10000',
        'X-RateLimit-Max': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Limit-Daily': '200000',
        'X-RateLimit-Daily-Remaining': '199000',
      });
    const error = await failure();
    expect(error.name).toBe('ThrottledError');
    expect(JSON.parse(error.message)).toMatchObject({ delay: 10 });
  });

  it('hands a tolerated 404 back to the caller (searches) but still maps 401 and 429', async () => {
    nock(ORIGIN).get('/things').query(true).reply(404, { error: { code: 'not_found', message: 'none' } });
    await expect(run({}, { tolerate: true })).resolves.toEqual([{ id: '404', error: { code: 'not_found', message: 'none' } }]);

    nock(ORIGIN).get('/things').query(true).reply(429, {}, { 'Retry-After': '3' });
    expect((await failure({}, { tolerate: true })).name).toBe('ThrottledError');
    nock(ORIGIN).get('/things').query(true).reply(401, {});
    expect((await failure({}, { tolerate: true })).name).toBe('ExpiredAuthError');
  });
});
