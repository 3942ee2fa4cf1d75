import { startSandbox, type Sandbox } from '../..';
import { redirectAllowed } from '../oauth';
import { serebroHandle } from '..';
import { ALL_SCOPES, REDIRECT, authorizeUrl, connect, consentForm, decideOnConsentPage, postConsent, tokenRequest, v2 } from './helpers';

describe('Serebro sandbox OAuth 2.0', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtlSeconds: 900 });
  });
  afterAll(() => sandbox.close());

  it('shows a consent page with the scopes, each Location and the Agency as radios, and Allow / Deny buttons', async () => {
    const response = await fetch(authorizeUrl(sandbox, { state: 'a"b<c' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    const handle = serebroHandle(sandbox.services);
    expect(html).toContain('Create and update contacts');
    expect(html).toContain('(workflows:write)');
    for (const location of handle.store.locations) {
      expect(html).toContain(`<input type="radio" name="location" value="${location.id}"`);
    }
    expect(html).toContain(`<input type="radio" name="location" value="${handle.store.company.id}"`);
    expect(html).toMatch(/<button type="submit" id="allow" name="decision" value="allow">Allow<\/button>/);
    expect(html).toMatch(/<button type="submit" id="deny" name="decision" value="deny">Deny<\/button>/);
    // The state is carried through escaped, never as markup.
    expect(html).toContain('value="a&quot;b&lt;c"');
  });

  it('redirects with a code and the state on Allow, and the code gives Location tokens', async () => {
    const handle = serebroHandle(sandbox.services);
    const tokens = await connect(sandbox, { location: handle.store.locations[1].id });
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: ALL_SCOPES,
      user_type: 'Location',
      location_id: handle.store.locations[1].id,
      company_id: handle.store.company.id,
    });
    const me = await v2(sandbox, tokens.access_token)('GET', '/me');
    expect(me.body).toMatchObject({ user_type: 'Location', location: { id: handle.store.locations[1].id } });
  });

  it('gives Agency tokens without a Location when the Agency is chosen', async () => {
    const handle = serebroHandle(sandbox.services);
    const tokens = await connect(sandbox, { location: handle.store.company.id });
    expect(tokens).toMatchObject({ user_type: 'Company', location_id: null, company_id: handle.store.company.id });
    const call = v2(sandbox, tokens.access_token);
    expect((await call('GET', '/me')).body).toMatchObject({ user_type: 'Company', location: null });
    expect((await call('GET', '/locations')).body?.data).toHaveLength(2);
    const missing = await call('GET', '/contacts');
    expect(missing.status).toBe(422);
    expect(missing.body?.error.details).toEqual({ field: 'locationId' });
    expect((await call('GET', `/contacts?locationId=${handle.store.locations[0].id}`)).status).toBe(200);
  });

  it('redirects with error=access_denied on Deny', async () => {
    const handle = serebroHandle(sandbox.services);
    const back = await decideOnConsentPage(sandbox, authorizeUrl(sandbox, { state: 'st-deny' }), {
      location: handle.store.locations[0].id,
      decision: 'deny',
    });
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: 'st-deny' });
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('never redirects to an unregistered redirect URI or for an unknown client', async () => {
    const cases: Array<Record<string, string>> = [{ redirect_uri: 'https://evil.example/cb' }, { client_id: 'someone-else' }];
    for (const params of cases) {
      const response = await fetch(authorizeUrl(sandbox, params), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('redirects with invalid_scope for a scope it does not know', async () => {
    const response = await fetch(authorizeUrl(sandbox, { scope: 'contacts:read payments:write' }), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') as string).searchParams.get('error')).toBe('invalid_scope');
  });

  it('accepts loopback and Zapier redirect URIs only', () => {
    expect(redirectAllowed('http://127.0.0.1:8080/cb')).toBe(true);
    expect(redirectAllowed('http://localhost/anything')).toBe(true);
    expect(redirectAllowed('https://zapier.com/dashboard/auth/oauth/return/App1234CLIAPI/')).toBe(true);
    expect(redirectAllowed('http://zapier.com/dashboard/auth/oauth/return/App1234CLIAPI/')).toBe(false);
    expect(redirectAllowed('https://zapier.com.evil.example/dashboard/auth/oauth/return/x')).toBe(false);
    expect(redirectAllowed('https://example.com/cb')).toBe(false);
  });

  it('uses each code once, and only with the redirect URI it was issued for', async () => {
    const approve = async () => {
      const back = await decideOnConsentPage(sandbox, authorizeUrl(sandbox, { state: 's', scope: 'contacts:read' }), {
        location: serebroHandle(sandbox.services).store.locations[0].id,
      });
      return back.searchParams.get('code') as string;
    };
    const code = await approve();
    const mismatch = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const first = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    const replay = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The replay revoked what the code had issued.
    expect((await v2(sandbox, first.body.access_token as string)('GET', '/me')).status).toBe(401);
  });

  it('refuses a wrong client secret, an unknown grant type and a missing code', async () => {
    const handle = serebroHandle(sandbox.services);
    const wrong = await fetch(`${sandbox.url}/serebro/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: handle.credentials.clientId, client_secret: 'nope', grant_type: 'authorization_code', code: 'x' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(await tokenRequest(sandbox, { grant_type: 'password' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await tokenRequest(sandbox, { grant_type: 'authorization_code' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('rotates refresh tokens: each refresh gives a new one and the old one is refused', async () => {
    const tokens = await connect(sandbox);
    const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body).toMatchObject({ user_type: 'Location', location_id: tokens.location_id });
    const again = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await v2(sandbox, refreshed.body.access_token as string)('GET', '/me')).status).toBe(200);
  });

  it('expires access tokens (admin endpoint) with 401 invalid_token', async () => {
    const tokens = await connect(sandbox);
    const expire = await fetch(`${sandbox.url}/serebro/_admin/expire-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokens.access_token }),
    });
    expect(await expire.json()).toEqual({ expired: 1 });
    const me = await v2(sandbox, tokens.access_token)('GET', '/me');
    expect(me.status).toBe(401);
    expect(me.body).toEqual({ error: { code: 'invalid_token', message: 'The access token has expired' } });
  });
});

describe('Serebro sandbox consent form against cross-site requests', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const codesIssued = () => serebroHandle(sandbox.services).store.codes.size;
  /** What a form on another site can post: every authorize field it knows, Allow, and its own Origin. */
  const crossSiteForm = () => {
    const handle = serebroHandle(sandbox.services);
    return {
      response_type: 'code',
      client_id: handle.credentials.clientId,
      redirect_uri: REDIRECT,
      state: 'attacker',
      scope: ALL_SCOPES,
      location: handle.store.company.id,
      decision: 'allow',
    };
  };
  const expectRefused = async (response: Response, message: RegExp) => {
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(message) } });
  };

  it('puts a token bound to the request in the form, and sends the page unframeable and uncached', async () => {
    const response = await fetch(authorizeUrl(sandbox));
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const form = await consentForm(authorizeUrl(sandbox));
    expect(form.csrf_token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect((await consentForm(authorizeUrl(sandbox, { state: 'other' }))).csrf_token).not.toBe(form.csrf_token);
  });

  it('mints no code for a cross-site form post without a token', async () => {
    const before = codesIssued();
    await expectRefused(await postConsent(sandbox, crossSiteForm(), { origin: 'https://evil.example' }), /posted from another site/);
    // Without an Origin (an old browser, or one that strips it) the missing token still refuses it.
    await expectRefused(await postConsent(sandbox, crossSiteForm(), {}), /no valid csrf_token/);
    expect(codesIssued()).toBe(before);
  });

  it('mints no code for a forged token, nor for a real token shown for another request', async () => {
    const before = codesIssued();
    const real = await consentForm(authorizeUrl(sandbox));
    const [shownAt, mac] = real.csrf_token.split('.');
    const forgeries = [
      'x',
      `${shownAt}.${'A'.repeat(43)}`,
      `${Number(shownAt) - 1}.${mac}`,
      `${shownAt}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const csrf_token of forgeries) {
      await expectRefused(await postConsent(sandbox, { ...real, csrf_token, location: crossSiteForm().location, decision: 'allow' }), /no valid csrf_token/);
    }
    // A genuine token, carried over to an attacker's redirect URI and state.
    const elsewhere = { ...crossSiteForm(), redirect_uri: 'http://127.0.0.1:9/attacker', csrf_token: real.csrf_token };
    await expectRefused(await postConsent(sandbox, elsewhere), /no valid csrf_token/);
    expect(codesIssued()).toBe(before);
  });

  it('refuses the real form when another site posts it (Origin), and takes it from the consent page itself', async () => {
    const form = { ...(await consentForm(authorizeUrl(sandbox, { state: 'mine' }))), location: crossSiteForm().location, decision: 'allow' };
    await expectRefused(await postConsent(sandbox, form, { origin: 'https://evil.example' }), /Origin "https:\/\/evil\.example"/);
    await expectRefused(await postConsent(sandbox, form, { origin: 'null' }), /posted from another site/);
    await expectRefused(await postConsent(sandbox, form, { origin: 'http://127.0.0.1:1' }), /posted from another site/);

    // The same sandbox under its other loopback name is its own page.
    const ownPort = new URL(sandbox.url).port;
    const allowed = await postConsent(sandbox, form, { origin: `http://localhost:${ownPort}` });
    expect(allowed.status).toBe(302);
    const back = new URL(allowed.headers.get('location') as string);
    expect(back.searchParams.get('state')).toBe('mine');
    const tokens = await tokenRequest(sandbox, { grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: REDIRECT });
    expect(tokens.body).toMatchObject({ user_type: 'Company', location_id: null });
  });
});

describe('Serebro sandbox auto-approve', () => {
  it('redirects at once with a code for the first Location', async () => {
    const sandbox = await startSandbox({ autoApprove: true, accessTokenTtlSeconds: 60 });
    try {
      const response = await fetch(authorizeUrl(sandbox), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const code = new URL(response.headers.get('location') as string).searchParams.get('code') as string;
      const tokens = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(tokens.body).toMatchObject({
        expires_in: 60,
        user_type: 'Location',
        location_id: serebroHandle(sandbox.services).store.locations[0].id,
      });
      expect(sandbox.env).toMatchObject({
        SEREBRO_BASE_URL: `${sandbox.url}/serebro`,
        CLIENT_ID: serebroHandle(sandbox.services).credentials.clientId,
        CLIENT_SECRET: serebroHandle(sandbox.services).credentials.clientSecret,
      });
    } finally {
      await sandbox.close();
    }
  });

  it('still shows the consent page, with its token, when prompt=consent asks for it', async () => {
    const sandbox = await startSandbox({ autoApprove: true });
    try {
      const handle = serebroHandle(sandbox.services);
      const form = await consentForm(authorizeUrl(sandbox, { prompt: 'consent' }));
      expect(form.csrf_token).toBeTruthy();
      const back = await decideOnConsentPage(sandbox, authorizeUrl(sandbox), { location: handle.store.company.id });
      const tokens = await tokenRequest(sandbox, { grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: REDIRECT });
      expect(tokens.body).toMatchObject({ user_type: 'Company' });
    } finally {
      await sandbox.close();
    }
  });
});
