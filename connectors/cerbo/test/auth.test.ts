import nock from 'nock';
import { normaliseSubdomain } from '../src/client';
import { App, AUTH, BASIC, ORIGIN, appTester, bundleOf, failure } from './app';

const auth = App.authentication;

beforeEach(() => {
  delete process.env.CERBO_BASE_URL;
});

describe('connection fields', () => {
  test.each([
    ['acme', 'acme'],
    ['  Acme ', 'acme'],
    ['acme.md-hq.com', 'acme'],
    ['https://acme.md-hq.com/ehr/patients?x=1', 'acme'],
    ['http://north-side-2.md-hq.com:443/', 'north-side-2'],
  ])('subdomain %p is reduced to %p', (given, expected) => {
    expect(normaliseSubdomain(given)).toBe(expected);
  });

  test.each(['', 'acme clinic', 'acme_clinic', '-acme', 'acme.example.com', 'a'.repeat(64), 'https://', '../admin'])(
    'subdomain %p is refused',
    (given) => expect(normaliseSubdomain(given)).toBeUndefined(),
  );

  test('the test request goes to the practice host with Basic auth and a pasted address normalised', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .get('/api/v1/users')
      .query({ limit: '1' })
      .reply(200, { data: [{ id: 'usr_1', first_name: 'Ana', last_name: 'Lopez', email: null, is_provider: true, active: true }], total: 4 });
    const bundle = bundleOf({}, { authData: { ...AUTH, subdomain: 'https://acme.md-hq.com/dashboard', username: ` ${AUTH.username} ` } });
    const result = (await appTester(auth.test, bundle)) as { total: number };
    expect(result.total).toBe(4);
    expect(scope.isDone()).toBe(true);
  });

  test('the connection label is "subdomain (username)", without the secret', async () => {
    const label = await appTester(auth.connectionLabel, bundleOf({}, { authData: { ...AUTH, subdomain: 'ACME.md-hq.com' } }));
    expect(label).toBe('acme (pk_zapier)');
    expect(String(label)).not.toContain(AUTH.password);
  });

  test.each([
    [{ subdomain: 'acme clinic' }, /^Subdomain must be/],
    [{ subdomain: 'acme.example.com' }, /^Subdomain must be/],
    [{ username: 'zapier' }, /^Username \(Public Key\) must .*start.*"pk_"/],
    [{ username: 'pk_zap ier' }, /^Username \(Public Key\)/],
    [{ username: 'pk_zap!er' }, /^Username \(Public Key\)/],
    [{ username: 'pk_zap\r\nier' }, /^Username \(Public Key\)/],
    [{ username: 'pk_zap😀ier' }, /^Username \(Public Key\)/],
    [{ username: 'pk_zap€ier' }, /^Username \(Public Key\)/],
    [{ password: '  ' }, /^Secret Key is required/],
  ])('%p is refused before any request, naming the field', async (override, message) => {
    const bundle = bundleOf({}, { authData: { ...AUTH, ...override } });
    const refused = await failure(appTester(auth.test, bundle));
    expect(refused.message).toMatch(message);
    expect(refused.code).toBe('invalid_auth_field');
    // Every operation's requests are refused the same way (beforeRequest), not only the auth test.
    const again = await failure(appTester(App.triggers.new_patient.operation.perform, bundle));
    expect(again.message).toMatch(message);
    expect(nock.pendingMocks()).toEqual([]);
  });

  test.each([
    ['a line break', 'sk_unit\nsecond_line'],
    ['a CR/LF', 'sk_unit\r\nsecret'],
    ['a NUL', 'sk_unit\u0000secret'],
  ])('a Secret Key with %s inside is refused before any request, naming it and asking to reconnect (RFC 7617)', async (_name, password) => {
    const bundle = bundleOf({}, { authData: { ...AUTH, password } });
    for (const perform of [auth.test, App.triggers.new_patient.operation.perform]) {
      const refused = await failure(appTester(perform, bundle));
      expect(refused.name).toBe('ExpiredAuthError');
      expect(refused.message).toBe(
        "Cerbo: this connection's Secret Key holds a line break or another control character, which Basic authentication cannot carry, " +
          `so it cannot be sent. Check the API user in Cerbo (Admin → Manage → Integrations → API User Management) and reconnect with its username and secret key.`,
      );
      expect(refused.message).not.toContain('sk_unit');
    }
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('a Secret Key with "€" or an emoji is sent: Zapier encodes Basic as UTF-8 in base64, and only Cerbo can say whether it is right', async () => {
    const password = 'sk_unit_€_😀';
    const basic = `Basic ${Buffer.from(`${AUTH.username}:${password}`, 'utf8').toString('base64')}`;
    const scope = nock(ORIGIN, { reqheaders: { authorization: basic } }).get('/api/v1/users').query({ limit: '1' }).reply(200, { data: [], total: 0 });
    await appTester(auth.test, bundleOf({}, { authData: { ...AUTH, password } }));
    expect(scope.isDone()).toBe(true);
  });

  test('the help text says where each field is found, that the secret is shown once, and links to Cerbo\'s help', () => {
    const fields = Object.fromEntries(auth.fields.map((field) => [field.key, field.helpText ?? '']));
    expect(Object.keys(fields)).toEqual(['subdomain', 'username', 'password']);
    for (const help of Object.values(fields)) expect(help).toMatch(/\[[^\]]+\]\(https:\/\/help\.cer\.bo\/[^)]+\)/);
    expect(fields.username).toContain('Admin → Manage → Integrations → API User Management');
    expect(fields.password).toContain('Admin → Manage → Integrations → API User Management');
    expect(fields.password).toMatch(/only once/);
  });
});

describe('errors of the test request', () => {
  test('401 asks the user to reconnect (ExpiredAuthError)', async () => {
    nock(ORIGIN).get('/api/v1/users').query(true).reply(401, { error: { code: 'unauthorized', message: 'bad key' } });
    const refused = await failure(appTester(auth.test, bundleOf()));
    expect(refused.name).toBe('ExpiredAuthError');
    expect(refused.message).toContain('API User Management');
  });

  test('403 names the permission profile and the refused endpoint, without query or body text', async () => {
    nock(ORIGIN)
      .get('/api/v1/users')
      .query(true)
      .reply(403, { error: { code: 'permission_denied', message: 'Profile "Billing" lacks users for Maria Garcia', details: { permission: 'users.read' } } });
    const refused = await failure(appTester(auth.test, bundleOf()));
    expect(refused).toMatchObject({ name: 'AppError', code: 'permission_denied', status: 403 });
    expect(refused.message).toContain('permission profile');
    expect(refused.message).toContain('GET /api/v1/users');
    expect(refused.message).not.toMatch(/limit=|Maria|Garcia|Billing/);
  });

  test('429 is retried after Retry-After', async () => {
    nock(ORIGIN).get('/api/v1/users').query(true).reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '37' });
    const refused = await failure(appTester(auth.test, bundleOf()));
    expect(refused).toMatchObject({ name: 'ThrottledError', delay: 37 });
  });

  test('an unknown practice says to check the subdomain', async () => {
    nock(ORIGIN).get('/api/v1/users').query(true).reply(404, { error: { code: 'practice_not_found', message: 'no such practice' } });
    const refused = await failure(appTester(auth.test, bundleOf()));
    expect(refused.message).toMatch(/no practice at this subdomain.*Check the Subdomain/);
  });

  test('an HTML error page from a proxy still gives a clear message', async () => {
    nock(ORIGIN).get('/api/v1/users').query(true).reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
    const refused = await failure(appTester(auth.test, bundleOf()));
    expect(refused.message).toMatch(/HTTP 502.*not its API's JSON/);
  });
});

describe('redirects (credentials reach only the practice host)', () => {
  test.each([301, 302, 303, 307, 308])('a %i to another host on the auth test and on New Patient is refused, with nothing sent there', async (status) => {
    const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, { data: [], total: 0 });
    nock(ORIGIN).get('/api/v1/users').query(true).reply(status, '', { Location: 'https://elsewhere.example/api/v1/users' });
    const onTest = await failure(appTester(auth.test as never, bundleOf()));
    expect(onTest).toMatchObject({ name: 'AppError', code: 'redirect_refused' });
    expect(onTest.message).toBe(
      'Cerbo answered GET /api/v1/users with a redirect to another host (elsewhere.example). Nothing of the connection was sent there. ' +
        'The practice subdomain of the connection may be wrong: check it and reconnect.',
    );
    nock(ORIGIN).get('/api/v1/patients').query(true).reply(status, '', { Location: 'https://elsewhere.example/api/v1/patients' });
    const onPoll = await failure(appTester(App.triggers.new_patient.operation.perform as never, bundleOf()));
    expect(onPoll).toMatchObject({ code: 'redirect_refused' });
    expect(`${onTest.message}${onPoll.message}`).not.toMatch(new RegExp(`${AUTH.username}|${AUTH.password}`));
    expect(elsewhere.isDone()).toBe(false);
  });

  test('a redirect within the practice host is followed, with Basic auth', async () => {
    nock(ORIGIN).get('/api/v1/users').query(true).reply(307, '', { Location: '/api/v1/users/?limit=1' });
    const moved = nock(ORIGIN, { reqheaders: { authorization: BASIC } }).get('/api/v1/users/').query({ limit: '1' }).reply(200, { data: [], total: 0 });
    await appTester(auth.test as never, bundleOf());
    expect(moved.isDone()).toBe(true);
  });
});
