import nock from 'nock';
import { API, LIVE_KEY, authentication, failure, run } from './app';

const me = { company: { id: 'co_1', name: 'Sparkle Window Cleaning Co.' }, key: { id: 'key_1', label: 'Zapier', scopes: ['jobs:read'] } };

beforeEach(() => {
  delete process.env.SERGIO_BASE_URL;
});

describe('authentication', () => {
  it('tests the key with GET /zapier/v1/me, sending it as X-API-Key, and labels the connection with the company', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } }).get('/zapier/v1/me').reply(200, me);
    const result = await run(authentication.test);
    expect(result).toEqual(me);
    expect(scope.isDone()).toBe(true);
    const label = await run(authentication.connectionLabel, { inputData: result });
    expect(label).toBe('Sparkle Window Cleaning Co.');
  });

  it('accepts a test key (sk_test_) and trims a key pasted with spaces', async () => {
    const key = 'sk_test_0123456789abcdef0123456789abcdef';
    const scope = nock(API, { reqheaders: { 'x-api-key': key } }).get('/zapier/v1/me').reply(200, me);
    await run(authentication.test, { authData: { api_key: `  ${key}\n` } });
    expect(scope.isDone()).toBe(true);
  });

  it.each(['sk_live_your_api_key_here', 'sk_test_a-b_C9'])('accepts %s, the shape Sergio documents (letters, digits, _ and -)', async (key) => {
    const scope = nock(API, { reqheaders: { 'x-api-key': key } }).get('/zapier/v1/me').reply(200, me);
    await run(authentication.test, { authData: { api_key: key } });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['a key without the sk_live_/sk_test_ prefix', 'pk_live_0123456789abcdef'],
    ['a JWT from the main API', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3IifQ.c2ln'],
    ['an empty key', ''],
    ['a key with whitespace inside', 'sk_live_abc def'],
    ['a key with other punctuation', 'sk_live_abc.def'],
    // Characters an HTTP header cannot carry are refused here too, before the kit would meet them.
    ['a key with a line break inside', 'sk_live_abc\r\nX-Injected: 1'],
    ['a key with an emoji', 'sk_live_abc😀def'],
    ['a key with "€"', 'sk_live_abc€def'],
  ])('refuses %s before any request, saying what a key looks like', async (_name, key) => {
    // The network is closed: a request would fail with a different error.
    const error = await failure(run(authentication.test, { authData: { api_key: key } }));
    expect(error).toMatchObject({ code: 'invalid_api_key_format', status: 400 });
    expect(error.message).toMatch(/^API Key does not look like a Sergio API key: it starts with "sk_live_" or "sk_test_"/);
    if (key) expect(error.message).not.toContain(key);
  });

  it('turns a revoked key (401 invalid_api_key) into ExpiredAuthError telling the user to reconnect', async () => {
    nock(API)
      .get('/zapier/v1/me')
      .reply(401, { error: { code: 'invalid_api_key', message: 'This API key has been revoked' } });
    const error = await failure(run(authentication.test));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/reconnect Sergio in Zapier with an active key/);
    expect(error.message).not.toContain(LIVE_KEY);
  });

  it('turns a 429 into ThrottledError with the delay from Retry-After', async () => {
    nock(API).get('/zapier/v1/me').reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '17' });
    expect(await failure(run(authentication.test))).toMatchObject({ name: 'ThrottledError', delay: 17 });
  });

  it('explains an HTML error page from a proxy instead of failing to parse it', async () => {
    nock(API).get('/zapier/v1/me').reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
    const error = await failure(run(authentication.test));
    expect(error).toMatchObject({ status: 502 });
    expect(error.message).toMatch(/^Sergio is having trouble \(HTTP 502\)/);
  });

  it('talks to SERGIO_BASE_URL when set (the sandbox), read per request', async () => {
    process.env.SERGIO_BASE_URL = 'https://sandbox.example.test/sergio/';
    const scope = nock('https://sandbox.example.test').get('/sergio/zapier/v1/me').reply(200, me);
    await run(authentication.test);
    expect(scope.isDone()).toBe(true);
  });
});

describe('redirects (the API key reaches only Sergio)', () => {
  beforeEach(() => {
    delete process.env.SERGIO_BASE_URL;
  });

  it.each([301, 302, 303, 307, 308])('a %i to another host on the auth test is refused, and the key is not sent there', async (status) => {
    const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, me);
    nock(API).get('/zapier/v1/me').reply(status, '', { Location: 'https://elsewhere.example/zapier/v1/me' });
    const error = await failure(run(authentication.test));
    expect(error).toMatchObject({ name: 'AppError', code: 'redirect_refused' });
    expect(error.message).toMatch(/^Sergio answered GET \/zapier\/v1\/me with a redirect to another host \(elsewhere\.example\)\. Nothing of the connection was sent there\./);
    expect(error.message).not.toContain(LIVE_KEY);
    expect(elsewhere.isDone()).toBe(false);
  });

  it('a redirect within api.sergio.app is followed with the key', async () => {
    nock(API).get('/zapier/v1/me').reply(301, '', { Location: `${API}/zapier/v1/me/` });
    const moved = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } }).get('/zapier/v1/me/').reply(200, me);
    await expect(run(authentication.test)).resolves.toEqual(me);
    expect(moved.isDone()).toBe(true);
  });
});
