/**
 * Faults end to end through the sandbox's fault injection (issue 8, "Faults"): each ends in the
 * Zapier error type a user (and Zapier's retry logic) can act on, with a message naming the service.
 */
import type { FaultRule } from '../../sandbox/core/faults';
import type { Sandbox } from '../../sandbox';
import { loadApp, operations, type ServiceName } from './connectors';
import { counts, outcome } from './counts';
import { expectOnlyKnown, type Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { connect, SERVICE_LABEL, type ServiceUnderTest, type Step } from './sandboxes';
import { errorName, makeTester, throttleDelay, userMessage, type Tester } from './tester';
import { frameSuite, startSuiteSandbox } from './suite';

export interface Outcome {
  name: string;
  message: string;
  delay?: number;
  result?: unknown;
}

export async function attempt(tester: Tester, step: Step | { method: string; inputData: Record<string, unknown> }, authData: Record<string, string>): Promise<Outcome> {
  const inputData = typeof step.inputData === 'function' ? step.inputData() : step.inputData;
  try {
    const result = await tester(step.method, { authData, inputData, meta: {} });
    return { name: 'ok', message: '', result };
  } catch (error) {
    return { name: errorName(error), message: userMessage(error), delay: throttleDelay(error) };
  }
}

/** A fault the test brought about itself, then one step: its outcome, counted as one injected fault. */
export async function attemptFault(tester: Tester, step: Parameters<typeof attempt>[1], authData: Record<string, string>): Promise<Outcome> {
  counts.faultScenarios += 1;
  counts.faultsInjected += 1;
  const seen = await attempt(tester, step, authData);
  outcome(`fault:${seen.name}`);
  return seen;
}

/**
 * The sandbox's real rate limiter used up through its admin route (`POST {adminPath}` with `body`),
 * then one step (a read unless said): its outcome, with the limits reset before and after.
 */
export async function attemptRateLimited(context: FaultContext, adminPath: string, body: Record<string, unknown>, step: Step = context.sut.read): Promise<Outcome> {
  const { sandbox, tester, sut } = context;
  await sut.resetLimits();
  await fetch(`${sandbox.url}${adminPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const seen = await attemptFault(tester, step, sut.authData);
  await sut.resetLimits();
  return seen;
}

interface Expectation {
  name: string;
  /** The message must match (besides naming the service). */
  message?: RegExp;
  delay?: (seconds: number) => boolean;
}

interface Scenario {
  name: string;
  rule: Omit<FaultRule, 'service'>;
  expect: Expectation;
}

const ACT = /try again|retry|in a few minutes|later/i;
const NOT_UNDERSTOOD = /does not understand .*Try again/;
const ANOTHER_HOST = /redirect to another host \(elsewhere\.example\)\. Nothing of the connection was sent there/;

export const SCENARIOS: Scenario[] = [
  { name: '500 with a JSON error body', rule: { kind: 'status', status: 500, times: 1 }, expect: { name: 'AppError' } },
  { name: '503 with a JSON error body', rule: { kind: 'status', status: 503, times: 1 }, expect: { name: 'AppError' } },
  { name: '502 HTML page from a proxy', rule: { kind: 'html', status: 502, times: 1 }, expect: { name: 'AppError', message: ACT } },
  { name: '504 HTML page from a proxy', rule: { kind: 'html', status: 504, times: 1 }, expect: { name: 'AppError', message: ACT } },
  { name: '200 with malformed JSON', rule: { kind: 'malformed', times: 1 }, expect: { name: 'AppError', message: /JSON/ } },
  {
    name: '429 as the service sends it, without Retry-After',
    rule: { kind: 'rate_limit', times: 1 },
    expect: { name: 'ThrottledError', delay: (s) => s >= 1 && s <= 86_400 },
  },
  { name: '429 with Retry-After: 30', rule: { kind: 'rate_limit', retryAfter: 30, times: 1 }, expect: { name: 'ThrottledError', delay: (s) => s === 30 } },
  {
    // 10^15 seconds (31 million years): Zapier is asked back within the hour, and the message still reads.
    name: '429 with an absurd Retry-After (10^15 seconds)',
    rule: { kind: 'rate_limit', retryAfter: 10 ** 15, times: 1 },
    expect: { name: 'ThrottledError', message: /for more than 30 days\. Zapier will try again in 60 minutes\.$/, delay: (s) => s === 3_600 },
  },
  {
    name: 'bare 429 with no rate-limit headers at all',
    rule: { kind: 'status', status: 429, times: 1 },
    expect: { name: 'ThrottledError', delay: (s) => s >= 1 && s <= 3_600 },
  },
  { name: 'connection reset', rule: { kind: 'reset', times: 1 }, expect: { name: 'AppError', message: ACT } },
  { name: 'connection dropped after 300 ms (timeout)', rule: { kind: 'timeout', delayMs: 300, times: 1 }, expect: { name: 'AppError', message: ACT } },
  { name: 'slow answer (250 ms), then normal', rule: { kind: 'latency', delayMs: 250, times: 1 }, expect: { name: 'ok' } },
  // Odd answers and redirects, from the sandbox itself (the nock suite, odd-*.test.ts, gives them to every operation).
  { name: '200 with an empty body', rule: { kind: 'empty', times: 1 }, expect: { name: 'AppError', message: NOT_UNDERSTOOD } },
  { name: '204 where a body is expected', rule: { kind: 'no_content', times: 1 }, expect: { name: 'AppError', message: NOT_UNDERSTOOD } },
  { name: '200 null', rule: { kind: 'null', times: 1 }, expect: { name: 'AppError', message: NOT_UNDERSTOOD } },
  { name: '200 {"data":null}', rule: { kind: 'wrong_shape', times: 1 }, expect: { name: 'AppError', message: NOT_UNDERSTOOD } },
  { name: '200 HTML page', rule: { kind: 'html_ok', times: 1 }, expect: { name: 'AppError', message: NOT_UNDERSTOOD } },
  { name: '301 to another host', rule: { kind: 'redirect', status: 301, times: 1 }, expect: { name: 'AppError', message: ANOTHER_HOST } },
  { name: '308 to another host', rule: { kind: 'redirect', status: 308, times: 1 }, expect: { name: 'AppError', message: ANOTHER_HOST } },
  { name: '307 within the same origin, then normal', rule: { kind: 'redirect', status: 307, sameOrigin: true, times: 1 }, expect: { name: 'ok' } },
];

export function judge(service: ServiceName, outcomeSeen: Outcome, expectation: Expectation): string | undefined {
  if (outcomeSeen.name !== expectation.name) return `ended in ${outcomeSeen.name}, expected ${expectation.name}`;
  if (expectation.name === 'ok') return undefined;
  if (!outcomeSeen.message.includes(SERVICE_LABEL[service])) return `message does not name ${SERVICE_LABEL[service]}`;
  if (expectation.message && !expectation.message.test(outcomeSeen.message)) return 'message gives no next step';
  if (expectation.delay && (outcomeSeen.delay === undefined || !expectation.delay(outcomeSeen.delay))) return `throttle delay ${outcomeSeen.delay} is not sane`;
  return undefined;
}

export interface FaultContext {
  sandbox: Sandbox;
  tester: Tester;
  sut: ServiceUnderTest;
  findings: Finding[];
}

/** Starts the sandbox, connects, and runs every generic scenario against one read and one write. */
export function describeFaults(service: ServiceName, extra?: (context: () => FaultContext) => void): void {
  const app = loadApp(service);
  describe(`${service}: faults injected by the sandbox, end to end`, () => {
    let sandbox: Sandbox;
    let tester: Tester;
    let sut: ServiceUnderTest;
    const findings: Finding[] = [];
    frameSuite(
      {
        part: `faults-${service}`,
        setUp: async () => {
          sandbox = await startSuiteSandbox();
          tester = makeTester(app);
          sut = await connect(service, sandbox, app, tester);
        },
        tearDown: () => sandbox?.close(),
      },
      findings,
    );

    it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
      '%s: ends in the right error type with a message that names the service',
      async (_name, scenario) => {
        const problems: string[] = [];
        const examples: string[] = [];
        for (const [which, step] of [
          ['read', sut.read],
          ['write', sut.write],
        ] as const) {
          await sut.resetLimits();
          sandbox.faults.clear();
          const before = sandbox.faults.injected;
          sandbox.faults.add({ ...scenario.rule, service });
          const seen = await attempt(tester, step, sut.authData);
          counts.faultScenarios += 1;
          counts.faultsInjected += sandbox.faults.injected - before;
          outcome(`fault:${seen.name}`);
          if (sandbox.faults.injected === before) problems.push(`${which}: the fault was never injected`);
          const problem = judge(service, seen, scenario.expect);
          if (problem) {
            problems.push(`${which} (${step.method.split('.').slice(0, 2).join('.')}): ${problem}`);
            examples.push(seen.message.split('\n')[0].slice(0, 160));
          }
          if (scenario.rule.kind === 'timeout' && which === 'read') {
            const timeout = tester.requests[0]?.timeout;
            outcome(timeout ? 'request timeout set by the connector' : 'no request timeout set by the connector');
          }
        }
        sandbox.faults.clear();
        findings.push(...problems.map((problem, i) => ({ where: `${service} fault: ${scenario.name}`, problem, example: examples[i] })));
        expectOnlyKnown(`${service} fault: ${scenario.name}`, problems);
      },
      60_000,
    );

    it('a 429 storm (every request refused) ends every step in ThrottledError, never a retry loop or a generic error', async () => {
      await sut.resetLimits();
      sandbox.faults.clear();
      const before = sandbox.faults.injected;
      sandbox.faults.add({ kind: 'rate_limit', service });
      const seen: Outcome[] = [];
      for (let i = 0; i < 6; i += 1) seen.push(await attempt(tester, i % 2 ? sut.write : sut.read, sut.authData));
      sandbox.faults.clear();
      counts.faultScenarios += 1;
      counts.faultsInjected += sandbox.faults.injected - before;
      for (const s of seen) outcome(`fault:${s.name}`);
      expect(seen.map((s) => s.name)).toEqual(Array(6).fill('ThrottledError'));
      // One request per step: the connector does not retry a 429 itself (Zapier reschedules the step).
      expect(sandbox.faults.injected - before).toBe(6);
    });

    // Every trigger (dropdowns and polling ones, and the sample list of REST hooks) under the faults
    // that change what a user sees: none needs input on a Location/single-account connection.
    const triggerFaults = SCENARIOS.filter((scenario) => ['status', 'html', 'malformed', 'rate_limit', 'reset'].includes(scenario.rule.kind));
    const triggers = operations(service, app, ['triggers']);
    it.each(triggers.map((op) => [op.id, op] as const))('%s: under 5xx, HTML, malformed JSON, 429 and reset', async (_id, op) => {
      const method = `triggers.${op.key}.operation.${op.definition.operation.type === 'hook' ? 'performList' : 'perform'}`;
      await sut.resetLimits();
      sandbox.faults.clear();
      const baseline = await attempt(tester, { method, inputData: {} }, sut.authData);
      if (baseline.name !== 'ok') {
        // A trigger that needs input (a pipeline's stages) is covered through the operations above.
        outcome('trigger skipped: needs input');
        return;
      }
      const problems: string[] = [];
      for (const scenario of triggerFaults) {
        await sut.resetLimits();
        sandbox.faults.clear();
        const before = sandbox.faults.injected;
        sandbox.faults.add({ ...scenario.rule, service });
        const seen = await attempt(tester, { method, inputData: {} }, sut.authData);
        counts.faultScenarios += 1;
        counts.faultsInjected += sandbox.faults.injected - before;
        outcome(`fault:${seen.name}`);
        const problem = judge(service, seen, scenario.expect);
        if (problem) problems.push(`${scenario.name}: ${problem}`);
      }
      sandbox.faults.clear();
      findings.push(...problems.map((problem) => ({ where: `${op.id} under faults`, problem })));
      expectOnlyKnown(`${op.id} under faults`, problems);
    }, 60_000);

    extra?.(() => ({ sandbox, tester, sut, findings }));

    itLeaksNothing(`faults-${service}`, findings);
  });
}
