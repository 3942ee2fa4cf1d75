import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { FaultInjector, installFaults } from '../core/faults';
import { FixedWindow, utcDayWindow, retryAfterSeconds } from '../core/ratelimit';
import { IdSource } from '../core/ids';
import { serebroSignature } from '../core/signatures';
import { WebhookDispatcher } from '../core/webhooks';
import { assertLoopback, startSandbox } from '..';
import { serebroSigned } from './signed';

describe('rate-limit windows', () => {
  it('allows the limit, then refuses until the window resets', () => {
    const window = new FixedWindow(3, 10_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => window.take('key', t0).allowed)).toEqual([true, true, true]);
    const refused = window.take('key', t0 + 1_000);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, resetInMs: 9_000 });
    expect(retryAfterSeconds(refused)).toBe('9');
    expect(window.take('other', t0).allowed).toBe(true);
    expect(window.take('key', t0 + 10_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('aligns the daily window on UTC midnight', () => {
    const day = utcDayWindow(2);
    const lateEvening = Date.parse('2026-11-24T23:59:00Z');
    day.exhaust('k', lateEvening);
    const refused = day.take('k', lateEvening);
    expect(refused.allowed).toBe(false);
    expect(refused.resetInMs).toBe(60_000);
    expect(day.take('k', Date.parse('2026-11-25T00:00:01Z')).allowed).toBe(true);
  });
});

describe('deterministic ids', () => {
  it('gives the same ids and secrets for the same seed, others for another', () => {
    const a = new IdSource('seed');
    const b = new IdSource('seed');
    expect([a.next('ct'), a.next('ct'), a.secret('key')]).toEqual([b.next('ct'), b.next('ct'), b.secret('key')]);
    expect(new IdSource('other').next('ct')).not.toBe(new IdSource('seed').next('ct'));
    expect(a.next('ct')).toMatch(/^ct_[0-9a-f]{16}$/);
  });
});

describe('fault injection', () => {
  let app: FastifyInstance;
  let origin: string;
  const injector = new FaultInjector();

  beforeAll(async () => {
    app = Fastify();
    await app.register(async (scope) => {
      installFaults(scope, injector, 'demo', (reply, retryAfter) => {
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        return reply.code(429).send({ error: { code: 'rate_limited', message: 'Too many requests' } });
      });
      scope.get('/things', async () => ({ data: [{ id: 'a' }] }));
    });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());
  afterEach(() => injector.clear());

  it('serves normally without a fault', async () => {
    const response = await fetch(`${origin}/things`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [{ id: 'a' }] });
  });

  it.each([
    ['503', 503, /"code":"service_unavailable"/],
    ['html:504', 504, /<html>/],
    ['malformed', 200, /^\{"data": \[\{"id": "tr$/],
    ['rate_limit', 429, /"code":"rate_limited"/],
  ])('answers the %s fault asked for by header', async (header, status, body) => {
    const response = await fetch(`${origin}/things`, { headers: { 'x-sandbox-fault': header } });
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(body);
  });

  it('sends Retry-After on a 429 only when the fault asks for one', async () => {
    const withDelay = await fetch(`${origin}/things`, { headers: { 'x-sandbox-fault': 'rate_limit:30' } });
    expect(withDelay.headers.get('retry-after')).toBe('30');
    const without = await fetch(`${origin}/things`, { headers: { 'x-sandbox-fault': 'rate_limit' } });
    expect(without.headers.get('retry-after')).toBeNull();
  });

  it('drops the connection for a reset', async () => {
    await expect(fetch(`${origin}/things`, { headers: { 'x-sandbox-fault': 'reset' } })).rejects.toThrow();
  });

  it('delays, then serves, for latency', async () => {
    const response = await fetch(`${origin}/things`, { headers: { 'x-sandbox-fault': 'latency:50' } });
    expect(response.status).toBe(200);
  });

  it('applies a counted rule to matching requests only, then stops', async () => {
    const before = injector.injected;
    injector.add({ kind: 'status', status: 500, path: '/things', method: 'GET', times: 2, service: 'demo' });
    injector.add({ kind: 'status', status: 500, service: 'another-service' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${origin}/things`)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(injector.injected - before).toBe(2);
  });
});

describe('webhook dispatcher', () => {
  let receiver: Server;
  let url: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.statusCode = failuresLeft-- > 0 ? 503 : 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));
  beforeEach(() => {
    received.length = 0;
  });

  const request = (target: string) => ({
    service: 'serebro',
    subscriptionId: 'wh_1',
    url: target,
    event: 'contact.created',
    id: 'evt_1',
    body: { id: 'evt_1', type: 'contact.created', data: { id: 'ct_1' } },
    headers: (rawBody: string) => ({
      'x-serebro-delivery': 'evt_1',
      'x-serebro-signature': serebroSignature('secret', rawBody),
    }),
  });

  it('retries a failing delivery with backoff until it succeeds, signing every attempt', async () => {
    const dispatcher = new WebhookDispatcher({ retryBaseMs: 5 });
    failuresLeft = 2;
    const record = dispatcher.dispatch(request(url));
    await dispatcher.drain();
    expect(record.state).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(received).toHaveLength(3);
    for (const delivery of received) {
      expect(delivery.headers['x-serebro-delivery']).toBe('evt_1');
      expect(serebroSigned(delivery.headers['x-serebro-signature'], delivery.body, 'secret')).toBe(true);
    }
  });

  it('gives up after five tries', async () => {
    const dispatcher = new WebhookDispatcher({ retryBaseMs: 1 });
    failuresLeft = 10;
    const record = dispatcher.dispatch(request(url));
    await dispatcher.drain();
    expect(record.state).toBe('failed');
    expect(record.attempts).toHaveLength(5);
    failuresLeft = 0;
  });

  it('never delivers outside loopback', async () => {
    const dispatcher = new WebhookDispatcher({ retryBaseMs: 1 });
    const record = dispatcher.dispatch(request('https://hooks.zapier.com/hooks/standard/1/abc'));
    await dispatcher.drain();
    expect(record.state).toBe('refused');
    expect(received).toHaveLength(0);
  });
});

describe('startSandbox', () => {
  it('refuses to listen anywhere but loopback', async () => {
    expect(() => assertLoopback('0.0.0.0')).toThrow(/only listens on loopback/);
    await expect(startSandbox({ host: '192.168.1.10' })).rejects.toThrow(/only listens on loopback/);
    expect(() => assertLoopback('127.0.0.1')).not.toThrow();
  });

  it('serves the three services, admin state and the common error body for unknown routes', async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(sandbox.services).sort()).toEqual(['cerbo', 'serebro', 'sergio']);
      expect(sandbox.env).toMatchObject({
        SEREBRO_BASE_URL: `${sandbox.url}/serebro`,
        SERGIO_BASE_URL: `${sandbox.url}/sergio`,
        CERBO_BASE_URL: `${sandbox.url}/cerbo/{subdomain}`,
      });
      const missing = await fetch(`${sandbox.url}/nowhere`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nowhere' } });
      const faults = await fetch(`${sandbox.url}/_admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'explode' }),
      });
      expect(faults.status).toBe(422);
      expect((await faults.json()).error.details).toEqual({ field: 'kind' });
      const added = await fetch(`${sandbox.url}/_admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'status', status: 503, service: 'sergio', times: 1 }),
      });
      expect(added.status).toBe(201);
      expect(sandbox.faults.list()).toHaveLength(1);
      expect((await fetch(`${sandbox.url}/_admin/state`)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
