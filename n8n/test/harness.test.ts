/**
 * The harness runs nodes the way n8n does, through n8n-core's WorkflowExecute and request helpers,
 * against the sandbox: an API key applied by a credential's generic `authenticate`, an OAuth2
 * credential refreshed by n8n-core on a 401 with the rotated refresh token saved, and a dropdown's
 * options loaded as n8n's editor asks for them.
 */
import type { ICredentialType, IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeType } from 'n8n-workflow';
import { z } from 'zod';
import { record } from '../../kit/answers';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle, type SerebroHandle } from '../../sandbox/serebro';
import { connect } from '../../sandbox/serebro/test/helpers';
import { sergioHandle, type SergioHandle } from '../../sandbox/sergio';
import { BareRequestNode, CredentialStore, loadOptions, runNode, runWorkflow, START } from './harness';

/** An API key in `X-API-Key`, written as n8n credentials write it (the real Sergio credential lives in its package). */
const sergioKey: ICredentialType = {
  name: 'sandboxSergioApi',
  displayName: 'Sandbox Sergio API',
  properties: [
    { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
    { displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
  ],
  authenticate: { type: 'generic', properties: { headers: { 'X-API-Key': '={{$credentials.apiKey}}' } } },
};

/** OAuth2 on n8n's oAuth2Api, its token URL an expression over the credential's own base URL. */
const serebroOAuth2: ICredentialType = {
  name: 'sandboxSerebroOAuth2Api',
  displayName: 'Sandbox Serebro OAuth2 API',
  extends: ['oAuth2Api'],
  properties: [
    { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
    { displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
    { displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '={{$self.baseUrl}}/oauth/token' },
    { displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
  ],
};

let sandbox: Sandbox;
let sergio: SergioHandle;
let serebro: SerebroHandle;

beforeAll(async () => {
  sandbox = await startSandbox();
  sergio = sergioHandle(sandbox.services);
  serebro = serebroHandle(sandbox.services);
});

afterAll(async () => {
  await sandbox.close();
});

describe('an API key applied by the credential type', () => {
  const bare = new BareRequestNode('sandboxSergioApi');
  const me = () => `${sandbox.url}/sergio/zapier/v1/me`;

  function withKey(apiKey: string): CredentialStore {
    const credentials = new CredentialStore([sergioKey]);
    credentials.add('sandboxSergioApi', { baseUrl: `${sandbox.url}/sergio`, apiKey });
    return credentials;
  }

  it('sends one request per item with the key in X-API-Key, and puts out each answer paired with its item', async () => {
    const run = await runNode(bare, { url: me() }, [{ row: 1 }, { row: 2 }, { row: 3 }], withKey(sergio.credentials.apiKey));
    expect(run.error).toBeUndefined();
    expect(run.items.map((item) => (item.json.company as IDataObject).name)).toEqual(Array(3).fill('Sparkle Window Cleaning Co.'));
    expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it("resolves a URL per item from the item's own fields", async () => {
    const customers = sergio.store.customers.filter(({ email }) => email).slice(0, 2);
    const run = await runNode(
      bare,
      { url: `=${sandbox.url}/sergio/zapier/v1/searches/find-customer?email={{ $json.email }}` },
      customers.map(({ email }) => ({ email })),
      withKey(sergio.credentials.apiKey),
    );
    expect(run.items.map((item) => ((item.json.data as IDataObject[])[0] as IDataObject).id)).toEqual(customers.map(({ id }) => id));
  });

  it("fails the run with n8n's NodeApiError carrying the 401 when the key is revoked", async () => {
    const run = await runNode(bare, { url: me() }, [{}], withKey(sergio.credentials.revokedApiKey));
    expect(run.status).toBe('error');
    // What n8n keeps of the error: its fields, the API's answer among them.
    expect(run.error).toMatchObject({
      name: 'NodeApiError',
      httpCode: '401',
      context: { data: { error: { code: 'invalid_api_key', message: expect.stringMatching(/revoked/) } } },
    });
    expect(run.items).toEqual([]);
  });

  it('runs a workflow of several nodes in the order given, each on what the one before put out', async () => {
    const credentials = withKey(sergio.credentials.apiKey);
    const { id, name } = credentials.firstOfType('sandboxSergioApi') ?? { id: '', name: '' };
    const node = (nodeName: string, url: string) => ({ name: nodeName, type: 'bareRequest', parameters: { url }, credentials: { sandboxSergioApi: { id, name } } });
    const run = await runWorkflow({
      nodeTypes: [bare],
      credentials,
      nodes: [node('Me', me()), node('Customers', `=${sandbox.url}/sergio/zapier/v1/searches/find-customer?name={{ $json.company.name.split(' ')[0] }}`)],
      items: [{}, {}],
    });
    expect(Object.keys(run.items)).toEqual([START, 'Me', 'Customers']);
    expect(run.items.Customers).toHaveLength(2);
    expect(run.items.Customers.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});

describe("the workflow's settings", () => {
  /** Puts out the time zone n8n gives the node, which our runtime hands operations as the workflow's. */
  const timezoneNode: INodeType = {
    description: {
      displayName: 'Time Zone',
      name: 'timeZone',
      group: ['transform'],
      version: 1,
      description: "The workflow's time zone",
      defaults: { name: 'Time Zone' },
      inputs: ['main'],
      outputs: ['main'],
      properties: [],
    },
    async execute(this: IExecuteFunctions) {
      return [[{ json: { timezone: this.getTimezone() }, pairedItem: { item: 0 } }]];
    },
  };

  it("gives nodes the workflow's time zone, and n8n's default without one", async () => {
    expect((await runNode(timezoneNode, {}, [{}], undefined, { timezone: 'Europe/Lisbon' })).items[0].json.timezone).toBe('Europe/Lisbon');
    expect((await runNode(timezoneNode, {})).items[0].json.timezone).toBe('America/New_York');
  });
});

describe("OAuth2 refreshed by n8n-core's request helper", () => {
  const bare = new BareRequestNode('sandboxSerebroOAuth2Api');
  const me = () => `${sandbox.url}/serebro/v2/me`;

  async function connected(authentication?: 'header'): Promise<{ credentials: CredentialStore; id: string; tokens: Awaited<ReturnType<typeof connect>> }> {
    const tokens = await connect(sandbox);
    const credentials = new CredentialStore([serebroOAuth2]);
    const { id } = credentials.add('sandboxSerebroOAuth2Api', {
      baseUrl: `${sandbox.url}/serebro`,
      clientId: serebro.credentials.clientId,
      clientSecret: serebro.credentials.clientSecret,
      oauthTokenData: tokens,
      ...(authentication ? { authentication } : {}),
    });
    return { credentials, id: id as string, tokens };
  }

  const savedTokens = (credentials: CredentialStore, id: string) => credentials.get(id).data.oauthTokenData as IDataObject;

  it('refreshes an expired access token on the 401, retries, and saves the rotated refresh token, which the next run uses', async () => {
    const { credentials, id, tokens } = await connected();
    serebro.expireAccessTokens();

    const first = await runNode(bare, { url: me() }, [{}, {}], credentials);
    expect(first.error).toBeUndefined();
    expect(first.items.map((item) => item.json.user_type)).toEqual(['Location', 'Location']);
    // One refresh for the run: the second item read the token the first one saved.
    expect(credentials.writes).toHaveLength(1);
    const rotated = savedTokens(credentials, id);
    expect(credentials.writes[0]).toMatchObject({ saved: 'oauthTokenData', data: { oauthTokenData: rotated } });
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(serebro.store.refreshTokens.has(rotated.refresh_token as string)).toBe(true);
    expect(serebro.store.refreshTokens.has(tokens.refresh_token)).toBe(false);
    // The whole token answer is kept: the Location and user type stay readable.
    expect(rotated).toMatchObject({ location_id: tokens.location_id, user_type: 'Location', company_id: tokens.company_id });

    serebro.expireAccessTokens();
    const second = await runNode(bare, { url: me() }, [{}], credentials);
    expect(second.error).toBeUndefined();
    expect(credentials.writes).toHaveLength(2);
    expect(savedTokens(credentials, id).refresh_token).not.toBe(rotated.refresh_token);
    expect(serebro.store.refreshTokens.has(rotated.refresh_token as string)).toBe(false);
  });

  it('asks for the credential to be reconnected when the saved refresh token was already used', async () => {
    const { credentials, id, tokens } = await connected();
    serebro.expireAccessTokens();
    await runNode(bare, { url: me() }, [{}], credentials);
    // A copy of the credential from before the refresh, as another instance would hold it.
    const stale = new CredentialStore([serebroOAuth2]);
    stale.add('sandboxSerebroOAuth2Api', { ...credentials.get(id).data, oauthTokenData: tokens });
    serebro.expireAccessTokens();

    const run = await runNode(bare, { url: me() }, [{}], stale);
    // n8n-core's refresh says so in a NodeOperationError, which its request helper wraps in a NodeApiError.
    expect(run.error).toMatchObject({ name: 'NodeApiError', message: 'The credential "Sandbox Serebro OAuth2 API account" needs to be reconnected.' });
    expect(stale.writes).toEqual([]);
  });

  it("is refused by the sandbox when the client secret goes in a Basic header (oAuth2Api's default) instead of the body", async () => {
    const { credentials } = await connected('header');
    serebro.expireAccessTokens();
    const run = await runNode(bare, { url: me() }, [{}], credentials);
    expect(run.status).toBe('error');
    expect(JSON.stringify(run.error)).toMatch(/invalid_client|Client authentication failed/);
    expect(credentials.writes).toEqual([]);
  });
});

describe("a dropdown's options", () => {
  /** A node whose Service Type dropdown lists Sergio's service types, read with the node's credential. */
  const withDropdown: INodeType = {
    description: {
      displayName: 'Dropdown',
      name: 'dropdown',
      group: ['transform'],
      version: 1,
      description: 'A field whose options come from the API',
      defaults: { name: 'Dropdown' },
      inputs: ['main'],
      outputs: ['main'],
      credentials: [{ name: 'sandboxSergioApi', required: true }],
      properties: [
        { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
        { displayName: 'Service Type', name: 'serviceType', type: 'options', typeOptions: { loadOptionsMethod: 'serviceTypes' }, default: '' },
      ],
    },
    methods: {
      loadOptions: {
        async serviceTypes(this: ILoadOptionsFunctions) {
          const answer = (await this.helpers.httpRequestWithAuthentication.call(this, 'sandboxSergioApi', {
            url: `${this.getCurrentNodeParameter('baseUrl')}/zapier/v1/options/service-types`,
            json: true,
          })) as { data: Array<{ id: string; name: string }> };
          return answer.data.map(({ id, name }) => ({ name, value: id }));
        },
      },
    },
  };

  it("are loaded with the node's current parameters and its credential, as the editor asks for them", async () => {
    const credentials = new CredentialStore([sergioKey]);
    credentials.add('sandboxSergioApi', { baseUrl: `${sandbox.url}/sergio`, apiKey: sergio.credentials.apiKey });
    const options = await loadOptions(withDropdown, 'serviceTypes', { baseUrl: `${sandbox.url}/sergio` }, credentials);
    expect(options.length).toBeGreaterThan(1);
    expect(options).toContainEqual({ name: expect.any(String), value: 'exterior_windows' });
  });
});

describe('two zods in one test process', () => {
  it("gives the kit's files the repository's zod 4 (its zod/mini) and this folder n8n-workflow's zod 3.25.76", () => {
    expect(record._zod.version).toMatchObject({ major: 4 });
    // zod 3.25 answers with zod 4 only under `zod/v4`; its own top level is zod 3, which n8n-workflow's schemas use.
    expect(z.string()).not.toHaveProperty('_zod');
    expect(z.string().safeParse('n8n').success).toBe(true);
  });
});
