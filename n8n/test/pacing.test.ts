/**
 * The pacer (runtime/pacing.ts) on a recording clock, and on n8n's own `sleep` where a cancelled execution
 * must stop its wait; and the credentials' rate-limit fields, whose defaults are the limits the APIs publish.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeApiError } from 'n8n-workflow';
import { REQUESTS_PER_MINUTE } from '../../sandbox/cerbo';
import { BURST_INTERVAL_MS, BURST_LIMIT } from '../../sandbox/serebro/ratelimit';
import { LIMITS } from '../../sandbox/sergio';
import { CerboApi } from '../packages/cerbo/credentials/CerboApi.credentials';
import { service as cerbo } from '../packages/cerbo/nodes/Cerbo/service';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { service as serebro } from '../packages/serebro/nodes/Serebro/service';
import { SergioApi } from '../packages/sergio/credentials/SergioApi.credentials';
import { service as sergio } from '../packages/sergio/nodes/Sergio/service';
import { executeOperation } from '../runtime/execute';
import { RequestPacer, type PacedRequest, type PacerClock } from '../runtime/pacing';
import { fakeNode, json } from './runtime-fakes';

/** A clock that records every wait and moves forward by it; `latencyMs` passes while each request is under way. */
function recordingClock() {
  let now = 1_000_000;
  const waits: number[] = [];
  const clock: PacerClock = {
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return { clock, waits, now: () => now, pass: (ms: number) => (now += ms) };
}

const WRITE: PacedRequest = { method: 'POST', path: '/zapier/v1/actions/create-customer' };
const READ: PacedRequest = { method: 'GET', path: '/zapier/v1/searches/find-customer' };
const isWrite = ({ method }: PacedRequest) => method !== 'GET';
const isRead = ({ method }: PacedRequest) => method === 'GET';

/** Sends `requests` one after another through `pacer`, each answered after `latencyMs`: when each was sent. */
async function sendAll(pacer: RequestPacer, time: ReturnType<typeof recordingClock>, requests: PacedRequest[], latencyMs = 10): Promise<number[]> {
  const sent: number[] = [];
  for (const request of requests) {
    const turn = await pacer.turn(request);
    sent.push(time.now());
    time.pass(latencyMs);
    turn.answered();
  }
  return sent;
}

/** The most of `times` within any span shorter than `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((at) => at >= start && at < start + windowMs).length));
}

describe('the pacer', () => {
  it('lets the limit through at once, then sends each request a window after the answer of the one it replaces', async () => {
    const time = recordingClock();
    const pacer = new RequestPacer([{ limit: 3, windowMs: 1_000, counts: () => true }], time.clock);
    const sent = await sendAll(pacer, time, Array(8).fill(WRITE));
    const start = sent[0];
    // Answers come back 10 ms after each send: the 4th goes 1 s after the 1st's answer, and so on.
    expect(sent.map((at) => at - start)).toEqual([0, 10, 20, 1_010, 1_020, 1_030, 2_020, 2_030]);
    expect(busiest(sent, 1_000)).toBe(3);
    // However the API aligns its fixed windows, none holds more than 3.
    for (const offset of [0, 250, 500, 999]) {
      const perWindow = new Map<number, number>();
      for (const at of sent) perWindow.set(Math.floor((at + offset) / 1_000), (perWindow.get(Math.floor((at + offset) / 1_000)) ?? 0) + 1);
      expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(3);
    }
  });

  it('counts a request still under way: a window full of unanswered requests lets nothing through until one is answered', async () => {
    const time = recordingClock();
    const pacer = new RequestPacer([{ limit: 2, windowMs: 1_000, counts: () => true }], time.clock);
    const first = await pacer.turn(WRITE);
    await pacer.turn(WRITE);
    let third: number | undefined;
    const waiting = pacer.turn(WRITE).then(() => (third = time.now()));
    for (let tick = 0; tick < 5; tick += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBeUndefined();
    const answeredAt = time.now();
    first.answered();
    await waiting;
    expect(third).toBeGreaterThanOrEqual(answeredAt + 1_000);
  });

  it('counts only what each limit counts: reads do not wait behind writes, nor writes behind reads', async () => {
    const time = recordingClock();
    const pacer = new RequestPacer(
      [
        { limit: 2, windowMs: 60_000, counts: isWrite },
        { limit: 4, windowMs: 60_000, counts: isRead },
      ],
      time.clock,
    );
    const sent = await sendAll(pacer, time, [WRITE, READ, WRITE, READ, READ, READ]);
    expect(time.waits).toEqual([]);
    expect(sent.map((at) => at - sent[0])).toEqual([0, 10, 20, 30, 40, 50]);
    // The third write waits a minute from the first write's answer; a fifth read, a minute from the first read's.
    await sendAll(pacer, time, [WRITE]);
    expect(time.waits).toEqual([60_000 + 10 - 60]);
  });

  it('holds what a 429 counts for the wait the API asked, and only that', async () => {
    const time = recordingClock();
    const pacer = new RequestPacer(
      [
        { limit: 60, windowMs: 60_000, counts: isWrite },
        { limit: 120, windowMs: 60_000, counts: isRead },
      ],
      time.clock,
    );
    pacer.holdFor(WRITE, 20_000);
    await sendAll(pacer, time, [READ]);
    expect(time.waits).toEqual([]);
    await sendAll(pacer, time, [WRITE]);
    expect(time.waits).toEqual([20_000 - 10]);
  });

  it('stops waiting when n8n cancels the execution, on n8n\'s own sleep', async () => {
    const pacer = new RequestPacer([{ limit: 1, windowMs: 60_000, counts: () => true }]);
    (await pacer.turn(WRITE)).answered();
    const cancel = new AbortController();
    const started = Date.now();
    setTimeout(() => cancel.abort(), 50);
    await expect(pacer.turn(WRITE, cancel.signal)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('in a node execution', () => {
  const SERGIO = { apiKey: 'sk_test_pacing_key_0001', baseUrl: 'http://127.0.0.1:4010/sergio' };
  const customer = { id: 'cus_1', name: 'Ada Lovelace', email: null, phone: null, address: null, created_at: '2026-11-24T18:00:00Z' };
  const create = { operation: 'create_customer', name: 'Ada Lovelace' };

  it('a cancelled execution stops waiting for its turn and sends nothing more', async () => {
    const node = fakeNode({ credentials: { ...SERGIO, writesPerMinute: 1 }, parameters: create, items: 3, answers: () => json(201, customer) });
    const cancel = new AbortController();
    const execute = { ...node.execute, getExecutionCancelSignal: () => cancel.signal } as typeof node.execute;
    const started = Date.now();
    setTimeout(() => cancel.abort(), 100);
    await expect(executeOperation.call(execute, sergio)).rejects.toThrow("The execution was cancelled before this item's request was sent to Sergio.");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(node.sent).toHaveLength(1);
  });

  it('with Continue On Fail, every item after the cancel fails without a request', async () => {
    const cancel = new AbortController();
    const node = fakeNode({
      credentials: SERGIO,
      parameters: create,
      items: 3,
      continueOnFail: true,
      answers: () => {
        cancel.abort();
        return json(201, customer);
      },
    });
    const execute = { ...node.execute, getExecutionCancelSignal: () => cancel.signal } as typeof node.execute;
    const [items] = await executeOperation.call(execute, sergio);
    expect(items.map((item) => item.json.error ?? item.json.id)).toEqual([
      'cus_1',
      "The execution was cancelled before this item's request was sent to Sergio.",
      "The execution was cancelled before this item's request was sent to Sergio.",
    ]);
    expect(node.sent).toHaveLength(1);
  });

  it.each([0, -5, 'many'])('refuses a Writes per Minute of %p, naming the field, before anything is sent', async (writesPerMinute) => {
    const node = fakeNode({ credentials: { ...SERGIO, writesPerMinute }, parameters: create, answers: [json(201, customer)] });
    const error = await executeOperation.call(node.execute, sergio).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).not.toBeInstanceOf(NodeApiError);
    expect(error?.message).toBe('The Writes per Minute of this Sergio credential must be a whole number of 1 or more.');
    expect(node.sent).toHaveLength(0);
  });
});

describe('the credentials\' rate-limit fields', () => {
  const apis = readFileSync(path.join(__dirname, '..', '..', 'docs', 'apis.md'), 'utf8');
  const fieldOf = (properties: { name: string; default: unknown; type: string }[], name: string) => properties.find((property) => property.name === name);

  it('default to the limits the APIs publish (docs/apis.md), which the sandbox enforces', () => {
    expect(apis).toMatch(/100 requests in a 10 s burst/);
    expect(apis).toMatch(/reads 120, writes 60/);
    expect(apis).toMatch(/60 requests a minute per API user/);
    expect(fieldOf(new SerebroOAuth2Api().properties, 'requestsPer10Seconds')).toMatchObject({ type: 'number', default: 100 });
    expect(fieldOf(new SergioApi().properties, 'writesPerMinute')).toMatchObject({ type: 'number', default: 60 });
    expect(fieldOf(new SergioApi().properties, 'readsPerMinute')).toMatchObject({ type: 'number', default: 120 });
    expect(fieldOf(new CerboApi().properties, 'requestsPerMinute')).toMatchObject({ type: 'number', default: 60 });
    expect([BURST_LIMIT, LIMITS.write, LIMITS.read, REQUESTS_PER_MINUTE]).toEqual([100, 60, 120, 60]);
  });

  it('are what each node paces under, over the windows the APIs count in', () => {
    const paced = (service: typeof serebro) => service.rateLimits.map(({ field, windowMs }) => [field.name, field.default, windowMs]);
    expect(paced(serebro)).toEqual([['requestsPer10Seconds', BURST_LIMIT, BURST_INTERVAL_MS]]);
    expect(paced(sergio)).toEqual([
      ['writesPerMinute', LIMITS.write, 60_000],
      ['readsPerMinute', LIMITS.read, 60_000],
    ]);
    expect(paced(cerbo)).toEqual([['requestsPerMinute', REQUESTS_PER_MINUTE, 60_000]]);
  });

  it('count what the APIs count: Sergio a GET as a read, a webhook registration as neither, anything else as a write', () => {
    const [writes, reads] = sergio.rateLimits;
    const kinds = (request: PacedRequest) => [writes.counts(request), reads.counts(request)];
    expect(kinds(READ)).toEqual([false, true]);
    expect(kinds(WRITE)).toEqual([true, false]);
    expect(kinds({ method: 'PATCH', path: '/zapier/v1/jobs/job_1' })).toEqual([true, false]);
    expect(kinds({ method: 'POST', path: '/zapier/v1/subscriptions' })).toEqual([false, false]);
    expect(kinds({ method: 'DELETE', path: '/zapier/v1/subscriptions/sub_1' })).toEqual([false, false]);
    expect(serebro.rateLimits[0].counts(READ) && serebro.rateLimits[0].counts(WRITE)).toBe(true);
    expect(cerbo.rateLimits[0].counts(READ) && cerbo.rateLimits[0].counts(WRITE)).toBe(true);
  });
});
