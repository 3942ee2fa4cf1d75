/**
 * Odd answers (issue 12 point 9, issue 15 point 3): a 2xx that is not the data asked for (empty body,
 * 204, `null`, JSON of the wrong shape, an HTML page) and redirects, given to EVERY operation of a
 * connector (auth test, every trigger, create and search) at every request it makes, on the fake
 * origins (nock). What a user must see:
 *  - an odd answer: an AppError whose message names the service and says it did not understand the answer;
 *  - a redirect to another origin: an AppError naming that host, and nothing sent there (a hit on
 *    the foreign host is recorded: credentials would have gone with it);
 *  - a redirect to the same origin: the step works, with the result it gives without the redirect.
 */
import fc from 'fast-check';
import nock from 'nock';
import { FAKE_ORIGIN, fakeAuthData, loadApp, operations, type App, type InputField, type Operation, type ServiceName } from './connectors';
import { counts, outcome, perOperation } from './counts';
import { fakeApi, type FakeApi, type NockReply, type WireRequest } from './fakeapi';
import { plausible } from './hostile';
import type { Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { registerInputValues } from './messages';
import { SERVICE_LABEL } from './sandboxes';
import { errorName, makeTester, userMessage, type Tester } from './tester';
import { resolveFields } from './inputs';
import { frameSuite, useFakeApi } from './suite';

export const FOREIGN_ORIGIN = 'https://elsewhere.example';
export const FOREIGN_HOST = 'elsewhere.example';
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
/** Marks the request a same-origin redirect points at, so that it is answered, not redirected again. */
export const REDIRECT_MARKER = 'reliability_redirected';

const JSON_TYPE = { 'content-type': 'application/json' };

export interface OddAnswer {
  name: string;
  /** The answer, given what the request would normally get; undefined when it is not odd for that request. */
  reply: (normal: NockReply) => NockReply | undefined;
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1>' +
  '<form method="post" action="/login"><input name="email"></form></body></html>';

const isArray = (normal: NockReply) => Array.isArray(normal[1]);

/** 100,000 arrays inside one another: JSON.parse reads them, anything that walks them recursively overflows. */
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

/** The normal answer with one more field holding `DEEP` (in its first record, for a bare list). */
function withDeepField(normal: NockReply): string | undefined {
  const [, body] = normal;
  if (Array.isArray(body)) return `[{"id":"rec_reliability","deep":${DEEP}}]`;
  if (!body || typeof body !== 'object') return undefined;
  const text = JSON.stringify(body);
  return `${text.slice(0, -1)}${text === '{}' ? '' : ','}"deep":${DEEP}}`;
}

export const ODD_ANSWERS: OddAnswer[] = [
  { name: '200 with an empty body', reply: () => [200, '', JSON_TYPE] },
  { name: '201 with an empty body', reply: () => [201, '', JSON_TYPE] },
  { name: '204 No Content', reply: () => [204, ''] },
  { name: '200 null', reply: () => [200, 'null', JSON_TYPE] },
  { name: '200 {"data":null}', reply: () => [200, { data: null }, JSON_TYPE] },
  { name: '200 {}', reply: () => [200, {}, JSON_TYPE] },
  // A bare list is the right shape where the API answers one (Sergio's lists).
  { name: '200 []', reply: (normal) => (isArray(normal) ? undefined : [200, [], JSON_TYPE]) },
  { name: '200 {"data":"ok"}', reply: (normal) => (isArray(normal) ? [200, { data: 'ok' }, JSON_TYPE] : [200, '"ok"', JSON_TYPE]) },
  { name: '200 a JSON string', reply: () => [200, '"ok"', JSON_TYPE] },
  { name: '200 text/html page', reply: () => [200, HTML_PAGE, { 'content-type': 'text/html; charset=utf-8' }] },
  { name: '200 JSON nested 100,000 levels deep', reply: () => [200, DEEP, JSON_TYPE] },
  {
    name: '200 the usual answer with a field nested 100,000 levels deep',
    reply: (normal) => {
      const body = withDeepField(normal);
      return body === undefined ? undefined : [200, body, JSON_TYPE];
    },
  },
];

/** "did not understand the answer" and the service's name. */
export const DID_NOT_UNDERSTAND = /(does|did|could) not understand/i;

export interface Seen {
  name: string;
  message: string;
  result?: unknown;
}

async function run(tester: Tester, method: string, authData: Record<string, string>, inputData: Record<string, unknown>): Promise<Seen> {
  try {
    return { name: 'ok', message: '', result: await tester(method, { authData, inputData, meta: {} }) };
  } catch (error) {
    return { name: errorName(error), message: userMessage(error) };
  }
}

/**
 * API Request hands the API's answer on as it came (`{status, headers, data}`): an empty body, `null` or any
 * JSON is its data, so only an answer that is not JSON at all (an HTML page), or JSON nested too deeply to
 * be handed on, must end in the clear error.
 */
const PASSES_ANSWERS_ON = /\.api_request\./;
const REFUSED_EVEN_BY_API_REQUEST = /html|nested/i;

/** What a user sees for an odd answer, compared with what they must see; undefined when right. */
export function judgeOdd(service: ServiceName, seen: Seen, method = '', oddName = ''): string | undefined {
  if (PASSES_ANSWERS_ON.test(method) && !REFUSED_EVEN_BY_API_REQUEST.test(oddName)) {
    const status = (seen.result as { status?: unknown } | undefined)?.status;
    return seen.name === 'ok' && typeof status === 'number' ? undefined : `ended in ${seen.name}, not the answer handed on`;
  }
  if (seen.name !== 'AppError') return `ended in ${seen.name}${seen.name === 'ok' ? ' (the odd answer was taken for data)' : ''}, not AppError`;
  if (!seen.message.includes(SERVICE_LABEL[service])) return `the message does not name ${SERVICE_LABEL[service]}`;
  if (!DID_NOT_UNDERSTAND.test(seen.message)) return 'the message does not say the answer was not understood';
  return undefined;
}

/**
 * An HTTP method identifies no one: a message that says which request was answered keeps it, even where
 * every value a user sent is scrubbed (Cerbo's API Request sends the method the user chose).
 */
export function methodScrubbed(seen: Seen): string | undefined {
  return /(answered|refused|finish) \[redacted\] \//.test(seen.message) ? 'the HTTP method was scrubbed from the message as if it identified someone' : undefined;
}

export function judgeForeignRedirect(seen: Seen, foreignHits: number): string | undefined {
  const problems: string[] = [];
  if (foreignHits > 0) problems.push(`${foreignHits} request(s) sent to ${FOREIGN_HOST}`);
  if (seen.name !== 'AppError') problems.push(`ended in ${seen.name}, not AppError`);
  else if (!seen.message.includes(FOREIGN_HOST)) problems.push(`the message does not name ${FOREIGN_HOST}`);
  return problems.length ? problems.join('; ') : undefined;
}

/** A valid input for an operation: a plausible value for every field, the same on every run. */
export function validInput(fields: InputField[], seed: number): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [i, field] of fields.entries()) {
    if (field.computed || field.children?.length) continue;
    [input[field.key]] = fc.sample(plausible(field), { seed: seed + i, numRuns: 1 });
  }
  return input;
}

/** The method Zapier calls for an operation's data: `performList` for a REST hook's samples. */
export function methodOf(op: Operation): string {
  const hook = op.kind === 'triggers' && op.definition.operation.type === 'hook';
  return `${op.kind}.${op.key}.operation.${hook ? 'performList' : 'perform'}`;
}

export interface Target {
  id: string;
  method: string;
  op?: Operation;
  /**
   * Whose fields give the input: the operation's own, or, for a dropdown trigger, those of an
   * operation whose field it fills (Zapier passes that operation's input to the dropdown: a Stage
   * list reads the Pipeline chosen above it).
   */
  inputFrom?: Operation;
}

function staticFields(op: Operation): InputField[] {
  const flatten = (fields: unknown[]): InputField[] =>
    fields.flatMap((field) => (field && typeof field === 'object' && 'key' in field ? [field as InputField, ...flatten((field as InputField).children ?? [])] : []));
  return flatten(op.definition.operation.inputFields ?? []);
}

export function targets(service: ServiceName, app: App): Target[] {
  const ops = operations(service, app, ['triggers', 'searches', 'creates']);
  const filledBy = (trigger: Operation) =>
    ops.find((op) => op.kind !== 'triggers' && staticFields(op).some((field) => field.dynamic?.split('.')[0] === trigger.key));
  return [
    ...(app.authentication && (app.authentication as { test?: unknown }).test ? [{ id: `${service} authentication.test`, method: 'authentication.test' }] : []),
    ...ops.map((op) => ({ id: op.id, method: methodOf(op), op, inputFrom: op.kind === 'triggers' && staticFields(op).length === 0 ? (filledBy(op) ?? op) : op })),
  ];
}

/** Records every request that reaches the foreign origin, answering as if it were the API. */
export function foreignOrigin(record: () => unknown): WireRequest[] {
  const hits: WireRequest[] = [];
  const scope = nock(FOREIGN_ORIGIN).persist();
  const answer = function (this: { req: { method?: string; headers: Record<string, unknown> } }, uri: string, body: unknown): NockReply {
    hits.push({ method: (this.req.method ?? 'GET').toUpperCase(), path: uri, headers: this.req.headers, body });
    return [200, record(), JSON_TYPE];
  };
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) scope[method](/.*/).reply(answer);
  return hits;
}

function withMarker(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${REDIRECT_MARKER}=1`;
}

/**
 * Answers the stand-in gives one operation instead of its empty lists, where the operation needs a
 * record to be there to succeed: the Stage dropdown reads the stages of the chosen pipeline from the
 * list of pipelines.
 */
export function prepared(app: App, target: Target, inputData: Record<string, unknown>): (request: WireRequest, normal: NockReply) => NockReply {
  if (target.id === 'serebro triggers.stages') {
    const pipeline = { ...(app.triggers?.pipelines?.operation.sample ?? {}), id: inputData.pipelineId };
    return (request, normal) =>
      request.method === 'GET' && request.path.split('?')[0].endsWith('/pipelines') ? [200, { data: [pipeline], meta: { nextCursor: null } }, JSON_TYPE] : normal;
  }
  return (_request, normal) => normal;
}

/** How many requests an operation makes at most that get an odd answer each (the first ones). */
const POSITIONS = 3;

/** More requests than any step needs, even one reading a list to its bound: past it the suite stops the step. */
const MAX_REQUESTS_PER_STEP = 30;

/**
 * A list that never ends: the normal list answer pointing at a next page, the same one again or a new one
 * each time (a cursor, or for Cerbo's offsets a full page of records just made and a million more left).
 */
interface EndlessList {
  name: string;
  reply: (request: WireRequest, normal: NockReply, record: Record<string, unknown>) => NockReply | undefined;
}

function endlessList(name: string, repeat: boolean): EndlessList {
  return {
    name,
    reply: (request, normal, record) => {
      const [status, body, headers] = normal;
      if (status !== 200 || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
      const query = new URL(request.path, 'https://list.invalid').searchParams;
      const next = repeat ? 'cursor_again' : `${query.get('cursor') ?? 'cursor_'}+`;
      if ('meta' in body) return [200, { ...body, meta: { nextCursor: next } }, headers ?? JSON_TYPE];
      if ('next_cursor' in body) return [200, { ...body, next_cursor: next }, headers ?? JSON_TYPE];
      if (!('total' in body)) return undefined;
      const offset = repeat ? 0 : Number(query.get('offset') ?? 0);
      const created = new Date().toISOString();
      const data = Array.from({ length: 100 }, (_, i) => ({ ...record, id: `rec_endless_${offset + i}`, created }));
      return [200, { data, total: 1_000_000 }, headers ?? JSON_TYPE];
    },
  };
}

export const ENDLESS_LISTS = [endlessList('the same next page again', true), endlessList('a new next page each time', false)];

/** How a step that read a list to its bound ends when it cannot go on with what it read. */
const LIST_NOT_READ_TO_ITS_END = /answered GET \S+ with (a next page it had already given|more than \d+ pages, more than this list can have), so the list was not read to its end/;

export function describeOddAnswers(service: ServiceName): void {
  const app = loadApp(service);
  const part = `odd-${service}`;
  const all = targets(service, app);

  describe(`${service}: odd answers and redirects, on every operation`, () => {
    const findings: Finding[] = [];
    frameSuite({ part, setUp: () => useFakeApi(service) }, findings);

    it.each(all.map((target, index) => [target.id, target, index] as const))('%s', async (_id, target, index) => {
      const api: FakeApi = fakeApi(service);
      api.record = { ...(target.op?.definition.operation.sample ?? {}), id: 'rec_reliability' };
      const foreign = foreignOrigin(() => ({ ...api.record }));
      const tester = makeTester(app);
      const authData = fakeAuthData(service, app);
      const fields = target.inputFrom ? await resolveFields(tester, target.inputFrom, authData) : [];
      const inputData = validInput(fields, 20261202 + index);
      for (const value of Object.values(inputData)) for (const v of [value].flat()) if (typeof v === 'string') api.ids.add(v.trim());
      registerInputValues(service, inputData);
      perOperation(`odd ${target.id}`, 0);
      const normally = prepared(app, target, inputData);

      api.wire.length = 0;
      api.fault = normally;
      const baseline = await run(tester, target.method, authData, inputData);
      const made = api.wire.length;
      // The suite needs an operation that works against the stand-in API: otherwise it proves nothing.
      expect({ baseline: baseline.name, message: baseline.message.slice(0, 200) }).toEqual({ baseline: 'ok', message: '' });
      expect(made).toBeGreaterThan(0);

      const problems: string[] = [];
      const scenario = async (label: string, position: number, fault: FakeApi['fault']) => {
        api.wire.length = 0;
        foreign.length = 0;
        api.fault = (request, normal) => fault!(request, normally(request, normal)) ?? normally(request, normal);
        const seen = await run(tester, target.method, authData, inputData);
        api.fault = normally;
        perOperation(`odd ${target.id}`);
        return { seen, where: `${label}, at request ${position + 1} of ${made}` };
      };

      for (let position = 0; position < Math.min(made, POSITIONS); position += 1) {
        for (const odd of ODD_ANSWERS) {
          let applied = false;
          const { seen, where } = await scenario(odd.name, position, (request, normal) => {
            if (request.index !== position) return undefined;
            const reply = odd.reply(normal);
            applied = reply !== undefined;
            return reply;
          });
          if (!applied) continue;
          counts.oddAnswers += 1;
          counts.faultsInjected += 1;
          outcome(`odd answer:${seen.name}`);
          const problem = judgeOdd(service, seen, target.method, odd.name) ?? methodScrubbed(seen);
          if (problem) problems.push(`${where}: ${problem}${seen.message ? ` («${seen.message.slice(0, 100)}»)` : ''}`);
        }

        // Every redirect status at every position, rotated so that each shows up across operations.
        const status = REDIRECT_STATUSES[(index + position) % REDIRECT_STATUSES.length];
        const away = await scenario(`${status} to ${FOREIGN_HOST}`, position, (request) =>
          request.index === position ? [status, '', { location: `${FOREIGN_ORIGIN}${request.path}` }] : undefined,
        );
        counts.redirects += 1;
        counts.faultsInjected += 1;
        outcome(`cross-origin redirect:${away.seen.name}${foreign.length ? ' (followed)' : ''}`);
        const awayProblem = judgeForeignRedirect(away.seen, foreign.length) ?? methodScrubbed(away.seen);
        if (awayProblem) problems.push(`${away.where}: ${awayProblem}`);

        // A same-origin redirect a client may follow: 307/308 keep the method and body, 301/302/303 only for a GET.
        let sameStatus = 0;
        const same = await scenario('same-origin redirect', position, (request) => {
          if (request.index !== position || request.path.includes(`${REDIRECT_MARKER}=`)) return undefined;
          sameStatus = request.method === 'GET' ? REDIRECT_STATUSES[(index + position + 2) % REDIRECT_STATUSES.length] : position % 2 ? 308 : 307;
          return [sameStatus, '', { location: `${FAKE_ORIGIN[service]}${withMarker(request.path)}` }];
        });
        counts.redirects += 1;
        counts.faultsInjected += 1;
        outcome(`same-origin redirect:${same.seen.name}`);
        if (same.seen.name !== 'ok') problems.push(`${same.where} (${sameStatus}): ended in ${same.seen.name} («${same.seen.message.slice(0, 100)}»), the step should work`);
        else if (JSON.stringify(same.seen.result) !== JSON.stringify(baseline.result)) problems.push(`${same.where} (${sameStatus}): a result other than without the redirect`);
        else if (!api.wire.some((request) => request.path.includes(`${REDIRECT_MARKER}=`))) problems.push(`${same.where} (${sameStatus}): the redirect was not followed`);
      }

      // Every list answer of the step says there is a next page: the step must end within its bounds, with
      // a result or with the error that names the list (the normal answers, not the prepared ones, so that
      // a step looking for one record in a list does not find it on the first page).
      for (const endless of ENDLESS_LISTS) {
        api.wire.length = 0;
        let applied = false;
        api.fault = (request, normal) => {
          if (request.index >= MAX_REQUESTS_PER_STEP) return [500, { error: { code: 'runaway', message: 'Stopped by the reliability suite.' } }, JSON_TYPE];
          const reply = endless.reply(request, normal, api.record);
          if (reply) applied = true;
          return reply;
        };
        const seen = await run(tester, target.method, authData, inputData);
        api.fault = normally;
        if (!applied) continue;
        counts.oddAnswers += 1;
        counts.faultsInjected += 1;
        perOperation(`odd ${target.id}`);
        outcome(`endless list:${seen.name}`);
        const where = `every list answer pointing at ${endless.name}`;
        if (api.wire.length >= MAX_REQUESTS_PER_STEP) problems.push(`${where}: ${api.wire.length} requests in one step, not stopped by a bound`);
        else if (seen.name !== 'ok' && !(seen.name === 'AppError' && LIST_NOT_READ_TO_ITS_END.test(seen.message))) {
          problems.push(`${where}: ended in ${seen.name} («${seen.message.slice(0, 120)}»), neither a result nor the error naming the list`);
        }
      }

      findings.push(...problems.map((problem) => ({ where: target.id, problem })));
      expect(problems).toEqual([]);
    }, 120_000);

    itLeaksNothing(part, findings);
  });
}
