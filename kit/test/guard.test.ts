/**
 * `guardApp`: every function Zapier calls is wrapped, so that whatever leaves it is a Zapier error a
 * user can read: a TypeError says what was last read, Zapier's own errors keep their type, no message
 * holds a secret or core's "What happened … with bundle {…}" dump.
 */
import nock from 'nock';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { record } from '../answers';
import type { ServicePolicy } from '../errors';
import { guardApp } from '../zapier/guard-app';
import { NOT_PERSONAL } from '../personal';
import { callApi } from '../request';
import { examplePolicy, exampleApp, failureOf, ORIGIN, requestHooksFor, runCreate, TOKEN, type Perform } from './example';

const policy = examplePolicy();

/** Reads GET /things, then trips over an answer nobody expected (a TypeError). */
const readThenBreak: Perform = async (z, bundle) => {
  const thing = await callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record });
  return (thing as unknown as { owner: { name: string } }).owner.name;
};

const field = { key: 'name', label: 'Name' };
const definition = {
  version: '1.0.0',
  platformVersion: zapier.version,
  authentication: {
    type: 'oauth2' as const,
    test: readThenBreak,
    connectionLabel: readThenBreak,
    oauth2Config: {
      authorizeUrl: { url: `${ORIGIN}/oauth/authorize`, params: { client_id: '{{process.env.CLIENT_ID}}', state: '{{bundle.inputData.state}}' } },
      getAccessToken: readThenBreak,
      refreshAccessToken: readThenBreak,
      autoRefresh: false,
    },
  },
  ...requestHooksFor(policy),
  triggers: {
    thing: {
      key: 'thing',
      noun: 'Thing',
      display: { label: 'New Thing', description: 'Triggers when a thing is added.' },
      operation: {
        type: 'hook' as const,
        perform: readThenBreak,
        performList: readThenBreak,
        performSubscribe: readThenBreak,
        performUnsubscribe: readThenBreak,
        inputFields: [field, readThenBreak],
        outputFields: [readThenBreak],
      },
    },
    polled: {
      key: 'polled',
      noun: 'Thing',
      display: { label: 'Updated Thing', description: 'Triggers when a thing is updated.' },
      operation: { perform: readThenBreak },
    },
  },
  creates: {
    make: {
      key: 'make',
      noun: 'Thing',
      display: { label: 'Create Thing', description: 'Creates a thing.' },
      operation: { perform: readThenBreak, inputFields: [readThenBreak] },
    },
  },
  searches: {
    find: {
      key: 'find',
      noun: 'Thing',
      display: { label: 'Find Thing', description: 'Finds a thing.' },
      operation: { perform: readThenBreak },
    },
  },
};
const app = guardApp(policy, definition);
const { operation: hook } = app.triggers.thing;
const { oauth2Config } = app.authentication;

describe('guardApp wraps every function Zapier calls', () => {
  const bundle = { authData: { access_token: TOKEN, token: TOKEN }, inputData: {}, subscribeData: { id: 'sub_1' } } as unknown as Bundle;

  it.each([
    ['perform (REST hook)', hook.perform],
    ['performList', hook.performList],
    ['performSubscribe', hook.performSubscribe],
    ['performUnsubscribe', hook.performUnsubscribe],
    ['an inputFields function', hook.inputFields],
    ['an outputFields function', hook.outputFields],
    ['a polling trigger', app.triggers.polled.operation.perform],
    ["a create's perform", app.creates.make.operation.perform],
    ["a create's inputFields function", app.creates.make.operation.inputFields],
    ["a search's perform", app.searches.find.operation.perform],
    ['authentication.test', app.authentication.test],
    ['connectionLabel', app.authentication.connectionLabel],
    ['getAccessToken', oauth2Config.getAccessToken],
    ['refreshAccessToken', oauth2Config.refreshAccessToken],
  ])('%s: a TypeError becomes an AppError saying what was last read', async (_name, method) => {
    nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    const error = await failureOf(zapier.createAppTester(app)(method as never, bundle));
    expect(error).toMatchObject({
      name: 'AppError',
      message:
        'Example: this step stopped on something this integration does not understand after it answered GET /things (HTTP 200). ' +
        'Try again; if it keeps happening, contact support.',
      code: 'unexpected_error',
      status: 500,
      doNotContextify: true,
    });
    expect(error.raw).not.toMatch(/What happened|TypeError|owner|Cannot read/);
  });

  it('(without the guard, the same TypeError reaches the user with its text and core’s bundle dump)', async () => {
    nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    const error = await failureOf(zapier.createAppTester(definition)(definition.creates.make.operation.perform, bundle));
    expect(error.name).toBe('TypeError');
    expect(error.raw).toMatch(/What happened/);
    expect(error.raw).toMatch(/Cannot read properties of undefined/);
  });

  it('says nothing about a last answer when the step read none, synchronously thrown or not', async () => {
    const sync = guardApp(policy, {
      ...exampleApp(policy, {}),
      creates: {
        sync: {
          key: 'sync',
          noun: 'Thing',
          display: { label: 'Sync', description: 'Throws at once.' },
          operation: {
            perform: ((_z: ZObject, b: Bundle) => (b.inputData as unknown as { missing: { x: string } }).missing.x) as unknown as Perform,
          },
        },
      },
    });
    const error = await failureOf(zapier.createAppTester(sync)(sync.creates.sync.operation.perform, bundle));
    expect(error).toMatchObject({
      name: 'AppError',
      message: 'Example: this step stopped on something this integration does not understand. Try again; if it keeps happening, contact support.',
      doNotContextify: true,
    });
  });
});

describe("Zapier's own errors keep their type", () => {
  const throwing = (make: (z: ZObject) => Error): Perform => async (z) => {
    throw make(z);
  };
  const app = exampleApp(policy, {
    expired: throwing((z) => new z.errors.ExpiredAuthError('Example no longer accepts this connection. Reconnect it.')),
    halted: throwing((z) => new z.errors.HaltedError('Nothing to do: the thing is archived.')),
    throttled: throwing((z) => new z.errors.ThrottledError('Example is busy.', 30)),
    blankRefresh: throwing((z) => new z.errors.RefreshAuthError()),
    appError: throwing((z) => new z.errors.Error('Name is required.', 'invalid_input', 400)),
  });

  it.each([
    ['expired', 'ExpiredAuthError', 'Example no longer accepts this connection. Reconnect it.'],
    ['halted', 'HaltedError', 'Nothing to do: the thing is archived.'],
    ['throttled', 'ThrottledError', 'Example is busy.'],
    ['appError', 'AppError', 'Name is required.'],
    ['blankRefresh', 'RefreshAuthError', 'Example said the access token has expired; Zapier is refreshing it.'],
  ])('%s stays a %s, without core’s bundle dump', async (key, name, message) => {
    const error = await failureOf(runCreate(app, key));
    expect(error).toMatchObject({ name, message, doNotContextify: true });
    expect(error.raw).not.toMatch(/What happened|bundle/);
  });
});

describe('no message holds a secret', () => {
  const echo = (p: ServicePolicy) =>
    exampleApp(p, {
      echo: (z, bundle) => callApi(z, bundle, p, { method: 'POST', url: `${ORIGIN}/things`, body: bundle.inputData, shape: record }),
      quote: async (z, bundle) => {
        throw new z.errors.HaltedError(`No thing for ${JSON.stringify(bundle.inputData)} with secret ${String((bundle.subscribeData as { secret?: string })?.secret)}`);
      },
    });

  it("scrubs the connection's credentials from an API message, in every form they may take", async () => {
    const token = 'tok "quoted" \\ back/slash+plus';
    nock(ORIGIN)
      .post('/things')
      .reply(400, { error: { code: 'bad_token', message: `token ${token} (${encodeURIComponent(token)}) is not valid` } });
    const error = await failureOf(runCreate(echo(policy), 'echo', { authData: { token } }));
    expect(error.message).toBe('Example: token [redacted] ([redacted]) is not valid');
    expect(error.raw).not.toContain(JSON.stringify(token).slice(1, -1));
    expect(error.raw).not.toContain('quoted');
    expect(error.stack).not.toContain('quoted');
  });

  it("scrubs the subscription's signing secret", async () => {
    const error = await failureOf(runCreate(echo(policy), 'quote', { inputData: { name: 'Widget' }, subscribeData: { id: 'sub_1', secret: 'whsec_subscription_1' } } as Partial<Bundle>));
    expect(error).toMatchObject({ name: 'HaltedError', doNotContextify: true });
    expect(error.message).toBe('No thing for {"name":"Widget"} with secret [redacted]');
  });

  it('scrubs every input value of 4 characters or more for a private-data service, nested and JSON-escaped', async () => {
    const privatePolicy = examplePolicy({ privateData: true, showApiMessages: true });
    const inputData = { first_name: 'Marguerite', last_name: 'O"Neil', dob: '1984-02-29', phones: ['5551234567'], address: { city: 'Springfield' }, zip: 90210, sex: 'F', note: 'Amy' };
    nock(ORIGIN)
      .post('/things')
      .reply(422, { error: { code: 'validation_error', message: `Marguerite O"Neil born 1984-02-29 at 5551234567 in Springfield 90210 (F, Amy) is a duplicate` } });
    const error = await failureOf(runCreate(echo(privatePolicy), 'echo', { inputData }));
    expect(error.message).toBe('Example: [redacted] [redacted] born [redacted] at [redacted] in [redacted] [redacted] (F, Amy) is a duplicate');
    expect(error.raw).not.toMatch(/Marguerite|Neil|1984|5551234567|Springfield|90210/);

    const quoted = await failureOf(runCreate(echo(privatePolicy), 'quote', { inputData }));
    expect(quoted.raw).not.toMatch(/Marguerite|Neil|1984|5551234567|Springfield|90210/);
  });

  it('keeps, for a private-data service, the values that identify no one: a choice of a field marked not personal', async () => {
    const privatePolicy = examplePolicy({ privateData: true, showApiMessages: true });
    const inputFields = [
      { key: 'method', choices: ['GET', 'POST', 'PATCH'], meta: NOT_PERSONAL },
      { key: 'status', choices: { active: 'Active', archived: 'Archived' }, meta: NOT_PERSONAL },
      { key: 'kind', choices: [{ value: 'referral', label: 'Referral', sample: 'referral' }], meta: NOT_PERSONAL },
      // A choice, but about the patient: personal unless marked otherwise.
      { key: 'sex', choices: [{ value: 'Female', label: 'Female', sample: 'Female' }] },
      { key: 'mapped', choices: ['GET', 'POST'], meta: NOT_PERSONAL },
    ];
    const app = guardApp(privatePolicy, {
      ...exampleApp(privatePolicy, {}),
      creates: {
        echo: {
          key: 'echo',
          noun: 'Thing',
          display: { label: 'Echo', description: 'Echoes a thing.' },
          operation: {
            inputFields,
            perform: (z: ZObject, bundle: Bundle) => callApi(z, bundle, privatePolicy, { method: 'POST', url: `${ORIGIN}/things`, body: bundle.inputData, shape: record }),
          },
        },
      },
    });
    const inputData = { method: 'POST', status: 'archived', kind: 'referral', sex: 'Female', mapped: 'Marguerite', note: 'PATCH' };
    nock(ORIGIN)
      .post('/things')
      .reply(422, { error: { code: 'validation_error', message: 'POST archived referral for Female Marguerite (PATCH) refused' } });
    const error = await failureOf(zapier.createAppTester(app)(app.creates.echo.operation.perform as never, { authData: { token: TOKEN }, inputData } as unknown as Bundle));
    // The method, the status and the kind chosen from their lists stay; the sex, a value mapped into a
    // marked field but outside its choices, and one of those choices sent in another field are scrubbed.
    expect(error.message).toBe('Example: POST archived referral for [redacted] [redacted] ([redacted]) refused');
  });

  it("keeps an ordinary service's input in its messages (only credentials are secrets there)", async () => {
    nock(ORIGIN).post('/things').reply(422, { error: { code: 'validation_error', message: 'Marguerite is a duplicate' } });
    expect((await failureOf(runCreate(echo(policy), 'echo', { inputData: { first_name: 'Marguerite' } }))).message).toBe('Example: Marguerite is a duplicate');
  });
});
