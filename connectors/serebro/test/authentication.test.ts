import nock from 'nock';
import { authentication, run } from './app';
import { ORIGIN, api, failure, locationAuth, resetEnv } from './helpers';
import { SCOPES } from '../src/authentication';

const me = {
  user: { id: 'usr_1', name: 'Alex Rivera', email: 'alex@northwind.example' },
  user_type: 'Location',
  location: { id: 'loc_downtown', name: 'Northwind Downtown Clinic' },
  company: { id: 'co_northwind', name: 'Northwind Wellness Group' },
  scopes: SCOPES.split(' '),
};

const tokenReply = {
  access_token: 'sat_new',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'srt_new',
  scope: SCOPES,
  user_type: 'Location',
  location_id: 'loc_downtown',
  company_id: 'co_northwind',
};

describe('Serebro AI OAuth 2.0', () => {
  beforeEach(resetEnv);

  it('sends the user to the authorize page with client id, state, redirect URI and space-separated scopes, never the secret', async () => {
    const url = await run<string>(authentication.oauth2Config.authorizeUrl, {
      inputData: { state: 'st-1', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/' },
    });
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${ORIGIN}/oauth/authorize`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client_unit.apps.serebro.ai',
      state: 'st-1',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      scope: 'contacts:read contacts:write opportunities:read opportunities:write appointments:read appointments:write workflows:read workflows:write webhooks:read webhooks:write',
    });
    expect(url).toContain('scope=contacts%3Aread%20contacts%3Awrite');
    expect(url).not.toContain('sk_client_unit_secret');
  });

  it('follows SEREBRO_BASE_URL at run time (the sandbox)', async () => {
    process.env.SEREBRO_BASE_URL = 'http://127.0.0.1:4010/serebro/';
    const url = await run<string>(authentication.oauth2Config.authorizeUrl, { inputData: { state: 's', redirect_uri: 'http://127.0.0.1/cb' } });
    expect(url.startsWith('http://127.0.0.1:4010/serebro/oauth/authorize?')).toBe(true);
  });

  it('exchanges the code with a form-encoded body holding the client secret, and keeps the Location in authData', async () => {
    const scope = nock(ORIGIN)
      .post('/oauth/token', (body) => {
        expect(body).toEqual({
          grant_type: 'authorization_code',
          code: 'sac_code',
          redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
          client_id: 'client_unit.apps.serebro.ai',
          client_secret: 'sk_client_unit_secret',
        });
        return true;
      })
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, tokenReply);
    const result = await run(authentication.oauth2Config.getAccessToken, {
      inputData: { code: 'sac_code', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/' },
    });
    expect(result).toEqual({
      access_token: 'sat_new',
      refresh_token: 'srt_new',
      user_type: 'Location',
      location_id: 'loc_downtown',
      company_id: 'co_northwind',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('keeps an empty location_id for Agency connections', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .reply(200, { ...tokenReply, user_type: 'Company', location_id: null });
    const result = await run<Record<string, string>>(authentication.oauth2Config.getAccessToken, {
      inputData: { code: 'c', redirect_uri: 'http://127.0.0.1/cb' },
    });
    expect(result).toMatchObject({ user_type: 'Company', location_id: '', company_id: 'co_northwind' });
  });

  it('refreshes with the refresh token and returns the rotated one', async () => {
    nock(ORIGIN)
      .post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: 'srt_unit_refresh_token',
        client_id: 'client_unit.apps.serebro.ai',
        client_secret: 'sk_client_unit_secret',
      })
      .reply(200, { ...tokenReply, access_token: 'sat_2', refresh_token: 'srt_2' });
    const result = await run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth });
    expect(result).toMatchObject({ access_token: 'sat_2', refresh_token: 'srt_2', location_id: 'loc_downtown' });
  });

  it('asks the user to reconnect when a refresh is refused (an old, rotated refresh token)', async () => {
    nock(ORIGIN).post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'The refresh token has already been used' });
    const error = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(String(error.message)).toMatch(/^Serebro AI no longer accepts this connection .*Reconnect your Serebro AI account in Zapier\.$/);
  });

  it('says to start again when the authorization code is refused', async () => {
    nock(ORIGIN).post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'The code has expired' });
    const error = await failure(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } }));
    expect(error).toMatchObject({ name: 'AppError', code: 'invalid_grant', status: 400 });
    expect(String(error.message)).toMatch(/Start connecting your account again/);
  });

  it('maps any other token endpoint failure like every request', async () => {
    nock(ORIGIN).post('/oauth/token').reply(502, '<html>Bad Gateway</html>');
    const error = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth }));
    expect(error).toMatchObject({ code: 'http_502', status: 502 });
  });

  it.each(['bearer', 'BEARER'])('keeps a token whose type is %s (token_type is case-insensitive)', async (type) => {
    nock(ORIGIN).post('/oauth/token').reply(200, { ...tokenReply, token_type: type });
    await expect(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } })).resolves.toMatchObject({ access_token: 'sat_new' });
    nock(ORIGIN).post('/oauth/token').reply(200, { ...tokenReply, token_type: type, access_token: 'sat_2' });
    await expect(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth })).resolves.toMatchObject({ access_token: 'sat_2' });
  });

  it.each([
    ['of type "mac"', { ...tokenReply, token_type: 'mac' }],
    ['without saying its type', (({ token_type: _type, ...rest }) => rest)(tokenReply)],
  ])('refuses an access token %s when connecting, saying to start again (RFC 6749 §5.1 and RFC 6749 §7.1)', async (which, reply) => {
    nock(ORIGIN).post('/oauth/token').reply(200, reply);
    const error = await failure(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'unusable_token',
      message: `Serebro AI issued an access token ${which}; this integration can only send Bearer tokens. Start connecting your account again; if it keeps happening, contact support.`,
    });
    expect(error.message).not.toMatch(/sat_new|srt_new/);
  });

  it('refuses a refreshed token of another type, asking to reconnect', async () => {
    nock(ORIGIN).post('/oauth/token').reply(200, { ...tokenReply, token_type: 'mac' });
    const error = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toBe('Serebro AI issued an access token of type "mac"; this integration can only send Bearer tokens. Reconnect your Serebro AI account in Zapier.');
  });

  it.each([
    ['access token', { access_token: 'sat_new\r\nX-Injected: 1' }],
    ['access token', { access_token: 'sat_new€' }],
    ['refresh token', { refresh_token: 'srt_new😀' }],
  ])('refuses an issued %s that could never be sent, at connect and at refresh, never quoting it', async (name, tokens) => {
    nock(ORIGIN).post('/oauth/token').reply(200, { ...tokenReply, ...tokens });
    const atConnect = await failure(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } }));
    expect(atConnect).toMatchObject({ name: 'AppError', code: 'unusable_token' });
    expect(atConnect.message).toMatch(new RegExp(`^Serebro AI issued a token that cannot be used: the ${name} holds characters an OAuth token may not hold .*Start connecting your account again`));
    nock(ORIGIN).post('/oauth/token').reply(200, { ...tokenReply, ...tokens });
    const atRefresh = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth }));
    expect(atRefresh.name).toBe('ExpiredAuthError');
    expect(atRefresh.message).toMatch(/^Serebro AI issued a token that cannot be used: .*Reconnect your Serebro AI account in Zapier\.$/);
    expect(`${atConnect.message}${atRefresh.message}`).not.toMatch(/sat_new|srt_new/);
  });

  it('refuses a token response without tokens', async () => {
    nock(ORIGIN).post('/oauth/token').reply(200, { token_type: 'Bearer' });
    const error = await failure(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } }));
    expect(error.code).toBe('unexpected_response');
  });

  it('says which environment variable is missing instead of sending an empty client secret', async () => {
    delete process.env.CLIENT_SECRET;
    const error = await failure(run(authentication.oauth2Config.getAccessToken, { inputData: { code: 'c', redirect_uri: 'x' } }));
    expect(error.message).toMatch(/CLIENT_ID or CLIENT_SECRET/);
  });

  it('tests the connection with GET /v2/me and the bearer token', async () => {
    const scope = api().get('/v2/me').reply(200, me);
    await expect(run(authentication.test, { authData: locationAuth })).resolves.toEqual(me);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['a CR/LF', 'sat_abc\r\nX-Injected: 1'],
    ['an emoji', 'sat_abc😀'],
    ['"€"', 'sat_abc€'],
  ])('refuses an access token with %s before any request: Serebro AI issued a token that cannot be used', async (_name, accessToken) => {
    const scope = nock(ORIGIN).get('/v2/me').reply(200, me);
    const error = await failure(run(authentication.test, { authData: { ...locationAuth, access_token: accessToken } }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toBe(
      "Serebro AI issued a token that cannot be used: the access token holds characters an HTTP header cannot carry " +
        '(a line break, a control character, or a symbol such as "€" or an emoji). Reconnect your Serebro AI account in Zapier.',
    );
    expect(error.message).not.toContain('sat_abc');
    expect(scope.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('maps an expired token on the test to a refresh', async () => {
    nock(ORIGIN).get('/v2/me').reply(401, { error: { code: 'invalid_token', message: 'The access token has expired' } });
    expect((await failure(run(authentication.test, { authData: { ...locationAuth, access_token: 'stale' } }))).name).toBe(
      'RefreshAuthError',
    );
  });

  it('refreshes an expired access token through the kit and the retried step succeeds with the rotated token (what Zapier does on RefreshAuthError)', async () => {
    nock(ORIGIN).get('/v2/me').matchHeader('authorization', 'Bearer stale').reply(401, { error: { code: 'invalid_token', message: 'The access token has expired' } });
    const expired = await failure(run(authentication.test, { authData: { ...locationAuth, access_token: 'stale' } }));
    expect(expired.name).toBe('RefreshAuthError');
    expect(String(expired.message)).toBe('Serebro AI said the access token has expired; Zapier is refreshing it.');
    expect(String(expired.message)).not.toMatch(/What happened|stale|srt_unit/);

    nock(ORIGIN).post('/oauth/token', (body) => body.grant_type === 'refresh_token' && !('access_token' in body)).reply(200, { ...tokenReply, access_token: 'sat_fresh', refresh_token: 'srt_fresh' });
    const refreshed = await run<Record<string, string>>(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth });
    const retried = nock(ORIGIN).get('/v2/me').matchHeader('authorization', 'Bearer sat_fresh').reply(200, me);
    await expect(run(authentication.test, { authData: { ...locationAuth, ...refreshed } })).resolves.toEqual(me);
    expect(retried.isDone()).toBe(true);
  });

  it('never sends the bearer token to the token endpoint', async () => {
    const scope = nock(ORIGIN, { badheaders: ['authorization'] }).post('/oauth/token').reply(200, tokenReply);
    await run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth });
    expect(scope.isDone()).toBe(true);
  });

  it('asks to reconnect, without a bundle dump, when the connection has no refresh token', async () => {
    const error = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: { ...locationAuth, refresh_token: '' } }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(String(error.message)).toBe('This Serebro AI connection has no refresh token. Reconnect your Serebro AI account in Zapier.');
  });

  it.each([
    ['getAccessToken', { inputData: { code: 'c', redirect_uri: 'x' } }],
    ['refreshAccessToken', { authData: locationAuth }],
  ] as const)('says plainly that the integration\'s OAuth client was refused (invalid_client) in %s', async (fn, bundle) => {
    nock(ORIGIN).post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const error = await failure(run(authentication.oauth2Config[fn], bundle));
    expect(error).toMatchObject({ name: 'AppError', code: 'invalid_client', status: 401 });
    expect(String(error.message)).toMatch(/^Serebro AI did not accept this integration's OAuth client \(invalid_client\).*configuration problem/);
    expect(String(error.message)).not.toContain('sk_client_unit_secret');
  });

  it.each([301, 302, 303, 307, 308])('refuses a %i redirect to another host on the auth test and the refresh, sending nothing there', async (status) => {
    const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, me).post(/.*/).reply(200, tokenReply);
    nock(ORIGIN).get('/v2/me').reply(status, '', { Location: 'https://elsewhere.example/v2/me' });
    const onTest = await failure(run(authentication.test, { authData: locationAuth }));
    expect(onTest).toMatchObject({ name: 'AppError', code: 'redirect_refused' });
    expect(String(onTest.message)).toMatch(/^Serebro AI answered GET \/v2\/me with a redirect to another host \(elsewhere\.example\)\. Nothing of the connection was sent there\./);
    nock(ORIGIN).post('/oauth/token').reply(status, '', { Location: 'https://elsewhere.example/oauth/token' });
    const onRefresh = await failure(run(authentication.oauth2Config.refreshAccessToken, { authData: locationAuth }));
    expect(onRefresh).toMatchObject({ code: 'redirect_refused' });
    expect(String(onRefresh.message)).not.toMatch(/srt_unit|sk_client_unit_secret|sat_unit/);
    expect(elsewhere.pendingMocks()).toHaveLength(2);
  });

  it('follows a redirect within the API\'s own origin, with the token', async () => {
    nock(ORIGIN).get('/v2/me').reply(308, '', { Location: '/v2/me/' });
    const moved = api().get('/v2/me/').reply(200, me);
    await expect(run(authentication.test, { authData: locationAuth })).resolves.toEqual(me);
    expect(moved.isDone()).toBe(true);
  });

  it('labels the connection with the Location, or the Agency, and the user email', async () => {
    await expect(run(authentication.connectionLabel, { inputData: me })).resolves.toBe(
      'Northwind Downtown Clinic – alex@northwind.example',
    );
    await expect(run(authentication.connectionLabel, { inputData: { ...me, user_type: 'Company', location: null } })).resolves.toBe(
      'Northwind Wellness Group (Agency) – alex@northwind.example',
    );
  });
});
