/**
 * `restHook` on the example app: subscribing needs an id and a signing secret, deliveries are refused
 * unless signed, fresh, small, JSON and named, and one event gives one item per subscription, with a
 * stand-in for Zapier's cache service reached the way production reaches it (core's RPC client).
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { recordOf } from '../answers';
import { MAX_ANSWER_DEPTH } from '../depth';
import { guardApp } from '../zapier/guard-app';
import { firstDelivery, MAX_DELIVERY_BYTES, restHook, type DeliveryScheme } from '../hooks';
import { callApi } from '../request';
import { findHeader, verifyTimestampedHmac } from '../signature';
import { examplePolicy, failureOf, ORIGIN, requestHooksFor, TOKEN } from './example';

const Thing = zm.object({ id: zm.string(), color: zm.optional(zm.string()) });
const thing = recordOf(Thing);

const policy = examplePolicy();
const scheme: DeliveryScheme = {
  deliveryHeader: 'X-Example-Delivery',
  eventField: 'type',
  verify: (headers, rawBody, secret) =>
    verifyTimestampedHmac({ headerName: 'X-Example-Signature', header: findHeader(headers, 'X-Example-Signature'), rawBody, secret }),
};

/** The subscription answer as it comes: the hook itself refuses one without an id and secret. */
const anyAnswer = zm.unknown();

const thingCreated = restHook(policy, {
  event: 'thing.created',
  item: thing,
  scheme,
  subscribe: (z, bundle) => callApi(z, bundle, policy, { method: 'POST', url: `${ORIGIN}/hooks`, body: { url: bundle.targetUrl, event: 'thing.created' }, shape: anyAnswer }),
  unsubscribe: (z, bundle, data) => callApi(z, bundle, policy, { method: 'DELETE', url: `${ORIGIN}/hooks/${String(data.id)}`, acceptStatuses: [404] }),
  remember: (bundle) => ({ region: String(bundle.inputData.region ?? 'eu') }),
  list: (z, bundle, chosen) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, params: { limit: 3, ...chosen }, shape: zm.array(thing) }),
  filters: { color: 'color' },
});

const app = guardApp(policy, {
  version: '1.0.0',
  platformVersion: zapier.version,
  authentication: { type: 'custom' as const, fields: [{ key: 'token', required: true }], test: async () => ({}) },
  ...requestHooksFor(policy),
  triggers: {
    thing: {
      key: 'thing',
      noun: 'Thing',
      display: { label: 'New Thing', description: 'Triggers when a thing is created.' },
      operation: { ...thingCreated, inputFields: [{ key: 'color', required: false }] },
    },
  },
});
const hook = app.triggers.thing.operation;

const SECRET = 'whsec_example_1';
const NOW = () => Math.floor(Date.now() / 1000);

/** The signature header as the service makes it, written here from the scheme (not with the kit). */
function sign(body: string, secret = SECRET, t = NOW()): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

const event = (id = 'evt_1', data: unknown = { id: 'th_1', color: 'red' }, type = 'thing.created') => JSON.stringify({ id, type, data });

/** A delivery as Zapier hands it to perform: raw headers carry the `Http-` prefix. */
function delivery(content: string | undefined, headers: Record<string, string>, subscribeData: Record<string, unknown> = { id: 'sub_1', secret: SECRET }, inputData = {}) {
  return {
    authData: { token: TOKEN },
    inputData,
    subscribeData,
    rawRequest: content === undefined ? undefined : { method: 'POST', querystring: '', headers, content },
  } as unknown as Bundle;
}

const signed = (content: string, extra: Record<string, string> = {}) => ({ 'Http-X-Example-Signature': sign(content), ...extra });

describe('performSubscribe', () => {
  const bundle = { authData: { token: TOKEN }, inputData: { region: 'us' }, targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc' } as unknown as Bundle;

  it('keeps the id, the signing secret and what the connector remembers', async () => {
    const api = nock(ORIGIN).post('/hooks', { url: bundle.targetUrl, event: 'thing.created' }).reply(201, { id: 'hk_1', secret: SECRET, url: bundle.targetUrl });
    await expect(zapier.createAppTester(app)(hook.performSubscribe, bundle)).resolves.toEqual({ id: 'hk_1', secret: SECRET, region: 'us' });
    expect(api.isDone()).toBe(true);
  });

  it.each([
    ['without a secret', { id: 'hk_1' }],
    ['without an id', { secret: SECRET }],
    ['with an empty secret', { id: 'hk_1', secret: '' }],
    ['with nothing', ''],
  ])('does not turn the Zap on when the answer comes %s', async (_name, answer) => {
    nock(ORIGIN).post('/hooks').reply(201, answer);
    const error = await failureOf(zapier.createAppTester(app)(hook.performSubscribe, bundle));
    expect(error).toMatchObject({
      name: 'AppError',
      message:
        'Example answered the subscription request without a subscription ID and signing secret, so deliveries could not be verified ' +
        'and the Zap was not turned on. Try turning it on again; if it keeps happening, contact support.',
      code: 'subscription_without_secret',
      status: 502,
    });
    expect(error.raw).not.toContain(SECRET);
  });
});

describe('performUnsubscribe and performList', () => {
  const bundle = { authData: { token: TOKEN }, inputData: { color: 'red' }, subscribeData: { id: 'hk_1', secret: SECRET } } as unknown as Bundle;

  it('removes the subscription, and takes one already removed as done', async () => {
    for (const status of [204, 404]) {
      const api = nock(ORIGIN).delete('/hooks/hk_1').reply(status, status === 404 ? { error: { code: 'not_found' } } : '');
      await expect(zapier.createAppTester(app)(hook.performUnsubscribe, bundle)).resolves.toEqual({});
      expect(api.isDone()).toBe(true);
    }
  });

  it('lists recent items filtered like live deliveries, asking the list for the filters chosen', async () => {
    nock(ORIGIN).get('/things').query({ limit: '3', color: 'red' }).reply(200, [{ id: 'th_1', color: 'red' }, { id: 'th_2', color: 'blue' }]);
    await expect(zapier.createAppTester(app)(hook.performList, bundle)).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
  });

  it('reads a filter trimmed, and a filter left empty as no filter', async () => {
    nock(ORIGIN).get('/things').query({ limit: '3', color: 'red' }).reply(200, [{ id: 'th_1', color: 'red' }]);
    await expect(zapier.createAppTester(app)(hook.performList, { ...bundle, inputData: { color: ' red ' } })).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
    nock(ORIGIN).get('/things').query({ limit: '3' }).reply(200, [{ id: 'th_1', color: 'red' }, { id: 'th_2', color: 'blue' }]);
    await expect(zapier.createAppTester(app)(hook.performList, { ...bundle, inputData: { color: '' } })).resolves.toHaveLength(2);
  });
});

describe('perform: which deliveries are accepted', () => {
  const run = (bundle: Bundle) => zapier.createAppTester(app)(hook.perform, bundle);

  it("returns the event's data for a signed, fresh delivery, with or without its delivery header", async () => {
    const body = event();
    await expect(run(delivery(body, signed(body, { 'Http-X-Example-Delivery': 'evt_1' })))).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
    await expect(run(delivery(body, signed(body)))).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
  });

  it("returns nothing for another event type, or an item the user's filter leaves out", async () => {
    const other = event('evt_2', { id: 'th_2' }, 'thing.deleted');
    await expect(run(delivery(other, signed(other)))).resolves.toEqual([]);
    const blue = event('evt_3', { id: 'th_3', color: 'blue' });
    await expect(run(delivery(blue, signed(blue), undefined, { color: 'red' }))).resolves.toEqual([]);
  });

  const body = event();
  const huge = JSON.stringify({ id: 'evt_9', type: 'thing.created', data: { id: 'th_9', pad: 'a'.repeat(MAX_DELIVERY_BYTES) } });
  const deep = `{"id":"evt_8","type":"thing.created","data":{"id":"th_8","pad":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
  const t = NOW();
  it.each([
    ['unsigned', () => delivery(body, {}), 'the X-Example-Signature header is missing'],
    ['forged', () => delivery(body, { 'Http-X-Example-Signature': `t=${t},v1=${'0'.repeat(64)}` }), 'the signature does not match the body'],
    ['signed with another secret', () => delivery(body, { 'Http-X-Example-Signature': sign(body, 'whsec_other') }), 'the signature does not match the body'],
    ['changed after signing', () => delivery(body.replace('red', 'blue'), signed(body)), 'the signature does not match the body'],
    [
      'stale (a replay of a delivery signed 301 s ago)',
      () => delivery(body, { 'Http-X-Example-Signature': sign(body, SECRET, NOW() - 301) }),
      'the signature timestamp is more than 300 seconds from now (a replay or a stale retry)',
    ],
    ['for a subscription without a secret', () => delivery(body, signed(body), { id: 'sub_1' }), 'the subscription has no signing secret'],
    ['without a body', () => delivery(undefined, {}), 'it has no body'],
    ['oversize', () => delivery(huge, signed(huge)), `its body is larger than ${MAX_DELIVERY_BYTES} bytes`],
    ['signed but nested 100,000 levels deep', () => delivery(deep, signed(deep)), `its body is nested more than ${MAX_ANSWER_DEPTH} levels deep`],
    ['signed but not JSON', () => delivery('id=evt_1&type=thing.created', signed('id=evt_1&type=thing.created')), 'its body is not JSON'],
    ['signed without an event id', () => delivery('{"type":"thing.created","data":{"id":"th_1"}}', signed('{"type":"thing.created","data":{"id":"th_1"}}')), 'its signed body has no event id'],
    [
      'whose delivery header differs from the signed event id',
      () => delivery(body, signed(body, { 'Http-X-Example-Delivery': 'evt_other' })),
      'its X-Example-Delivery header does not match the signed event id',
    ],
    [
      'whose event data has no id',
      () => delivery(event('evt_4', { color: 'red' }), signed(event('evt_4', { color: 'red' }))),
      'its thing.created event has no data with an id',
    ],
  ])('halts a delivery %s, without secrets or the delivery in the message', async (_name, make, reason) => {
    const error = await failureOf(run(make()));
    expect(error).toMatchObject({ name: 'HaltedError', message: `Refused a webhook delivery: ${reason}.`, doNotContextify: true });
    expect(error.raw).not.toMatch(/What happened|whsec_|th_1|red/);
  });
});

describe('perform: one item per event and subscription', () => {
  /** Zapier's cache service as core's RPC client reaches it: set with nx leaves an existing key alone. */
  let store: Map<string, string>;
  let answer: 'ok' | 'error' | 'down';
  const previousKey = process.env.ZAPIER_DEPLOY_KEY;
  beforeAll(() => {
    process.env.ZAPIER_DEPLOY_KEY = 'kit-test-deploy-key';
  });
  afterAll(() => {
    if (previousKey === undefined) delete process.env.ZAPIER_DEPLOY_KEY;
    else process.env.ZAPIER_DEPLOY_KEY = previousKey;
  });
  beforeEach(() => {
    store = new Map();
    answer = 'ok';
    nock('https://rpc.zapier.com')
      .persist()
      .post('/cli')
      .reply((_uri, requestBody) => {
        const { id, method, params } = (typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody) as { id: string; method: string; params: unknown[] };
        if (answer === 'down') return [500, 'Internal Server Error'];
        if (answer === 'error' || method !== 'zcache_set') return [200, { id, error: `zcache unavailable for ${String(params[0])}` }];
        const [key, value, , , nx] = params as [string, string, number, string[], boolean];
        if (nx && store.has(key)) return [200, { id, result: false }];
        store.set(key, value);
        return [200, { id, result: true }];
      });
  });

  /** A tester whose z.cache goes to the RPC service (createAppTester's own stand-in ignores nx). */
  function tester() {
    const appTester = zapier.createAppTester(app);
    (appTester as unknown as { zcacheTestObj: unknown }).zcacheTestObj = undefined;
    return (bundle: Bundle) => appTester(hook.perform, bundle);
  }

  it("gives the sender's retry of an event nothing, and the same event to another subscription its item", async () => {
    const run = tester();
    const body = event('evt_7');
    const headers = signed(body, { 'Http-X-Example-Delivery': 'evt_7' });
    await expect(run(delivery(body, headers))).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
    await expect(run(delivery(body, headers))).resolves.toEqual([]);
    await expect(run(delivery(body, headers, { id: 'sub_2', secret: SECRET }))).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
    await expect(run(delivery(body, headers, { id: 'sub_2', secret: SECRET }))).resolves.toEqual([]);
    expect(store.size).toBe(2);
  });

  it('gives a replay under a new delivery header no second item', async () => {
    const run = tester();
    const body = event('evt_8');
    await expect(run(delivery(body, signed(body, { 'Http-X-Example-Delivery': 'evt_8' })))).resolves.toEqual([{ id: 'th_1', color: 'red' }]);
    expect((await failureOf(run(delivery(body, signed(body, { 'Http-X-Example-Delivery': 'dlv_new' }))))).name).toBe('HaltedError');
    await expect(run(delivery(body, signed(body)))).resolves.toEqual([]);
  });

  it.each([
    ['answers with an error', 'error' as const],
    ['is down', 'down' as const],
  ])('fails with a clear AppError, not the raw error, when the cache %s', async (_name, how) => {
    answer = how;
    const body = event('evt_10');
    const error = await failureOf(tester()(delivery(body, signed(body))));
    expect(error).toMatchObject({
      name: 'AppError',
      message: "Zapier's cache did not answer while checking whether this Example delivery was already seen. Replay the run if its item is missing.",
      code: 'cache_unavailable',
      status: 503,
      doNotContextify: true,
    });
    expect(error.raw).not.toMatch(/RPC|zcache|evt_10|sub_1/);
  });

  it('counts every delivery as new where there is no cache service (zapier-platform invoke)', async () => {
    const z = { errors: zapier.errors, cache: { set: () => Promise.reject(new Error('rpc is not available')) } } as unknown as ZObject;
    await expect(firstDelivery(z, 'Example', 'sub_1', 'evt_11')).resolves.toBe(true);
    await expect(firstDelivery(z, 'Example', 'sub_1', 'evt_11')).resolves.toBe(true);
  });
});
