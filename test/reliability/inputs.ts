/**
 * Property-based input tests over every create and search of one connector (issue 8, "Bad input").
 * Each case either sends well-formed requests (path built only from encoded segments, JSON body) or
 * is refused before any request with `z.errors.Error` naming a field. Anything else is a violation,
 * recorded with the smallest input that showed it; the test compares them with known-defects.ts.
 */
import fc from 'fast-check';
import { FAKE_ORIGIN, fakeAuthData, loadApp, operations, type InputField, type Operation, type ServiceName } from './connectors';
import { counts, outcome, perOperation } from './counts';
import { fakeApi } from './fakeapi';
import { caseArbitrary, describeValue, type Case } from './hostile';
import { expectOnlyKnown, type Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { errorName, makeTester, userMessage, type BuiltRequest, type Tester } from './tester';
import { frameSuite, useFakeApi } from './suite';

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 80);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261125);

/** Fields of an operation as Zapier shows them, dynamic field functions resolved. */
export async function resolveFields(tester: Tester, op: Operation, authData: Record<string, string>): Promise<InputField[]> {
  const flatten = (fields: unknown[]): InputField[] =>
    fields.flatMap((field) => {
      if (!field || typeof field !== 'object' || !('key' in field)) return [];
      const f = field as InputField;
      return f.children?.length ? [f, ...flatten(f.children)] : [f];
    });
  try {
    const resolved = (await tester(`${op.kind}.${op.key}.operation.inputFields`, { authData, inputData: {} })) as unknown[];
    return flatten(resolved);
  } catch {
    return flatten(op.definition.operation.inputFields ?? []);
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * zapier-platform-core itself refuses a request holding `{{bundle.…}}` text (a Zap mapping such a
 * string) with a plain Error telling the user to remove the braces: a platform outcome, not the connector's.
 */
const CORE_CURLIES = /^z\.request\(\) no longer supports \{\{bundle\.\*\}\}/;

const PATH_CHARS = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/;

/** What is wrong with one request as the connector built it (empty when well-formed). */
export function requestProblems(service: ServiceName, request: BuiltRequest, inputData: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const origin = FAKE_ORIGIN[service];
  if (!request.url.startsWith(`${origin}/`)) return [`request to another origin (${request.url.slice(0, 60)})`];
  const rest = request.url.slice(origin.length);
  if (rest.includes('#')) problems.push('raw # in the URL');
  const [path] = rest.split('?');
  if (!PATH_CHARS.test(path)) problems.push('unencoded characters in the path');
  if (path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) problems.push('a . or .. segment in the path');
  for (const value of new Set(stringsIn(inputData))) {
    // API Request's Path is the URL's path by design (checked by the action itself: no scheme, host, `..`).
    if (value === inputData.path) continue;
    if (value.length >= 3 && /[/?#&]|\.\./.test(value) && rest.includes(value)) {
      problems.push('input put into the URL unencoded');
      break;
    }
  }
  if (['POST', 'PUT', 'PATCH'].includes(request.method) && typeof request.body === 'string' && request.body !== '') {
    const type = String(Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
    if (!type.includes('x-www-form-urlencoded')) {
      try {
        JSON.parse(request.body);
      } catch {
        problems.push('body is not JSON');
      }
    }
  }
  return problems;
}

function namesAField(message: string, fields: InputField[]): boolean {
  const lower = message.toLowerCase();
  return fields.some((field) =>
    [field.label, field.key, field.key.replace(/_/g, ' '), field.key.replace(/([a-z])([A-Z])/g, '$1 $2')]
      .filter((name): name is string => Boolean(name && name.length >= 2))
      .some((name) => lower.includes(name.toLowerCase())),
  );
}

interface Run {
  kind: string;
  example: string;
  size: number;
}

/**
 * `only` picks some of the connector's creates and searches (a connector with many is split over
 * several test files to keep each one quick); `part` then names this file's share of the counts.
 */
export function describeInputProperties(service: ServiceName, only?: { part: string; keys: (key: string) => boolean }): void {
  const app = loadApp(service);
  const part = only ? `inputs-${service}-${only.part}` : `inputs-${service}`;
  describe(`${service}: random and hostile inputs to every create and search${only ? ` (${only.part})` : ''}`, () => {
    const ops = operations(service, app, ['creates', 'searches']).filter((op) => !only || only.keys(op.key));
    const findings: Finding[] = [];
    frameSuite({ part, setUp: () => useFakeApi(service) }, findings);

    it.each(ops.map((op) => [op.id, op] as const))('%s', async (_id, op) => {
      const api = fakeApi(service);
      const tester = makeTester(app);
      const auth = {
        Location: fakeAuthData(service, app, 'Location'),
        Company: fakeAuthData(service, app, 'Company'),
      };
      // An Agency connection shows every field a Location connection does, plus the Location to act in.
      const fields = await resolveFields(tester, op, app.authentication?.type === 'oauth2' ? auth.Company : auth.Location);
      api.record = { ...(op.definition.operation.sample ?? {}), id: 'rec_reliability' };
      const violations = new Map<string, Run>();
      const note = (kind: string, testCase: Case) => {
        const example = Object.entries(testCase.inputData)
          .map(([key, value]) => `${key}=${describeValue(value)}`)
          .join(', ');
        const size = example.length;
        const previous = violations.get(kind);
        if (!previous || size < previous.size) violations.set(kind, { kind, example: example || '(no input)', size });
      };

      const variants = app.authentication?.type === 'oauth2' ? fc.constantFrom<'Location' | 'Company'>('Location', 'Company') : fc.constant<'Location'>('Location');
      await fc.assert(
        fc.asyncProperty(caseArbitrary(fields), variants, async (testCase, variant) => {
          for (const value of stringsIn(testCase.inputData)) api.ids.add(value.trim());
          let error: unknown;
          try {
            await tester(`${op.kind}.${op.key}.operation.perform`, { authData: auth[variant], inputData: testCase.inputData, meta: {} });
          } catch (caught) {
            error = caught;
          }
          const sent = tester.requests.length > 0;
          const coreCurlies = errorName(error) === 'Error' && CORE_CURLIES.test(userMessage(error));
          const name = error === undefined ? 'ok' : coreCurlies ? 'Error(core: {{bundle.*}} in input)' : errorName(error);
          counts.inputsTried += 1;
          perOperation(op.id);
          outcome(`${sent ? 'sent' : 'refused'}:${name}`);
          const field = testCase.target ?? '*';
          if (sent) {
            counts.inputsSent += 1;
            for (const request of tester.requests) {
              for (const problem of requestProblems(service, request, testCase.inputData)) note(`${problem} (${field})`, testCase);
            }
            if (error !== undefined && !/^(AppError|ThrottledError|RefreshAuthError|ExpiredAuthError|HaltedError)$/.test(name)) {
              note(`unhandled ${name} after a request (${field}): ${userMessage(error).slice(0, 80)}`, testCase);
            }
          } else if (error === undefined) {
            note(`neither sent a request nor refused the input (${field})`, testCase);
          } else {
            counts.inputsRefused += 1;
            const message = userMessage(error);
            if (coreCurlies) {
              // the platform's own refusal, counted in the outcomes
            } else if (name !== 'AppError') note(`refused with ${name}, not z.errors.Error (${field}): ${message.slice(0, 80)}`, testCase);
            else if (!namesAField(message, fields)) note(`refusal does not name a field (${field}): ${message.slice(0, 80)}`, testCase);
            else if (testCase.target) {
              const target = fields.filter((f) => f.key === testCase.target);
              outcome(namesAField(message, target) ? 'refusal names the field made hostile' : 'refusal names another field');
              if (!namesAField(message, target)) note(`refusal names another field than the one made hostile (${field}): ${message.slice(0, 80)}`, testCase);
            }
          }
          return true;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      const found = [...violations.values()].map((run) => ({ where: op.id, problem: run.kind, example: run.example }));
      findings.push(...found);
      expectOnlyKnown(op.id, found.map((f) => f.problem));
      // A property run is many invocations: generous under a loaded CI machine, nothing is timed.
    }, 120_000);

    itLeaksNothing(part, findings);
  });
}
