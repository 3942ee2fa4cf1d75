/**
 * Every error message a user would see (issue 12 point 9): each error thrown out of an operation in
 * the reliability suite is checked against the call that threw it. It must not hold
 *  - a credential of the connection (tokens, API key, the Basic user and its secret) or any secret
 *    the suite registered (webhook signing secrets, OAuth client secret);
 *  - a secret of the call's bundle (a subscription's signing secret, any `*secret*`/`*token*` value);
 *  - core's "What happened … with bundle" dump;
 *  - for Cerbo, any value the user sent (names, date of birth, email, phone…), trivially short ones and
 *    choices that identify no one (an HTTP method: its field says so) aside.
 * `itLeaksNothing` ends every reliability test file with this check (see leaks.ts).
 */
import { loadApp, operations, secretValues, type ServiceName } from './connectors';
import { counts } from './counts';
import { logReaders, type LogLine } from './tester';

/** Keys whose values are credentials, wherever they appear in a bundle. */
const CREDENTIAL_KEY = /secret|token|password|passwd|api_?key|^username$|^user$|signing/i;

/** Values that are not a person's data even when sent as one (JSON and JavaScript literals). */
const NOT_PERSONAL = new Set(['null', 'true', 'false', 'undefined', 'nan', '[object object]', 'infinity']);

/** The service whose input values count as health data (set per test file; Cerbo only). */
let inputService: ServiceName | undefined;

/** Cerbo input values of calls made outside the tester's own bundle (e.g. sandbox steps). */
const extraInputValues = new Set<string>();

export interface MessageProblem {
  problem: string;
  /** The message, with the offending value masked. */
  excerpt: string;
}

function stringsIn(value: unknown, key = '', into: Array<{ key: string; value: string }> = []): Array<{ key: string; value: string }> {
  if (typeof value === 'string') into.push({ key, value });
  else if (typeof value === 'number' && key) into.push({ key, value: String(value) });
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, key, into);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stringsIn(v, k, into);
  return into;
}

let cerboChoices: Map<string, Set<string>> | undefined;

/**
 * Values a user sends that identify no one, by field key: the choices of Cerbo's fields whose definition
 * says so (`meta: { personal: false }`: an HTTP method). A patient's sex is a choice too, and is not marked.
 */
function impersonalChoices(): Map<string, Set<string>> {
  if (!cerboChoices) {
    cerboChoices = new Map();
    for (const op of operations('cerbo', loadApp('cerbo'), ['triggers', 'creates', 'searches'])) {
      for (const field of op.definition.operation.inputFields ?? []) {
        const { key, choices, meta } = (field ?? {}) as { key?: string; choices?: unknown; meta?: Record<string, unknown> };
        if (!key || meta?.personal !== false) continue;
        const values = Array.isArray(choices) ? choices.map((choice) => (choice && typeof choice === 'object' ? (choice as { value: unknown }).value : choice)) : Object.keys(choices ?? {});
        cerboChoices.set(key, new Set(values.map(String)));
      }
    }
  }
  return cerboChoices;
}

/** The values sent to Cerbo that would identify someone if a message quoted them. */
function personalValuesSent(inputData: unknown): string[] {
  return stringsIn(inputData)
    .filter(({ key, value }) => personal(value) && !impersonalChoices().get(key)?.has(value))
    .map(({ value }) => value.trim());
}

/** Input values of this service count as health data when it is Cerbo. */
export function registerInputValues(service: ServiceName, inputData: Record<string, unknown>): void {
  inputService = service;
  if (service !== 'cerbo') return;
  for (const value of personalValuesSent(inputData)) extraInputValues.add(value);
}

/** Whether a value sent is distinctive enough that finding it in a message means it was quoted. */
export function personal(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length >= 4 && /[\p{L}\p{N}]/u.test(trimmed) && !NOT_PERSONAL.has(trimmed.toLowerCase());
}

/** Whether `text` holds `value` as a whole token (a 4-letter value inside a longer word is not a quote). */
function holds(text: string, value: string): boolean {
  let at = text.indexOf(value);
  while (at >= 0) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + value.length] ?? ' ';
    const word = /[\p{L}\p{N}_]/u;
    if (!(word.test(value[0]) && word.test(before)) && !(word.test(value[value.length - 1]) && word.test(after))) return true;
    at = text.indexOf(value, at + 1);
  }
  return false;
}

const mask = (text: string, value: string) => text.split(value).join('«…»').slice(0, 200);

/**
 * What is wrong with one message a user sees, given the bundle of the call that threw it and the
 * service whose input is health data (Cerbo).
 */
export function messageProblems(message: string, bundle: Record<string, unknown> | undefined, service?: ServiceName): MessageProblem[] {
  const problems: MessageProblem[] = [];
  if (/what happened/i.test(message)) problems.push({ problem: 'core\'s "What happened" dump', excerpt: message.slice(0, 200) });

  const secrets = new Map<string, string>(secretValues);
  for (const { key, value } of stringsIn(bundle?.authData)) {
    if (value.trim().length >= 6 && CREDENTIAL_KEY.test(key)) secrets.set(value.trim(), `credential authData.${key}`);
  }
  for (const part of ['subscribeData', 'targetUrl', 'inputData', 'meta'] as const) {
    for (const { key, value } of stringsIn(bundle?.[part])) {
      if (value.trim().length >= 8 && CREDENTIAL_KEY.test(key)) secrets.set(value.trim(), `secret ${part}.${key}`);
    }
  }
  for (const [value, label] of secrets) {
    if (message.includes(value)) problems.push({ problem: label, excerpt: mask(message, value) });
  }

  if (service === 'cerbo') {
    const sent = new Set<string>([...extraInputValues]);
    for (const value of personalValuesSent(bundle?.inputData)) sent.add(value);
    for (const value of sent) {
      if (holds(message, value)) problems.push({ problem: 'a value the user sent to Cerbo', excerpt: mask(message, value) });
    }
  }
  return problems;
}

const found = new Map<string, MessageProblem>();

function check(line: LogLine): void {
  if (line.kind !== 'shown') return;
  counts.messagesChecked += 1;
  const service = inputService ?? serviceOf(line.bundle);
  for (const problem of messageProblems(line.text, line.bundle, service)) {
    const key = `${problem.problem}: ${problem.excerpt}`;
    if (!found.has(key)) found.set(key, problem);
  }
}
logReaders.push(check);

/** Cerbo's authData has a subdomain and a `pk_` username: that tells its calls apart. */
function serviceOf(bundle: Record<string, unknown> | undefined): ServiceName | undefined {
  const authData = (bundle?.authData ?? {}) as Record<string, unknown>;
  return 'subdomain' in authData ? 'cerbo' : undefined;
}

/** The problems found so far in this test file. */
export function messageFindings(): MessageProblem[] {
  return [...found.values()];
}

/** The check as the last test of a reliability file. */
export function itShowsUsersNothingSecret(part: string): void {
  it(`${part}: no error message a user sees holds a credential, a secret, core's "What happened" dump or a value sent to Cerbo`, () => {
    expect(messageFindings().map((finding) => `${finding.problem}: ${finding.excerpt}`)).toEqual([]);
  });
}
