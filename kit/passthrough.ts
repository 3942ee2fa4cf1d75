import type { PlainInputField, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import type { Shape } from './answers';
import { invalidInput } from './input';
import { NOT_PERSONAL } from './personal';
import { outputFieldsFrom, type OutputField } from './schema';

/**
 * The "API Request" action every connector offers: any endpoint of the connection's API, with the
 * connection's credentials. Everything that decides what may be sent lives here, and refuses before
 * any request: the path stays on the API's own base (no other host, no `..`, no `@`, no scheme), the
 * query is text pairs, the body a JSON object. The request itself goes through the connector's own
 * request path (`callApi`: its origin only, its errors), so a non-2xx answer is the usual error.
 */

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type PassthroughMethod = (typeof PASSTHROUGH_METHODS)[number];

/** What the connector sends, checked: its request helper adds the base URL, the credentials and the rest. */
export interface PassthroughRequest {
  method: PassthroughMethod;
  /** Relative to the API's base, starting with "/", free of anything that could leave it. */
  path: string;
  params: Record<string, string>;
  body?: Record<string, unknown>;
  /** Hand this to `callApi` (through the connector's helper): it reports the status and headers of the answer. */
  onSuccess: (status: number, headers: Record<string, string>) => void;
  /** Whatever JSON the endpoint answers, or nothing: the action hands it on as it is. */
  shape: Shape<unknown>;
}

/** An answer of any shape, or none (a 204). */
const anyAnswer = zm.unknown();

/** What the action returns: the answer's status, the headers worth mapping, its JSON (null when empty). */
export interface PassthroughResult {
  /** The id of the record the API answered with, when it answered one (mapped in later steps like any action's). */
  id?: string;
  status: number;
  headers: Record<string, string>;
  data: unknown;
}

/** The fields as written (a tuple of their literal types), so that the perform's `inputData` is typed by their keys. */
const fieldList = <const T extends PlainInputField[]>(fields: T): T => fields;

/**
 * The input fields, after any the connector puts first (e.g. the location a multi-tenant API acts in).
 * `base` is the API's base as a user knows it, `example` a path on it.
 */
export function passthroughFields(base: string, example: string) {
  return fieldList([
    {
      key: 'method',
      label: 'Method',
      required: true,
      default: 'GET',
      choices: [...PASSTHROUGH_METHODS],
      // A method identifies no one: health-record services need not scrub "POST" from their messages.
      meta: NOT_PERSONAL,
      helpText: 'The HTTP method of the request.',
    },
    {
      key: 'path',
      label: 'Path',
      required: true,
      helpText:
        `The endpoint, relative to the API's base (\`${base}\`), starting with "/", e.g. \`${example}\`. ` +
        'Put query parameters in Query, not here. Full addresses, ".." and "@" are refused.',
    },
    {
      key: 'query',
      label: 'Query',
      dict: true,
      helpText: 'Query parameters: the name on the left, its value on the right, e.g. `limit` → `10`.',
    },
    {
      key: 'body',
      label: 'Body',
      type: 'json',
      helpText: 'A JSON object sent as the request body with POST, PUT, PATCH or DELETE, e.g. `{"name": "Ada"}`. Leave it empty for GET.',
    },
  ]);
}

const CONTROL_OR_SPACE = /[\s\p{Cc}]/u;
/** RFC 3986 path characters but "@"; anything else must be percent-encoded. */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:%/]+$/;
/** Percent-decodings looked through: a proxy that decodes twice must not find ".." either. */
const MAX_DECODINGS = 3;

/** The path as given and as each decoding makes it; undefined when its percent-encoding is broken. */
function decodings(path: string): string[] | undefined {
  const forms = [path];
  for (let round = 0; round < MAX_DECODINGS; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(forms[forms.length - 1]);
    } catch {
      return undefined;
    }
    if (next === forms[forms.length - 1]) break;
    forms.push(next);
  }
  return forms;
}

/**
 * The path, or an error naming the Path field (never quoting it) before anything is sent: a full
 * address, a scheme, `//host`, `@`, `..` (percent-encoded too), backslashes, whitespace and control
 * characters cannot be made to leave the API's base.
 */
export function passthroughPath(z: ZObject, value: unknown): string {
  const path = typeof value === 'string' ? value : '';
  if (!path.trim()) invalidInput(z, 'Path is required: the endpoint relative to the API\'s base, starting with "/", e.g. /contacts.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path.trim()) || /^\s*[/\\]{2}/.test(path)) {
    invalidInput(z, 'Path must be a path on this API, not a full address: start it with a single "/" (e.g. /contacts); the base is added for you.');
  }
  const forms = decodings(path);
  if (!forms) invalidInput(z, 'Path holds a "%" that is not percent-encoding (use %25 for a percent sign).');
  if (forms.some((form) => CONTROL_OR_SPACE.test(form))) invalidInput(z, 'Path must not contain spaces, line breaks or other control characters.');
  if (!path.startsWith('/')) invalidInput(z, 'Path must start with "/", e.g. /contacts: it is relative to the API\'s base.');
  if (forms.some((form) => form.includes('\\'))) invalidInput(z, 'Path must not contain backslashes.');
  if (forms.some((form) => form.includes('..'))) invalidInput(z, 'Path must not contain "..": it cannot leave the API\'s base.');
  if (forms.some((form) => form.includes('@'))) invalidInput(z, 'Path must not contain "@".');
  if (/[?#]/.test(path)) invalidInput(z, 'Path must not hold a query string or fragment: put query parameters in Query.');
  if (!PATH_CHARACTERS.test(path)) invalidInput(z, 'Path may hold only letters, digits, "/" and - . _ ~ ! $ & \' ( ) * + , ; = : %; percent-encode anything else.');
  // What a URL parser makes of it must be the path itself, appended to the base: nothing normalised away.
  const parsed = new URL(`https://api.invalid/base${path}`);
  if (parsed.origin !== 'https://api.invalid' || parsed.pathname !== `/base${path}`) {
    invalidInput(z, 'Path must be a plain path relative to the API\'s base, e.g. /contacts.');
  }
  return path;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function methodOf(z: ZObject, value: unknown): PassthroughMethod {
  const method = typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : 'GET';
  if (!(PASSTHROUGH_METHODS as readonly string[]).includes(method)) invalidInput(z, `Method must be one of ${PASSTHROUGH_METHODS.join(', ')}.`);
  return method as PassthroughMethod;
}

/** Query pairs as text; a name left empty is dropped. Values are never quoted in the error. */
function queryOf(z: ZObject, value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  if (!isPlainObject(value)) invalidInput(z, 'Query must be pairs of a parameter name and a value.');
  const params: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (!name.trim() || item === undefined || item === null) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      invalidInput(z, 'Query values must be text or numbers, one value per parameter name.');
    }
    params[name.trim()] = String(item);
  }
  return params;
}

/**
 * The body as a JSON object (Zapier hands a json field over parsed, the CLI as text). GET sends none:
 * a body given with it is refused rather than dropped unseen. DELETE may carry one (some APIs remove
 * items of a list with a DELETE and a body).
 */
function bodyOf(z: ZObject, method: PassthroughMethod, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return undefined;
  let body: unknown = value;
  if (typeof value === 'string') {
    try {
      body = JSON.parse(value) as unknown;
    } catch {
      invalidInput(z, 'Body must be a JSON object, e.g. {"name": "Ada"}: what was given is not valid JSON.');
    }
  }
  if (!isPlainObject(body)) invalidInput(z, 'Body must be a JSON object ({…}), not a list or a single value.');
  if (method === 'GET') {
    if (Object.keys(body).length === 0) return undefined;
    invalidInput(z, 'Body is not sent with GET: leave it empty, or choose POST, PUT, PATCH or DELETE as the Method.');
  }
  return body;
}

/** Headers handed on: the body's type and the API's rate-limit state, nothing else (no cookies, no tracing). */
const keptHeader = (name: string) => name === 'content-type' || name === 'retry-after' || name.startsWith('x-ratelimit-');

/** The id of a record answer (a string or number `id` at its top), for mapping in later steps. */
function recordId(data: unknown): string | undefined {
  if (!isPlainObject(data)) return undefined;
  const { id } = data;
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
}

/**
 * The action's perform: checks the inputs (refusing before any request), sends them with `send` (the
 * connector's request helper, which must pass `shape` and `onSuccess` on to `callApi`), and
 * returns `{id?, status, headers, data}`. A non-2xx answer never gets here: `callApi` throws its error.
 */
export async function passthrough(
  z: ZObject,
  inputData: Record<string, unknown>,
  send: (request: PassthroughRequest) => Promise<unknown>,
): Promise<PassthroughResult> {
  const method = methodOf(z, inputData.method);
  const path = passthroughPath(z, inputData.path);
  const params = queryOf(z, inputData.query);
  const body = bodyOf(z, method, inputData.body);
  let status = 0;
  let headers: Record<string, string> = {};
  const data = await send({
    method,
    path,
    params,
    body,
    shape: anyAnswer,
    onSuccess: (answered, all) => {
      status = answered;
      headers = Object.fromEntries(Object.entries(all).filter(([name]) => keptHeader(name)));
    },
  });
  const id = recordId(data);
  return { ...(id ? { id } : {}), status, headers, data: data ?? null };
}

/**
 * The result's schema, with the rate-limit headers the service sends named (`x-ratelimit-remaining`…),
 * for its samples and output fields.
 */
export function passthroughSchema(rateLimitHeaders: string[]) {
  const header = () => zm.optional(zm.string());
  const named = Object.fromEntries(['content-type', 'retry-after', ...rateLimitHeaders].map((name) => [name, header()]));
  return zm.object({
    id: zm.optional(zm.string()),
    status: zm.int(),
    headers: zm.looseObject(named),
    data: zm.unknown(),
  });
}

/** Output fields of the result; `data` is whatever JSON the endpoint answers, so it has no type. */
export function passthroughOutputFields(schema: ReturnType<typeof passthroughSchema>): OutputField[] {
  const labels: Record<string, string> = { id: 'ID', status: 'Status Code', data: 'Data' };
  for (const key of Object.keys(schema._zod.def.shape.headers._zod.def.shape)) {
    labels[`headers__${key}`] = `Header ${key.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase())}`;
  }
  return outputFieldsFrom(schema, labels).map((field) => {
    if (field.key !== 'data') return field;
    const { type: _type, ...untyped } = field;
    return untyped;
  });
}

/** The key, noun and card of an API Request action, the same in every connector but for the service's name. */
export function passthroughCard(service: string) {
  return {
    key: 'api_request',
    noun: 'API Request',
    display: { label: 'API Request', description: `Sends an authenticated request to the ${service} API (advanced).` },
  } as const;
}
