/**
 * The three credentials as n8n reads them: their expressions resolved by n8n-workflow's own expression engine
 * the way n8n resolves a credential (`$self` inside it, `$credentials` in its test request and `authenticate`),
 * so these tests show where n8n's server would send the token exchange, the credential test and the key.
 */
import { isDomainAllowed, NodeConnectionTypes, Workflow, type ICredentialDataDecryptedObject, type ICredentialType, type INode, type INodeType, type INodeTypes, type NodeParameterValueType } from 'n8n-workflow';
import { normaliseSubdomain } from '../../connectors/cerbo/src/client';
import { SCOPES } from '../../connectors/serebro/src/authentication';
import { overrideProblem } from '../../kit/config';
import { CerboApi } from '../packages/cerbo/credentials/CerboApi.credentials';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { SergioApi } from '../packages/sergio/credentials/SergioApi.credentials';

/** A node type with no parameters, only so that a Workflow can be built to resolve expressions. */
const placeholderType: INodeType = {
  description: {
    displayName: 'Placeholder',
    name: 'placeholder',
    group: ['transform'],
    version: 1,
    description: 'Holds nothing',
    defaults: { name: 'Placeholder' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [],
  },
};
const nodeTypes: INodeTypes = {
  getByName: () => placeholderType,
  getByNameAndVersion: () => placeholderType,
  getKnownTypes: () => ({}),
};
const node: INode = { id: 'credential', name: 'Credential', type: 'placeholder', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

/** A value of the credential resolved as n8n's credentials helper resolves it: `$self` is the credential's data. */
const resolvedInCredential = (value: string, data: ICredentialDataDecryptedObject): NodeParameterValueType | undefined =>
  workflow.expression.getComplexParameterValue(node, value, 'internal', {}, undefined, undefined, data);

/** A value of a test request or `authenticate`, resolved with the credential's data as `$credentials`. */
const resolvedWithCredentials = (value: string, data: ICredentialDataDecryptedObject): NodeParameterValueType | undefined =>
  workflow.expression.getComplexParameterValue(node, value, 'internal', { $credentials: data });

/** The defaults of a credential's fields, over which the user's data goes, as n8n fills them in. */
const defaultsOf = (credential: ICredentialType): ICredentialDataDecryptedObject =>
  Object.fromEntries(credential.properties.map((property) => [property.name, property.default as string]));

const fieldDefault = (credential: ICredentialType, name: string): string => {
  const property = credential.properties.find((candidate) => candidate.name === name);
  if (!property) throw new Error(`${credential.name} has no field ${name}`);
  return String(property.default);
};

const testRequestUrl = (credential: ICredentialType, data: ICredentialDataDecryptedObject): string => {
  const request = credential.test?.request;
  if (!request?.baseURL || !request.url) throw new Error(`${credential.name} has no test request`);
  return `${String(resolvedWithCredentials(request.baseURL, { ...defaultsOf(credential), ...data }))}${request.url}`;
};

/** Base URLs the kit's `overrideProblem` accepts (kit/test/config.test.ts) and what the credentials make of them. */
const ACCEPTED = [
  'https://api.example.test',
  'https://api.example.test/',
  'https://api.example.test:8443/v2',
  'http://127.0.0.1:4010',
  'http://127.8.9.10',
  'http://localhost:4010',
  'http://LOCALHOST:4010',
  'http://[::1]:4010',
  ' http://127.0.0.1:4010/serebro/ ',
];

/** Base URLs the kit refuses: the credentials fall back to production for each. */
const REFUSED = [
  'http://api.example.test',
  'http://localhost.evil.example',
  'http://127.0.0.1.nip.io',
  'http://127.0.0.256',
  'http://10.0.0.1:4010',
  'ftp://api.example.test',
  'file:///etc/passwd',
  'ws://127.0.0.1:4010',
  'https://user:pass@api.example.test',
  'http://admin@127.0.0.1:4010',
  'https://api.example.test/?debug=1',
  'https://api.example.test/#top',
  'api.example.test',
  '/v2',
  '',
];

/**
 * Spellings the kit's URL parser normalises into an address it accepts, which the credentials' plainer check
 * does not: they fall back to production, so the credential can be stricter than the kit, never looser.
 */
const STRICTER = ['http://127.1', 'http://2130706433', 'http://[0:0:0:0:0:0:0:1]', 'https:api.example.test', 'https://api.example.test/?'];

const trimmed = (url: string) => url.trim().replace(/\/+$/, '');

describe('the base URLs the kit would use are the ones the credentials use', () => {
  it('agrees with the kit on every case listed', () => {
    for (const url of ACCEPTED) expect(overrideProblem(url.trim())).toBeUndefined();
    for (const url of REFUSED.filter(Boolean)) expect(overrideProblem(url)).toBeDefined();
    for (const url of STRICTER) expect(overrideProblem(url)).toBeUndefined();
  });
});

describe('Serebro AI OAuth2 API', () => {
  const credential = new SerebroOAuth2Api();
  const oauthEndpoints = (baseUrl: string) => {
    const data = { ...defaultsOf(credential), baseUrl };
    return [resolvedInCredential(fieldDefault(credential, 'authUrl'), data), resolvedInCredential(fieldDefault(credential, 'accessTokenUrl'), data)];
  };

  it('is n8n\'s OAuth 2.0 code flow with the client secret in the body and every scope the operations use', () => {
    expect(credential.name).toBe('serebroOAuth2Api');
    expect(credential.extends).toEqual(['oAuth2Api']);
    expect(fieldDefault(credential, 'grantType')).toBe('authorizationCode');
    expect(fieldDefault(credential, 'authentication')).toBe('body');
    expect(fieldDefault(credential, 'scope')).toBe(SCOPES);
    expect(oauthEndpoints('https://api.serebro.ai')).toEqual(['https://api.serebro.ai/oauth/authorize', 'https://api.serebro.ai/oauth/token']);
    expect(testRequestUrl(credential, {})).toBe('https://api.serebro.ai/v2/me');
  });

  it.each(ACCEPTED)('signs in, exchanges tokens and tests at the base URL %p', (baseUrl) => {
    expect(oauthEndpoints(baseUrl)).toEqual([`${trimmed(baseUrl)}/oauth/authorize`, `${trimmed(baseUrl)}/oauth/token`]);
    expect(testRequestUrl(credential, { baseUrl })).toBe(`${trimmed(baseUrl)}/v2/me`);
  });

  it.each([...REFUSED, ...STRICTER])('sends the client secret nowhere but production for the base URL %p', (baseUrl) => {
    expect(oauthEndpoints(baseUrl)).toEqual(['https://api.serebro.ai/oauth/authorize', 'https://api.serebro.ai/oauth/token']);
    expect(testRequestUrl(credential, { baseUrl })).toBe('https://api.serebro.ai/v2/me');
  });
});

describe('Sergio API', () => {
  const credential = new SergioApi();

  it('sends the key, trimmed, in X-API-Key, and tests it with GET /zapier/v1/me', () => {
    expect(credential.name).toBe('sergioApi');
    expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions?.password).toBe(true);
    const headers = credential.authenticate && 'properties' in credential.authenticate ? credential.authenticate.properties.headers : undefined;
    expect(Object.keys(headers ?? {})).toEqual(['X-API-Key']);
    expect(resolvedWithCredentials(String(headers?.['X-API-Key']), { apiKey: ' sk_live_abc123 \n' })).toBe('sk_live_abc123');
    expect(testRequestUrl(credential, {})).toBe('https://api.sergio.app/zapier/v1/me');
  });

  it.each(ACCEPTED)('tests the key at the base URL %p', (baseUrl) => {
    expect(testRequestUrl(credential, { baseUrl })).toBe(`${trimmed(baseUrl)}/zapier/v1/me`);
  });

  it.each([...REFUSED, ...STRICTER])('tests the key at production for the base URL %p', (baseUrl) => {
    expect(testRequestUrl(credential, { baseUrl })).toBe('https://api.sergio.app/zapier/v1/me');
  });
});

describe('Cerbo API', () => {
  const credential = new CerboApi();

  it('sends the pk_ username and the secret key, trimmed, as HTTP Basic', () => {
    expect(credential.name).toBe('cerboApi');
    expect(credential.properties.find((property) => property.name === 'password')?.typeOptions?.password).toBe(true);
    const auth = credential.authenticate && 'properties' in credential.authenticate ? credential.authenticate.properties.auth : undefined;
    const data = { username: ' pk_n8n ', password: ' s3cret\n' };
    expect(resolvedWithCredentials(String(auth?.username), data)).toBe('pk_n8n');
    expect(resolvedWithCredentials(String(auth?.password), data)).toBe('s3cret');
  });

  it.each([
    ['acme', 'acme'],
    ['  Acme ', 'acme'],
    ['acme.md-hq.com', 'acme'],
    ['https://acme.md-hq.com/ehr/patients?x=1', 'acme'],
    ['http://north-side-2.md-hq.com:443/', 'north-side-2'],
  ])('tests one user of the practice at its Cerbo host for the subdomain %p, as the node reads it', (subdomain, expected) => {
    expect(normaliseSubdomain(subdomain)).toBe(expected);
    expect(testRequestUrl(credential, { subdomain })).toBe(`https://${expected}.md-hq.com/api/v1/users`);
    expect(credential.test?.request.qs).toEqual({ limit: 1 });
  });

  it.each(['', 'acme clinic', 'acme_clinic', '-acme', 'acme.example.com', 'a'.repeat(64), 'https://', '../admin', 'evil.example\\', 'x@evil.example'])(
    'tests at a host that never resolves (.invalid) for the subdomain %p, which the node refuses too',
    (subdomain) => {
      expect(normaliseSubdomain(subdomain)).toBeUndefined();
      expect(testRequestUrl(credential, { subdomain })).toBe('https://subdomain-not-valid.invalid/api/v1/users');
    },
  );

  it.each(ACCEPTED.map((baseUrl) => [baseUrl]).concat([['http://127.0.0.1:4010/cerbo/{subdomain}'], ['https://{subdomain}.md-hq.example']]))(
    'tests at the base URL %p, the practice subdomain filled in',
    (baseUrl) => {
      expect(testRequestUrl(credential, { subdomain: 'acme', baseUrl })).toBe(`${trimmed(baseUrl).replace('{subdomain}', 'acme')}/api/v1/users`);
    },
  );

  it.each([...REFUSED, ...STRICTER])('tests at the practice\'s Cerbo host for the base URL %p', (baseUrl) => {
    expect(testRequestUrl(credential, { subdomain: 'acme', baseUrl })).toBe('https://acme.md-hq.com/api/v1/users');
  });
});

describe.each([
  ['Serebro AI OAuth2 API', new SerebroOAuth2Api(), 'api.serebro.ai', 'https://api.serebro.ai/v2/contacts'],
  ['Sergio API', new SergioApi(), 'api.sergio.app', 'https://api.sergio.app/zapier/v1/customers'],
  ['Cerbo API', new CerboApi(), '*.md-hq.com', 'https://acme.md-hq.com/api/v1/patients'],
] as const)('%s in n8n\'s HTTP Request node', (_label, credential, allowed, apiUrl) => {
  it(`can be chosen there, and by default is sent only to ${allowed}`, () => {
    expect(credential.httpRequestNode?.name).toBeTruthy();
    expect(fieldDefault(credential, 'allowedHttpRequestDomains')).toBe('domains');
    expect(fieldDefault(credential, 'allowedDomains')).toBe(allowed);
    expect(isDomainAllowed({ url: apiUrl, allowedDomains: allowed })).toBe(true);
    for (const elsewhere of ['https://evil.example/v2/contacts', 'https://md-hq.com.evil.example/', 'http://127.0.0.1:4010/']) {
      expect(isDomainAllowed({ url: elsewhere, allowedDomains: allowed })).toBe(false);
    }
  });
});
