/**
 * Fuzzing every operation of the three connectors (issue 12 point 9, issue 15 point 3): generated
 * inputs (plausible and hostile, test/reliability/hostile.ts) against nock-answered APIs whose answer
 * to one of the operation's requests is drawn from good and odd answers, run in-process through
 * zapier-platform-core's `createAppTester`. Each run is classified:
 *  - fine: success, or a Zapier error (AppError, ThrottledError, ExpiredAuthError, RefreshAuthError,
 *    HaltedError) marked `doNotContextify`, without core's "What happened" dump;
 *  - crash: anything else (TypeError, core's ResponseError or CheckError, an unmarked error, the dump),
 *    a step that asks for more pages than any list needs (a list that never ends, unbounded),
 *    and what the kit must refuse but took: a token of another type kept, a credential that cannot be
 *    sent sent anyway or met with "does not understand … Try again", a throttle message with a wait that
 *    does not read (Infinity, NaN, 1e+301);
 *  - leak: a message (or result) holding a credential or secret, or a value sent to Cerbo; or a
 *    request that reached the foreign host a redirect pointed at.
 * This file runs the cases and gives the verdicts and the report; what is fuzzed (targets.ts), the
 * answers given (answers.ts) and the cases drawn from the seed (cases.ts) live beside it.
 * Used by `npm run fuzz` (test/fuzz/run.ts) and, on a small fixed sample, by test/fuzz/fuzz.test.ts.
 */
import fc from 'fast-check';
import nock from 'nock';
import { BASE_URL_ENV, FAKE_BASE_URL, fakeAuthData, loadApp, SERVICES, type App, type ServiceName } from '../reliability/connectors';
import { fakeApi, type FakeApi } from '../reliability/fakeapi';
import { messageProblems } from '../reliability/messages';
import { foreignOrigin, FOREIGN_ORIGIN } from '../reliability/odd';
import { errorBody, JSON_TYPE } from './answers';
import { caseArbitraryFor, unsendable, type FuzzCase } from './cases';
import { fuzzTargets } from './targets';

/** More requests than any step needs, even one reading a list to its bound: past it the step is stopped, and a crash. */
const MAX_REQUESTS_PER_STEP = 30;

export type Verdict = 'success' | 'zapier error' | 'crash' | 'leak';

export interface Example {
  verdict: Verdict;
  operation: string;
  answer: string;
  error: string;
  message: string;
}

// Counters like the reliability suite's (test/reliability/counts.ts) but of another run: the two reports stay apart.
export interface FuzzReport {
  inputs: number;
  oddAnswers: number;
  crashes: number;
  leaks: number;
  byVerdict: Record<Verdict, number>;
  /** `crash|leak  operation  answer  error` → count. */
  failures: Map<string, number>;
  examples: Example[];
}

const CORE_CURLIES = /^z\.request\(\) no longer supports \{\{bundle\.\*\}\}/;

const ZAPIER_ERRORS = new Set(['AppError', 'ThrottledError', 'ExpiredAuthError', 'RefreshAuthError', 'HaltedError']);

type AppTester = (method: string, bundle: Record<string, unknown>) => Promise<unknown>;

/**
 * One tester per app through core's Lambda handler, as test/reliability/tester.ts does (core's
 * `createAppTester` wraps the same handler but gives no `cursorTestObj`, so a dropdown's "Load more"
 * cursor would call Zapier's RPC). Core is loaded in test mode: no per-run process log line.
 */
function testers(apps: Record<ServiceName, App>): Record<ServiceName, AppTester> {
  process.env.NODE_ENV = process.env.NODE_ENV || 'test';
  const createHandler = require('zapier-platform-core/src/tools/create-lambda-handler') as (app: unknown) => (event: unknown) => Promise<{ results: unknown }>;
  return Object.fromEntries(
    SERVICES.map((service) => {
      const handler = createHandler(apps[service]);
      const zcacheTestObj = {};
      const tester: AppTester = async (method, bundle) =>
        (await handler({ command: 'execute', method, bundle, zcacheTestObj, cursorTestObj: {} })).results;
      return [service, tester];
    }),
  ) as Record<ServiceName, AppTester>;
}

/** Every secret-looking string, masked in what is printed. */
export function maskSecrets(text: string, bundle: Record<string, unknown>): string {
  let masked = text;
  const values: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string' && value.trim().length >= 4) values.push(value.trim());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(bundle.authData);
  walk(bundle.inputData);
  for (const value of values.sort((a, b) => b.length - a.length)) masked = masked.split(value).join('«masked»');
  return masked;
}

export interface FuzzOptions {
  seed: number;
  runs: number;
  /** Called after each run with the number done. */
  progress?: (done: number) => void;
  /** Stops after this many seconds (the report counts the inputs actually run). */
  maxSeconds?: number;
  /** Runs only cases `from` to `to` (exclusive) of the seed's sequence of `runs`. */
  from?: number;
  to?: number;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const apps = Object.fromEntries(SERVICES.map((service) => [service, loadApp(service)])) as Record<ServiceName, App>;
  for (const service of SERVICES) process.env[BASE_URL_ENV[service]] = FAKE_BASE_URL[service];
  process.env.CLIENT_ID = process.env.CLIENT_ID ?? 'client_fuzz';
  process.env.CLIENT_SECRET = 'cs_reliability_a1b2c3d4e5f60718293a';
  const tester = testers(apps);
  const targets = fuzzTargets(apps);

  const apis = Object.fromEntries(SERVICES.map((service) => [service, fakeApi(service)])) as Record<ServiceName, FakeApi>;
  let currentRecord: Record<string, unknown> = {};
  const foreign = foreignOrigin(() => currentRecord);

  const report: FuzzReport = {
    inputs: 0,
    oddAnswers: 0,
    crashes: 0,
    leaks: 0,
    byVerdict: { success: 0, 'zapier error': 0, crash: 0, leak: 0 },
    failures: new Map(),
    examples: [],
  };

  const runOne = async (testCase: FuzzCase) => {
    const { target, inputData, answer, position, variant } = testCase;
    const service = target.service;
    const api = apis[service];
    const origin = new URL(FAKE_BASE_URL[service].replace('{subdomain}', 'x')).origin;
    api.wire.length = 0;
    foreign.length = 0;
    api.ids.clear();
    const walk = (value: unknown) => {
      if (typeof value === 'string') api.ids.add(value.trim());
      else if (Array.isArray(value)) value.forEach(walk);
    };
    Object.values(inputData).forEach(walk);
    api.record = { ...target.sample, id: 'rec_fuzz' };
    currentRecord = api.record;
    let applied = false;
    api.fault = (request, normal) => {
      if (request.index >= MAX_REQUESTS_PER_STEP) return [500, errorBody('runaway', 'Stopped by the fuzzer.'), JSON_TYPE];
      if (!answer.every && request.index !== position) return undefined;
      const reply = answer.reply(request, normal, origin);
      if (reply) applied = true;
      return reply;
    };
    const authData = fakeAuthData(service, apps[service], variant);
    // OAuth's token requests go without the connection's credentials: a spoilt one changes nothing there.
    const spoilt = target.method.startsWith('authentication.oauth2Config.') ? undefined : testCase.credential;
    if (spoilt) authData[spoilt.key] = `${authData[spoilt.key].slice(0, 8)}${spoilt.text}${authData[spoilt.key].slice(8)}`;
    const bundle = { authData, inputData, meta: {} };

    let result: unknown;
    let error: (Error & { doNotContextify?: boolean }) | undefined;
    try {
      result = await tester[service](target.method, bundle);
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    api.fault = undefined;
    report.inputs += 1;
    if (applied && answer.odd) report.oddAnswers += 1;

    const name = error?.name ?? 'ok';
    const message = error ? error.message : '';
    let verdict: Verdict = error ? 'zapier error' : 'success';
    let why = name;
    if (error && name === 'Error' && CORE_CURLIES.test(message)) {
      // zapier-platform-core's own refusal of `{{bundle.…}}` text in a request (a Zap mapping such a
      // string): the platform's outcome, not the connector's, as in test/reliability/inputs.ts.
      why = 'core refused {{bundle.*}} in the input';
    } else if (error && (!ZAPIER_ERRORS.has(name) || !error.doNotContextify)) {
      verdict = 'crash';
      why = ZAPIER_ERRORS.has(name) ? `${name} without doNotContextify` : name;
    }
    if (/what happened/i.test(message) && !CORE_CURLIES.test(message)) {
      verdict = 'crash';
      why = `${name} with core's "What happened" dump`;
    }
    const refusal = refusalProblem(testCase, { applied, requests: api.wire.length, name, message: userMessage(error) });
    if (refusal) {
      verdict = 'crash';
      why = `${name}: ${refusal}`;
    }
    const leaks = [
      ...messageProblems(message, bundle, service).filter((problem) => !/What happened/.test(problem.problem)),
      ...(result === undefined ? [] : messageProblems(safeJson(result), { authData }).filter((problem) => /credential|secret/.test(problem.problem))),
    ];
    if (foreign.length) leaks.push({ problem: `request sent to ${new URL(FOREIGN_ORIGIN).host}`, excerpt: '' });
    if (leaks.length) {
      verdict = 'leak';
      why = `${name}: ${[...new Set(leaks.map((leak) => leak.problem))].join(', ')}`;
    }
    report.byVerdict[verdict] += 1;
    if (verdict === 'crash' || verdict === 'leak') {
      if (verdict === 'crash') report.crashes += 1;
      else report.leaks += 1;
      const answerName = applied ? answer.name : 'good';
      const key = `${verdict} | ${target.id} | ${answerName} | ${why}`;
      report.failures.set(key, (report.failures.get(key) ?? 0) + 1);
      if (report.examples.length < 20 && report.failures.get(key) === 1) {
        report.examples.push({ verdict, operation: target.id, answer: answerName, error: why, message: maskSecrets(message || safeJson(result), bundle).slice(0, 200) });
      }
    }
    options.progress?.(report.inputs);
  };

  nock.disableNetConnect();
  const started = Date.now();
  const from = options.from ?? 0;
  const to = Math.min(options.to ?? options.runs, options.runs);
  try {
    // The whole sequence comes from the seed; a slice of it runs here (the runner splits long runs).
    const cases = fc.sample(caseArbitraryFor(targets), { seed: options.seed, numRuns: to }).slice(from);
    for (const testCase of cases) {
      if (options.maxSeconds && Date.now() - started > options.maxSeconds * 1000) break;
      await runOne(testCase);
    }
  } finally {
    nock.cleanAll();
  }
  return report;
}

/** What a user sees of an error (Zapier's errors carry JSON), with a throttle's delay. */
function userMessage(error: Error | undefined): string {
  if (!error) return '';
  try {
    const parsed = JSON.parse(error.message) as { message?: unknown; delay?: unknown };
    if (typeof parsed?.message === 'string') return `${parsed.message}${typeof parsed.delay === 'number' ? ` (delay ${parsed.delay})` : ''}`;
  } catch {
    // a plain message
  }
  return error.message;
}

/**
 * What the kit must refuse but took, or undefined: an answer it must refuse (a token of another type)
 * kept; a credential that cannot be sent sent, or met with "does not understand … Try again"; a throttle
 * whose wait does not read, or whose delay is not between a second and an hour.
 */
function refusalProblem(testCase: FuzzCase, run: { applied: boolean; requests: number; name: string; message: string }): string | undefined {
  const { answer, credential, target } = testCase;
  if (run.requests >= MAX_REQUESTS_PER_STEP) return `${run.requests} requests in one step, not stopped by a bound`;
  if (run.applied && answer.mustRefuse && run.name === 'ok') return 'kept an answer it must refuse';
  if (credential && !target.method.startsWith('authentication.oauth2Config.') && unsendable(target.service, credential)) {
    if (run.requests > 0) return `sent the ${credential.key} holding ${credential.name}`;
    if (/does not understand/.test(run.message)) return `"does not understand" for the ${credential.key} holding ${credential.name}`;
  }
  if (run.name === 'ThrottledError') {
    const delay = Number(/\(delay (\d+)\)$/.exec(run.message)?.[1]);
    if (/Infinity|NaN|\de[+-]?\d|\d{7,}/.test(run.message)) return 'a wait that does not read';
    if (!(delay >= 1 && delay <= 3_600)) return `a delay of ${delay} s`;
  }
  return undefined;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function summaryLine(report: FuzzReport): string {
  return `fuzz: ${report.inputs} inputs, ${report.oddAnswers} odd answers, ${report.crashes} crashes, ${report.leaks} leaks`;
}
