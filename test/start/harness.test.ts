import { HookReceiver } from '../../scripts/zaps/receiver';
import { Dedupe, rawRequestOf } from '../../scripts/zaps/steps';
import { Redactor, summarise, summaryLines } from '../../scripts/zaps/transcript';
import type { StepRecord } from '../../scripts/zaps/harness';

describe('the hook receiver (a stand-in for hooks.zapier.com)', () => {
  let receiver: HookReceiver;
  beforeAll(async () => {
    receiver = await new HookReceiver().start();
  });
  afterAll(() => receiver.close());

  it('answers 200 at once and hands the exact body and headers to the waiting Zap', async () => {
    const url = receiver.targetUrl('zap-1');
    const waiting = receiver.next(url, (d) => JSON.parse(d.content).id === 'evt_2');
    const first = await fetch(url, { method: 'POST', headers: { 'x-serebro-delivery': 'evt_1' }, body: '{"id":"evt_1"}' });
    const second = await fetch(url, { method: 'POST', headers: { 'x-serebro-delivery': 'evt_2' }, body: '{"id":"evt_2" }' });
    expect([first.status, second.status]).toEqual([200, 200]);
    const delivery = await waiting;
    expect(delivery.content).toBe('{"id":"evt_2" }');
    expect(delivery.headers['x-serebro-delivery']).toBe('evt_2');
    // The one nobody took is still there for the next waiter.
    expect((await receiver.next(url)).content).toBe('{"id":"evt_1"}');
  });

  it('says which hook got nothing when a delivery never comes', async () => {
    await expect(receiver.next(receiver.targetUrl('silent'), () => true, 50)).rejects.toThrow('no delivery reached /hooks/silent within 0 s');
  });

  it('refuses what is not a POST to a hook path', async () => {
    expect((await fetch(receiver.targetUrl('zap-1'))).status).toBe(404);
  });
});

describe('what a REST-hook perform is handed', () => {
  it('has rawRequest headers prefixed Http- in Title-Case, the raw body and the parsed body, as Zapier gives them', () => {
    const { rawRequest, cleanedRequest } = rawRequestOf({
      path: '/hooks/x',
      headers: { 'x-sergio-signature': 'sha256=ab', 'content-type': 'application/json' },
      content: '{"id":"evt_1","data":{"id":"job_1"}}',
      receivedAt: 0,
    });
    expect(rawRequest.headers).toEqual({ 'Http-X-Sergio-Signature': 'sha256=ab', 'Http-Content-Type': 'application/json' });
    expect(rawRequest.content).toBe('{"id":"evt_1","data":{"id":"job_1"}}');
    expect(cleanedRequest).toEqual({ id: 'evt_1', data: { id: 'job_1' } });
  });
});

describe('polling dedupe', () => {
  it('lets through only ids never seen, once', () => {
    const dedupe = new Dedupe();
    dedupe.prime([{ id: 'a' }, { id: 'b' }]);
    expect(dedupe.fresh([{ id: 'c' }, { id: 'a' }])).toEqual([{ id: 'c' }]);
    expect(dedupe.fresh([{ id: 'c' }])).toEqual([]);
  });
});

describe('the transcript', () => {
  const step = (outcome: StepRecord['outcome'], zap: string, requests: number): StepRecord => ({
    number: 1,
    section: zap,
    zap,
    connector: 'sergio',
    service: 'Sergio',
    operation: 'op',
    outcome,
    detail: '',
    requests,
    ms: 10,
  });

  it('blanks out any known secret and counts it', () => {
    const redactor = new Redactor(() => ['sk_live_123456', 'sat_abcdef']);
    expect(redactor.clean('key sk_live_123456 and sat_abcdef twice sat_abcdef')).toBe('key [redacted] and [redacted] twice [redacted]');
    expect(redactor.replaced).toBe(3);
  });

  it('sums steps per Zap and says how many failed', () => {
    const { summary, totals } = summarise([step('ok', 'Zap 1', 2), step('failed', 'Zap 1', 1), step('skipped', 'Zap 2', 0)]);
    expect(summary).toEqual([
      { title: 'Zap 1', steps: 2, ok: 1, failed: 1, skipped: 0, requests: 3, ms: 20 },
      { title: 'Zap 2', steps: 1, ok: 0, failed: 0, skipped: 1, requests: 0, ms: 10 },
    ]);
    const lines = summaryLines({ summary, totals, ok: false }, { color: false });
    expect(lines.at(-1)).toBe('1 step failed and 1 skipped, out of 3: see the ✖ lines above.');
  });
});
