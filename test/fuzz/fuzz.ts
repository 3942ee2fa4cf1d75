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
 * Used by `npm run fuzz` (test/fuzz/run.ts) and, on a small fixed sample, by test/fuzz/fuzz.test.ts.
 */
import fc from 'fast-check';
import nock from 'nock';
import { BASE_URL_ENV, FAKE_BASE_URL, fakeAuthData, loadApp, operations, SERVICES, type App, type InputField, type Operation, type ServiceName } from '../reliability/connectors';
import { fakeApi, ISSUED_TOKENS, type FakeApi, type NockReply, type WireRequest } from '../reliability/fakeapi';
import { caseArbitrary, plausible } from '../reliability/hostile';
import { messageProblems } from '../reliability/messages';
import { ENDLESS_LISTS, foreignOrigin, FOREIGN_ORIGIN, methodOf, ODD_ANSWERS, REDIRECT_MARKER, REDIRECT_STATUSES } from '../reliability/odd';

const JSON_TYPE = { 'content-type': 'application/json' };
const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' };
const HTML_PAGE = (status: number) => `<!DOCTYPE html><html><body><h1>${status} Bad Gateway</h1><hr>nginx</body></html>`;

/** The credentials a request carried, as an API that echoes them would quote them. */
function credentialsIn(request: WireRequest): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    const text = String(Array.isArray(value) ? value[0] : value ?? '');
    if (/^x-api-key$/i.test(name)) found.push(text);
    if (/^authorization$/i.test(name)) {
      const [scheme, token = ''] = text.split(' ');
      found.push(token);
      if (/^basic$/i.test(scheme)) found.push(...Buffer.from(token, 'base64').toString('utf8').split(':'));
    }
  }
  return found.filter(Boolean);
}

export interface AnswerKind {
  name: string;
  /** Odd: a 2xx that is not the data, or a redirect (counted as odd answers). */
  odd: boolean;
  reply: (request: WireRequest, normal: NockReply, origin: string) => NockReply | undefined;
  /** An answer the kit must refuse: the run succeeding on it is a crash. */
  mustRefuse?: boolean;
  /** Given to every request of the step, not to the one at the chosen position alone (a list that never ends). */
  every?: boolean;
}

/** More requests than any step needs, even one reading a list to its bound: past it the step is stopped, and a crash. */
const MAX_REQUESTS_PER_STEP = 30;

const isTokenRequest = (request: WireRequest) => request.method === 'POST' && request.path.split('?')[0].endsWith('/oauth/token');

/** A token endpoint's answer (RFC 6749 §5.1) changed by `change`; undefined for any other request. */
const tokenAnswer =
  (change: Record<string, unknown>) =>
  (request: WireRequest): NockReply | undefined => {
    if (!isTokenRequest(request)) return undefined;
    const answer: Record<string, unknown> = { ...ISSUED_TOKENS, ...change };
    for (const [key, value] of Object.entries(answer)) if (value === undefined) delete answer[key];
    return [200, answer, JSON_TYPE];
  };

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export const ANSWERS: AnswerKind[] = [
  { name: 'good', odd: false, reply: () => undefined },
  ...ODD_ANSWERS.map((odd) => ({ name: odd.name, odd: true, reply: (_request: WireRequest, normal: NockReply) => odd.reply(normal) })),
  // Lists that never end: every list answer of the step points at a next page.
  ...ENDLESS_LISTS.map((endless) => ({
    name: `every list answer pointing at ${endless.name}`,
    odd: true,
    every: true,
    reply: (request: WireRequest, normal: NockReply) => endless.reply(request, normal, {}),
  })),
  ...REDIRECT_STATUSES.map((status) => ({
    name: `${status} to another origin`,
    odd: true,
    reply: (request: WireRequest): NockReply => [status, '', { location: `${FOREIGN_ORIGIN}${request.path}` }],
  })),
  {
    name: '307 to the same origin',
    odd: true,
    reply: (request: WireRequest, _normal: NockReply, origin: string): NockReply | undefined =>
      request.path.includes(`${REDIRECT_MARKER}=`)
        ? undefined
        : [307, '', { location: `${origin}${request.path}${request.path.includes('?') ? '&' : '?'}${REDIRECT_MARKER}=1` }],
  },
  { name: '400 JSON', odd: false, reply: () => [400, errorBody('validation_error', 'The request is invalid.'), JSON_TYPE] },
  { name: '404 JSON', odd: false, reply: () => [404, errorBody('not_found', 'Not found.'), JSON_TYPE] },
  { name: '409 JSON', odd: false, reply: () => [409, errorBody('conflict', 'Already exists.'), JSON_TYPE] },
  { name: '422 JSON', odd: false, reply: () => [422, errorBody('validation_error', 'A field is invalid.'), JSON_TYPE] },
  { name: '403 JSON', odd: false, reply: () => [403, errorBody('forbidden', 'Missing scope.'), JSON_TYPE] },
  { name: '500 JSON', odd: false, reply: () => [500, errorBody('internal_error', 'Something broke.'), JSON_TYPE] },
  { name: '404 HTML', odd: false, reply: () => [404, HTML_PAGE(404), HTML_TYPE] },
  { name: '502 HTML', odd: false, reply: () => [502, HTML_PAGE(502), HTML_TYPE] },
  { name: '503 HTML', odd: false, reply: () => [503, HTML_PAGE(503), HTML_TYPE] },
  { name: '401', odd: false, reply: () => [401, errorBody('unauthorized', 'Invalid credentials.'), JSON_TYPE] },
  { name: '429 Retry-After: 17', odd: false, reply: () => [429, errorBody('rate_limited', 'Slow down.'), { ...JSON_TYPE, 'retry-after': '17' }] },
  { name: '429 without headers', odd: false, reply: () => [429, '', {}] },
  // Rate-limit headers saying something absurd: the delay must stay an hour at most, the wait must read.
  { name: '429 Retry-After of 400 digits', odd: false, reply: () => [429, '', { 'retry-after': '9'.repeat(400) }] },
  { name: '429 Retry-After in the year 9999', odd: false, reply: () => [429, '', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }] },
  { name: '429 Retry-After: -5', odd: false, reply: () => [429, '', { 'retry-after': '-5' }] },
  { name: '429 X-RateLimit-Interval-Milliseconds: 1e308', odd: false, reply: () => [429, '', { 'x-ratelimit-interval-milliseconds': '1e308', 'x-ratelimit-remaining': '0' }] },
  // Token answers a client must not use (RFC 6749 §5.1, RFC 6749 §7.1 and its appendix A): only the token endpoint gets them.
  { name: 'token of type "mac"', odd: true, mustRefuse: true, reply: tokenAnswer({ token_type: 'mac' }) },
  { name: 'token without token_type', odd: true, mustRefuse: true, reply: tokenAnswer({ token_type: undefined }) },
  { name: 'access token with a CR/LF', odd: true, mustRefuse: true, reply: tokenAnswer({ access_token: 'at_issued_fuzz\r\nX-Injected: 1' }) },
  { name: 'refresh token with "€"', odd: true, mustRefuse: true, reply: tokenAnswer({ refresh_token: 'rt_issued_fuzz_€' }) },
  {
    name: '400 echoing the credentials',
    odd: false,
    reply: (request) => [400, errorBody('invalid_request', `Invalid credentials: ${credentialsIn(request).join(' / ')}`), JSON_TYPE],
  },
  {
    name: '401 echoing the credentials',
    odd: false,
    reply: (request) => [401, errorBody('unauthorized', `Key ${credentialsIn(request).join(' ')} is not valid`), JSON_TYPE],
  },
  {
    name: '422 echoing the input',
    odd: false,
    reply: (request) => [422, errorBody('validation_error', `Invalid body: ${typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '')}`.slice(0, 2000)), JSON_TYPE],
  },
  {
    name: '500 HTML echoing the credentials',
    odd: false,
    reply: (request) => [500, `<html><body>Error for ${credentialsIn(request).join(' ')}</body></html>`, HTML_TYPE],
  },
];

export interface Target {
  service: ServiceName;
  id: string;
  method: string;
  fields: InputField[];
  sample: Record<string, unknown>;
}

function flatten(fields: unknown[]): InputField[] {
  return fields.flatMap((field) =>
    field && typeof field === 'object' && 'key' in field ? [field as InputField, ...flatten((field as InputField).children ?? [])] : [],
  );
}

/**
 * The operation whose field a dropdown trigger without fields of its own fills: Zapier hands the trigger
 * that operation's input (the Stage list reads the Pipeline chosen above it).
 */
function filledBy(trigger: Operation, ops: Operation[]): Operation | undefined {
  if (trigger.kind !== 'triggers' || trigger.definition.operation.inputFields?.length) return undefined;
  return ops.find((op) => flatten(op.definition.operation.inputFields ?? []).some((field) => field.dynamic?.split('.')[0] === trigger.key));
}

/** What Zapier hands OAuth's getAccessToken: the code and where the user came back. */
const CODE_FIELDS: InputField[] = [
  { key: 'code', required: true },
  { key: 'redirect_uri', required: true },
];

/**
 * Every function Zapier calls with the connection's data: auth test, OAuth's token exchange and refresh,
 * triggers, creates, searches, dynamic input field functions.
 */
export function fuzzTargets(apps: Record<ServiceName, App>): Target[] {
  const found: Target[] = [];
  for (const service of SERVICES) {
    const app = apps[service];
    if ((app.authentication as { test?: unknown } | undefined)?.test) {
      found.push({ service, id: `${service} authentication.test`, method: 'authentication.test', fields: [], sample: {} });
    }
    if (app.authentication?.type === 'oauth2') {
      for (const [fn, fields] of [['getAccessToken', CODE_FIELDS], ['refreshAccessToken', []]] as const) {
        found.push({ service, id: `${service} oauth2Config.${fn}`, method: `authentication.oauth2Config.${fn}`, fields: [...fields], sample: {} });
      }
    }
    const ops = operations(service, app, ['triggers', 'creates', 'searches']);
    for (const op of ops) {
      const fields = flatten((filledBy(op, ops) ?? op).definition.operation.inputFields ?? []);
      const sample = { ...(op.definition.operation.sample ?? {}) };
      found.push({ service, id: op.id, method: methodOf(op), fields, sample });
      if ((op.definition.operation.inputFields ?? []).some((field) => typeof field === 'function')) {
        found.push({ service, id: `${op.id} inputFields`, method: `${op.kind}.${op.key}.operation.inputFields`, fields, sample });
      }
    }
  }
  return found;
}

export interface FuzzCase {
  target: Target;
  inputData: Record<string, unknown>;
  answer: AnswerKind;
  /** Which request of the run gets the answer (the first, second or third). */
  position: number;
  /** Serebro connections are made for a Location or for the whole Agency (Company). */
  variant: 'Location' | 'Company';
  /** A credential of the connection spoilt with characters a header cannot carry, or none. */
  credential?: SpoiltCredential;
}

/** A credential with text inserted in its middle; `control` when the text holds a control character. */
export interface SpoiltCredential {
  key: string;
  name: string;
  text: string;
  control: boolean;
}

/** The credentials each connector sends with its requests, by authData key. */
const SENT_CREDENTIALS: Record<ServiceName, string[]> = { serebro: ['access_token'], sergio: ['api_key'], cerbo: ['username', 'password'] };

const SPOILERS = [
  { name: 'a CR/LF', text: '\r\nX-Injected: 1', control: true },
  { name: 'a NUL', text: '\u0000', control: true },
  { name: 'an emoji', text: '😀', control: false },
  { name: '"€"', text: '€', control: false },
];

/**
 * Whether a spoilt credential cannot be sent at all: any header credential, and Basic's user or password
 * only with a control character (Zapier sends the rest as UTF-8 in base64).
 */
const unsendable = (service: ServiceName, credential: SpoiltCredential) => credential.control || service !== 'cerbo';

export function caseArbitraryFor(targets: Target[]): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...targets).chain((target) => {
    const fields = target.fields.filter((field) => !field.computed);
    const plausibleInput = fc.record(Object.fromEntries(fields.map((field) => [field.key, plausible(field)]))) as fc.Arbitrary<Record<string, unknown>>;
    const input = fc.oneof(plausibleInput, caseArbitrary(fields).map((testCase) => testCase.inputData));
    return fc.record({
      target: fc.constant(target),
      inputData: input,
      // Good answers a third of the time: odd ones are the point, but success paths must run too.
      answer: fc.oneof({ weight: 1, arbitrary: fc.constant(ANSWERS[0]) }, { weight: 2, arbitrary: fc.constantFrom(...ANSWERS.slice(1)) }),
      // Mostly the first request (every operation makes one), sometimes a later one (a create's write after its lookup).
      position: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
      variant: fc.constantFrom<'Location' | 'Company'>('Location', 'Company'),
      // Mostly the connection as it is; one run in six with a credential that cannot be sent.
      credential: fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc
            .record({ key: fc.constantFrom(...SENT_CREDENTIALS[target.service]), spoiler: fc.constantFrom(...SPOILERS) })
            .map(({ key, spoiler }): SpoiltCredential => ({ key, name: spoiler.name, text: spoiler.text, control: spoiler.control })),
        },
      ),
    });
  });
}

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
