import type { ZObject } from 'zapier-platform-core';
import { baseUrl, checkOverride, overrideProblem } from '../config';
import { startStep, ZAPIER_STEP } from '../step';

/** A `z` of a step no runtime started: Zapier's, reading the environment. */
const fresh = () => ({ errors: { Error } }) as unknown as ZObject;

describe('overrideProblem: where a *_BASE_URL override may point', () => {
  it.each([
    'https://api.example.test',
    'https://api.example.test/',
    'https://api.example.test:8443/v2',
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://localhost:4010',
    'http://LOCALHOST:4010',
    'http://[::1]:4010',
    'https://{subdomain}.md-hq.example',
    'http://127.0.0.1:4010/practices/{subdomain}',
  ])('accepts %s', (value) => {
    expect(overrideProblem(value)).toBeUndefined();
  });

  it.each([
    ['http://api.example.test', 'plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1])'],
    ['http://localhost.evil.example', 'plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1])'],
    ['http://127.0.0.1.nip.io', 'plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1])'],
    ['http://10.0.0.1:4010', 'plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1])'],
    ['ftp://api.example.test', 'the scheme ftp: is not https'],
    ['file:///etc/passwd', 'the scheme file: is not https'],
    ['ws://127.0.0.1:4010', 'the scheme ws: is not https'],
    ['https://user:pass@api.example.test', 'it holds a user name or password'],
    ['http://admin@127.0.0.1:4010', 'it holds a user name or password'],
    ['https://api.example.test/?debug=1', 'it holds a query string or fragment'],
    ['https://api.example.test/#top', 'it holds a query string or fragment'],
    ['api.example.test', 'it is not an absolute URL'],
    ['/v2', 'it is not an absolute URL'],
  ])('refuses %s: %s', (value, problem) => {
    expect(overrideProblem(value)).toBe(problem);
  });
});

describe('checkOverride and baseUrl', () => {
  const VAR = 'EXAMPLE_KIT_TEST_BASE_URL';
  afterEach(() => {
    delete process.env[VAR];
  });

  it('use the production URL when the variable is unset or blank', () => {
    expect(() => checkOverride(VAR)).not.toThrow();
    expect(baseUrl(fresh(), VAR, 'https://api.example.test')).toBe('https://api.example.test');
    process.env[VAR] = '   ';
    expect(baseUrl(fresh(), VAR, 'https://api.example.test/')).toBe('https://api.example.test');
  });

  it('use an accepted override, trimmed and without a trailing slash', () => {
    process.env[VAR] = ' http://127.0.0.1:4010/ ';
    expect(() => checkOverride(VAR)).not.toThrow();
    expect(baseUrl(fresh(), VAR, 'https://api.example.test')).toBe('http://127.0.0.1:4010');
  });

  it('keep a {subdomain} template for the connector to fill in', () => {
    process.env[VAR] = 'http://127.0.0.1:4010/{subdomain}';
    expect(baseUrl(fresh(), VAR, 'https://{subdomain}.example.test')).toBe('http://127.0.0.1:4010/{subdomain}');
  });

  it('refuse an override that would send credentials in clear or elsewhere, naming the variable', () => {
    process.env[VAR] = 'http://api.example.test';
    const message = `${VAR} cannot be used: plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1]). Leave it unset to use the production API.`;
    expect(() => checkOverride(VAR)).toThrow(message);
    expect(() => baseUrl(fresh(), VAR, 'https://api.example.test')).toThrow(message);

    process.env[VAR] = 'https://user:secret-password@api.example.test';
    expect(() => baseUrl(fresh(), VAR, 'https://api.example.test')).toThrow(`${VAR} cannot be used: it holds a user name or password.`);
    expect(() => baseUrl(fresh(), VAR, 'https://api.example.test')).not.toThrow(/secret-password/);
  });
});

describe('baseUrl in a step another runtime started', () => {
  const VAR = 'EXAMPLE_KIT_TEST_BASE_URL';
  afterEach(() => {
    delete process.env[VAR];
  });

  it('takes the override from that runtime, never from the environment', () => {
    process.env[VAR] = 'http://127.0.0.1:9999';
    const z = fresh();
    startStep(z, { ...ZAPIER_STEP, override: (name) => (name === VAR ? 'http://127.0.0.1:4010/' : undefined) });
    expect(baseUrl(z, VAR, 'https://api.example.test')).toBe('http://127.0.0.1:4010');

    const production = fresh();
    startStep(production, { ...ZAPIER_STEP, override: () => undefined });
    expect(baseUrl(production, VAR, 'https://api.example.test')).toBe('https://api.example.test');
  });

  it('refuses an override of that runtime the same way, naming it', () => {
    const z = fresh();
    startStep(z, { ...ZAPIER_STEP, override: () => 'http://api.example.test' });
    expect(() => baseUrl(z, 'Base URL', 'https://api.example.test')).toThrow(
      'Base URL cannot be used: plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1]).',
    );
  });
});
