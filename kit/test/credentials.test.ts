/**
 * A credential that cannot be sent in an HTTP header (a line break, a control character, "€", an emoji)
 * is refused before any request, naming it and asking to reconnect: sent, it ends in Node's TypeError and a
 * "try again" that can never help. Basic auth is encoded by Zapier (UTF-8 in base64): only control
 * characters, which RFC 7617 forbids, are refused there.
 */
import nock from 'nock';
import zapier, { type Bundle } from 'zapier-platform-core';
import { record } from '../answers';
import { fitsInHeader } from '../credentials';
import type { ServicePolicy } from '../errors';
import { guardApp } from '../zapier/guard-app';
import { callApi } from '../request';
import { examplePolicy, exampleApp, failureOf, ORIGIN, runCreate } from './example';

const UNSENDABLE = [
  ['a CR/LF inside', 'tok_abc\r\nX-Injected: 1'],
  ['a line feed inside', 'tok_abc\ndef'],
  ['a NUL', 'tok_abc\u0000def'],
  ['a DEL', 'tok_abc\u007fdef'],
  ['an emoji', 'tok_abc😀def'],
  ['"€"', 'tok_abc€def'],
] as const;

const getThing = (policy: ServicePolicy) =>
  exampleApp(policy, { get: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record }) });

describe('fitsInHeader: what Node sends in a header value', () => {
  it.each(UNSENDABLE)('refuses %s', (_name, value) => expect(fitsInHeader(value)).toBe(false));
  it('takes visible ASCII, tab and Latin-1', () => {
    expect(fitsInHeader('Bearer tok_ABC-123._~+/=')).toBe(true);
    expect(fitsInHeader('a\tb')).toBe(true);
    expect(fitsInHeader('café')).toBe(true);
  });
});

describe('a header credential that cannot be sent', () => {
  const named = examplePolicy({ credentialNames: { headers: { Authorization: 'API token' } } });

  it.each(UNSENDABLE)('with %s: refused before any request, naming the credential, asking to reconnect', async (_name, token) => {
    const api = nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    const error = await failureOf(runCreate(getThing(named), 'get', { authData: { token } }));
    expect(error).toMatchObject({
      name: 'ExpiredAuthError',
      message:
        "Example: this connection's API token holds characters an HTTP header cannot carry (a line break, a control character, " +
        'or a symbol such as "€" or an emoji), so it cannot be sent. Reconnect your Example account in Zapier.',
      doNotContextify: true,
    });
    expect(error.raw).not.toContain('tok_abc');
    expect(api.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('says an OAuth service issued a token that cannot be used', async () => {
    const oauth = examplePolicy({ canRefresh: true, credentialNames: { headers: { Authorization: 'access token' } } });
    const error = await failureOf(runCreate(getThing(oauth), 'get', { authData: { token: 'tok_abc€def' } }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/^Example issued a token that cannot be used: the access token holds characters an HTTP header cannot carry .* Reconnect your Example account in Zapier\.$/);
  });

  it('names the header when the policy does not name the credential', async () => {
    const error = await failureOf(runCreate(getThing(examplePolicy()), 'get', { authData: { token: 'tok\nabc' } }));
    expect(error.message).toMatch(/^Example: this connection's Authorization header holds characters/);
  });

  it('sends a token with Latin-1 letters, and one with a line break at its end (Zapier trims header values)', async () => {
    const latin = nock(ORIGIN, { reqheaders: { authorization: 'Bearer tok_café' } }).get('/things').reply(200, { id: 'th_1' });
    await expect(runCreate(getThing(named), 'get', { authData: { token: 'tok_café' } })).resolves.toEqual({ id: 'th_1' });
    expect(latin.isDone()).toBe(true);
    const trimmed = nock(ORIGIN, { reqheaders: { authorization: 'Bearer tok_abc' } }).get('/things').reply(200, { id: 'th_1' });
    await expect(runCreate(getThing(named), 'get', { authData: { token: 'tok_abc\r\n' } })).resolves.toEqual({ id: 'th_1' });
    expect(trimmed.isDone()).toBe(true);
  });
});

describe('Basic auth, which Zapier encodes itself', () => {
  const policy = examplePolicy({ credentials: () => ({}), credentialNames: { basic: { username: 'Username', password: 'Secret Key' } } });
  const app = guardApp(policy, { ...getThing(policy), authentication: { type: 'basic' as const, fields: [], test: async () => ({}) } });
  const run = (authData: Record<string, string>) =>
    zapier.createAppTester(app)(app.creates.get.operation.perform as never, { authData, inputData: {} } as unknown as Bundle);

  it('sends a password with "€" or an emoji as UTF-8 in base64, as RFC 7617 allows', async () => {
    const password = 'sk_€_😀_secret';
    const basic = `Basic ${Buffer.from(`pk_user:${password}`, 'utf8').toString('base64')}`;
    const scope = nock(ORIGIN, { reqheaders: { authorization: basic } }).get('/things').reply(200, { id: 'th_1' });
    await expect(run({ username: 'pk_user', password })).resolves.toEqual({ id: 'th_1' });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['password', { username: 'pk_user', password: 'sk_line\nbreak' }, 'Secret Key'],
    ['password', { username: 'pk_user', password: 'sk_nul\u0000' }, 'Secret Key'],
    ['username', { username: 'pk_\r\nuser', password: 'sk_secret' }, 'Username'],
  ] as const)('refuses a %s with a control character before any request, naming it', async (_part, authData, name) => {
    const api = nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    const error = await failureOf(run({ ...authData }));
    expect(error).toMatchObject({
      name: 'ExpiredAuthError',
      message: `Example: this connection's ${name} holds a line break or another control character, which Basic authentication cannot carry, so it cannot be sent. Reconnect your Example account in Zapier.`,
      doNotContextify: true,
    });
    expect(error.raw).not.toMatch(/sk_line|sk_nul|sk_secret/);
    expect(api.isDone()).toBe(false);
    nock.cleanAll();
  });
});
