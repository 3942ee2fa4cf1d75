/**
 * The odd answers the fault injector gives (issue 12): a 2xx that is not the data asked for, and
 * redirects. What a client receives on the wire, asked for by header and by rule.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { FaultInjector, installFaults, parseFaultHeader, REDIRECT_MARKER, REDIRECT_STATUSES } from '../core/faults';
import { startSandbox, type Sandbox } from '..';

describe('odd answers from the fault injector', () => {
  let app: FastifyInstance;
  let origin: string;
  const injector = new FaultInjector();
  /** Query strings the real route saw, in order. */
  const served: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    app = Fastify();
    await app.register(async (scope) => {
      installFaults(scope, injector, 'demo', (reply) => reply.code(429).send({ error: { code: 'rate_limited', message: 'Too many requests' } }));
      scope.get('/things', async (request) => {
        served.push({ ...(request.query as Record<string, unknown>) });
        return { data: [{ id: 'a' }] };
      });
      scope.post('/things', async (request, reply) => {
        served.push({ ...(request.query as Record<string, unknown>), body: request.body });
        return reply.code(201).send({ id: 'b', ...(request.body as Record<string, unknown>) });
      });
    });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    injector.clear();
    served.length = 0;
  });

  const get = (header?: string, init: RequestInit = {}) =>
    fetch(`${origin}/things?limit=5`, { redirect: 'manual', ...init, headers: { ...(header ? { 'x-sandbox-fault': header } : {}), ...init.headers } });

  it('empty: 200 with no body at all, labelled JSON; the status can be another 2xx', async () => {
    const ok = await get('empty');
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    expect([ok.status, await ok.text()]).toEqual([200, '']);
    const created = await get('empty:201');
    expect([created.status, await created.text()]).toEqual([201, '']);
    injector.add({ kind: 'empty', status: 202, times: 1 });
    const accepted = await get();
    expect([accepted.status, await accepted.text()]).toEqual([202, '']);
    expect(served).toEqual([]);
  });

  it('no_content: 204 without a body', async () => {
    const response = await get('no_content');
    expect([response.status, await response.text()]).toEqual([204, '']);
  });

  it('null: 200 with the JSON body null', async () => {
    const response = await get('null');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toBeNull();
  });

  it('wrong_shape: 200 with valid JSON of the wrong shape, {"data":null} unless told otherwise', async () => {
    const byDefault = await get('wrong_shape');
    expect([byDefault.status, await byDefault.json()]).toEqual([200, { data: null }]);
    for (const [name, body] of [
      ['object', {}],
      ['array', []],
      ['string', 'ok'],
    ] as const) {
      const response = await get(`wrong_shape:${name}`);
      expect([response.status, await response.json()]).toEqual([200, body]);
    }
    injector.add({ kind: 'wrong_shape', body: { items: 'not a list' }, times: 1 });
    const byRule = await get();
    expect(await byRule.json()).toEqual({ items: 'not a list' });
    expect(served).toEqual([]);
  });

  it('refuses a wrong_shape name it does not know, rather than answering something else', () => {
    expect(parseFaultHeader('wrong_shape:banana')).toBeUndefined();
  });

  it('html_ok: 200 with an HTML page served as success', async () => {
    const response = await get('html_ok');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<!DOCTYPE html>.*Sign in/);
  });

  it.each(REDIRECT_STATUSES.map((status) => [status]))('redirect %i: Location on another origin, the same path by default', async (status) => {
    const response = await get(`redirect:${status}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/things');
    expect(served).toEqual([]);
  });

  it('redirect to a chosen foreign URL by rule, for the requests it matches only', async () => {
    injector.add({ kind: 'redirect', status: 301, location: 'https://elsewhere.example/moved?x=1', method: 'POST' });
    const redirected = await fetch(`${origin}/things`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([redirected.status, redirected.headers.get('location')]).toEqual([301, 'https://elsewhere.example/moved?x=1']);
    expect((await get()).status).toBe(200);
  });

  it('same-origin redirect: points at the same path with the marker; following it reaches the real route once, without the marker', async () => {
    // A rule without `times`: the marker alone must stop a loop.
    injector.add({ kind: 'redirect', sameOrigin: true, status: 302 });
    const first = await get();
    expect(first.status).toBe(302);
    const location = first.headers.get('location') ?? '';
    expect(location).toBe(`/things?limit=5&${REDIRECT_MARKER}=1`);
    expect(served).toEqual([]);

    const followed = await fetch(new URL(location, origin), { redirect: 'manual' });
    expect([followed.status, await followed.json()]).toEqual([200, { data: [{ id: 'a' }] }]);
    expect(served).toEqual([{ limit: '5' }]);

    // What a client that follows redirects sees: the real answer after one hop.
    served.length = 0;
    const auto = await fetch(`${origin}/things?limit=5`);
    expect([auto.status, auto.redirected, await auto.json()]).toEqual([200, true, { data: [{ id: 'a' }] }]);
    expect(served).toEqual([{ limit: '5' }]);
  });

  it('same-origin 307 and 308 keep the method and body, so a create still creates once', async () => {
    for (const status of [307, 308]) {
      served.length = 0;
      const response = await fetch(`${origin}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-fault': `redirect_same:${status}` },
        body: JSON.stringify({ name: 'kept' }),
      });
      expect([response.status, response.redirected, await response.json()]).toEqual([201, true, { id: 'b', name: 'kept' }]);
      expect(served).toEqual([{ body: { name: 'kept' } }]);
    }
  });
});

describe('odd answers through the sandbox admin endpoint', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true });
  });
  afterAll(() => sandbox?.close());

  it('accepts every new kind as a rule and applies it to the service named', async () => {
    const rules = [
      { kind: 'empty' },
      { kind: 'no_content' },
      { kind: 'null' },
      { kind: 'wrong_shape', body: [] },
      { kind: 'html_ok' },
      { kind: 'redirect', status: 308 },
    ];
    const seen: Array<[number, string]> = [];
    const { apiKey } = sandbox.services.sergio.credentials as { apiKey: string };
    for (const rule of rules) {
      const added = await fetch(`${sandbox.url}/_admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...rule, service: 'sergio', times: 1 }),
      });
      expect(added.status).toBe(201);
      const response = await fetch(`${sandbox.url}/sergio/zapier/v1/me`, { headers: { 'x-api-key': apiKey }, redirect: 'manual' });
      seen.push([response.status, (await response.text()).slice(0, 15)]);
    }
    expect(seen).toEqual([
      [200, ''],
      [204, ''],
      [200, 'null'],
      [200, '[]'],
      [200, '<!DOCTYPE html>'],
      [308, '<a href="https:'],
    ]);
    // Every rule was counted, then used up: the next request is served.
    const after = await fetch(`${sandbox.url}/sergio/zapier/v1/me`, { headers: { 'x-api-key': apiKey } });
    expect(after.status).toBe(200);
  });
});
