import { Readable } from 'node:stream';
import type { Bundle, HttpMethod, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import type { Shape } from './answers';
import { endpointOf, interpret, notUnderstood, parseApiError, requestLine, type Answer, type ApiError, type ServicePolicy } from './errors';
import { refuseCurlies } from './input';
import { stepOf } from './step';

/** Zapier gives a step 30 s in all: no single request may wait longer than this. */
export const REQUEST_TIMEOUT_MS = 25_000;

/** A request that still has less than this left of its step's budget is not sent: it could not finish. */
const MIN_REQUEST_MS = 1_000;

/** Redirects within the API's own origin followed per request (an API moving a path answers one). */
const MAX_REDIRECTS = 3;

/** What a request expects besides success. */
export interface Expected<T> {
  /** Statuses that are an expected outcome rather than an error (a webhook already deleted): answer undefined. */
  acceptStatuses?: number[];
  /**
   * Turns an expected error into the outcome it stands for: a 409 naming the record an earlier run
   * of this create already made gives that record. Undefined goes on to `explain`.
   */
  recover?: (status: number, error: ApiError | undefined) => Promise<T | undefined>;
  /** Turns an expected error (a 409 naming the existing record) into a clearer message. */
  explain?: (status: number, error: ApiError | undefined) => string | undefined;
  /**
   * Receives the status and headers (names in lower case) of the answer whose data the request returns,
   * for an operation that hands them on (API Request); not called for errors, accepted statuses or recoveries.
   */
  onSuccess?: (status: number, headers: Record<string, string>) => void;
}

export interface ApiRequest<T> extends Expected<T> {
  method?: HttpMethod;
  /** Absolute URL on the connection's API origin (the policy's `origin`). */
  url: string;
  params?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A JSON body. */
  body?: Record<string, unknown>;
  /** A form-encoded body (OAuth's token endpoint). */
  form?: Record<string, string>;
  /**
   * The answer's expected shape, checked before anyone reads it: an empty body, `null`, a list where a
   * record was expected, a record without its id end in a clear error instead of a TypeError later.
   * Without one the request expects no body (a 204, a DELETE) and gives undefined.
   */
  shape?: Shape<T>;
  /** Sent without the connection's headers (OAuth's token endpoint authenticates the client in its body). */
  withoutCredentials?: boolean;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/** node-fetch's failures (FetchError, AbortError), which quote the URL: never shown. */
function networkFailure(z: ZObject, policy: ServicePolicy, error: unknown, timeoutMs: number): Error | undefined {
  if (!(error instanceof Error) || (error.name !== 'FetchError' && error.name !== 'AbortError')) return undefined;
  const { type, code } = error as Error & { type?: string; code?: string };
  const reason =
    type === 'request-timeout' || error.name === 'AbortError'
      ? `it did not answer within ${Math.round(timeoutMs / 1000)} seconds`
      : `the connection failed${code && /^[A-Z_]{2,32}$/.test(code) ? ` (${code})` : ''}`;
  return new z.errors.Error(`${policy.service} could not be reached: ${reason}. Try again in a few minutes.`, 'network_error', 503);
}

function bodyOf(policy: ServicePolicy, request: ApiRequest<unknown>): HttpRequestOptions['body'] {
  if (request.form) return new URLSearchParams(request.form).toString();
  if (!request.body) return undefined;
  const json = JSON.stringify(request.body);
  // A stream is logged by core as "<streaming data>": health records stay out of the HTTP log.
  return policy.privateData ? Readable.from([Buffer.from(json, 'utf8')]) : json;
}

/** An answer as `exchange` read it, which can also list all of its headers. */
interface ReadAnswer extends Answer {
  headers: () => Record<string, string>;
}

/** Every header of a response, names in lower case. */
function headersOf(headers: { forEach: (callback: (value: string, name: string) => void) => void }): Record<string, string> {
  const all: Record<string, string> = {};
  headers.forEach((value, name) => {
    all[name.toLowerCase()] = value;
  });
  return all;
}

/** Sends one request and reads its whole answer; the body is read raw for private-data services. */
async function exchange(z: ZObject, policy: ServicePolicy, request: ApiRequest<unknown>, url: string, method: HttpMethod, first: boolean): Promise<ReadAnswer> {
  const step = stepOf(z);
  const left = step.deadline - Date.now();
  if (left < MIN_REQUEST_MS) {
    const where = requestLine(method, url);
    throw new z.errors.Error(
      `${policy.service} did not finish ${where.method} ${endpointOf(policy, where.path)} within ${step.runtime.limit}. ` +
        'Try again; if it keeps happening, the service is slow right now.',
      'step_timeout',
      504,
    );
  }
  const timeout = Math.min(REQUEST_TIMEOUT_MS, left);
  const params: Record<string, string> = {};
  if (first) {
    for (const [key, value] of Object.entries(request.params ?? {})) {
      if (value !== undefined && value !== '') params[key] = String(value);
    }
  }
  const hasBody = method !== 'GET' && method !== 'HEAD' && (request.body || request.form);
  const options: HttpRequestOptions & { url: string } = {
    url,
    method,
    params,
    timeout,
    redirect: 'manual',
    skipThrowForStatus: true,
    middlewareData: { withoutCredentials: Boolean(request.withoutCredentials) },
    headers: {
      Accept: 'application/json',
      ...(hasBody ? { 'Content-Type': request.form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
      ...request.headers,
    },
    body: hasBody ? bodyOf(policy, request) : undefined,
  };
  try {
    if (policy.privateData) {
      const raw = await z.request({ ...options, raw: true });
      return { status: raw.status, header: (name) => raw.getHeader(name) ?? undefined, headers: () => headersOf(raw.headers), content: await raw.text(), method, url };
    }
    const response = await z.request(options);
    return {
      status: response.status,
      header: (name) => response.getHeader(name) ?? undefined,
      headers: () => headersOf(response.headers),
      content: response.content ?? '',
      method,
      url,
    };
  } catch (error) {
    throw networkFailure(z, policy, error, timeout) ?? error;
  }
}

/**
 * The one request path of every connector: the connection's origin only, redirects followed only within
 * it, one deadline per step, every answer interpreted by `interpret` and checked against its shape. The
 * shape types the result (undefined too for an accepted status); without one, the result is undefined.
 */
export function callApi<T>(z: ZObject, bundle: Bundle, policy: ServicePolicy, request: ApiRequest<T> & Reading<T>): Promise<T>;
export function callApi<T>(z: ZObject, bundle: Bundle, policy: ServicePolicy, request: ApiRequest<T> & ReadingOrAccepting<T>): Promise<T | undefined>;
export function callApi(z: ZObject, bundle: Bundle, policy: ServicePolicy, request: ApiRequest<undefined> & NotReading): Promise<undefined>;
export function callApi<T>(z: ZObject, bundle: Bundle, policy: ServicePolicy, request: ApiRequest<T>): Promise<T | undefined> {
  return send(z, bundle, policy, request);
}

/** A request that reads its answer: the answer's shape is its result's type. */
export interface Reading<T> {
  shape: Shape<T>;
  acceptStatuses?: undefined;
}
/** A request that reads its answer, or gives undefined for a status it accepts (a record already gone). */
export interface ReadingOrAccepting<T> {
  shape: Shape<T>;
  acceptStatuses: number[];
}
/** A request that expects no body (a 204, a DELETE). */
export interface NotReading {
  shape?: undefined;
}

/** The request path itself, behind `callApi` and the connectors' request functions (which type its result). */
async function send<T>(z: ZObject, bundle: Bundle, policy: ServicePolicy, request: ApiRequest<T>): Promise<T | undefined> {
  const origin = new URL(policy.origin(z, bundle)).origin;
  let url = request.url;
  let method: HttpMethod = request.method ?? 'GET';
  if (new URL(url).origin !== origin) {
    throw new z.errors.Error(`${policy.service}: refused to send a request outside the API's address.`, 'invalid_request', 400);
  }

  refuseCurlies(z, request.params, request.body, request.form);
  let answer = await exchange(z, policy, request, url, method, true);
  for (let hops = 0; isRedirect(answer.status); hops += 1) {
    const location = answer.header('location');
    const next = location ? safeUrl(location, url) : undefined;
    const where = requestLine(method, url);
    const endpoint = endpointOf(policy, where.path);
    if (!next || next.origin !== origin) {
      const host = next ? next.host : 'an address it did not give';
      throw new z.errors.Error(
        `${policy.service} answered ${where.method} ${endpoint} with a redirect to another host (${host}). ` +
          `Nothing of the connection was sent there. ${policy.redirectHint}`,
        'redirect_refused',
        answer.status,
      );
    }
    if (hops >= MAX_REDIRECTS) {
      throw new z.errors.Error(`${policy.service} redirected ${where.method} ${endpoint} more than ${MAX_REDIRECTS} times. Try again later.`, 'redirect_loop', 508);
    }
    // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) method = 'GET';
    url = next.href;
    answer = await exchange(z, policy, method === 'GET' ? { ...request, body: undefined, form: undefined } : request, url, method, false);
  }

  const step = stepOf(z);
  const where = requestLine(method, url);
  step.lastAnswer = `${where.method} ${endpointOf(policy, where.path)} (HTTP ${answer.status})`;
  return settle(z, policy, answer, request);
}

function safeUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** What an answer means for this request: its expectations first, then `interpret`, then the shape. */
async function settle<T>(z: ZObject, policy: ServicePolicy, answer: ReadAnswer, request: ApiRequest<T>): Promise<T | undefined> {
  if (request.acceptStatuses?.includes(answer.status)) return undefined;
  if (answer.status >= 400) {
    const apiError = parseApiError(answer.content);
    const recovered = await request.recover?.(answer.status, apiError);
    if (recovered !== undefined) return recovered;
    const message = request.explain?.(answer.status, apiError);
    if (message) {
      const code = apiError?.code && /^[a-z0-9_.-]{1,64}$/i.test(apiError.code) ? apiError.code : `http_${answer.status}`;
      throw new z.errors.Error(message, code, answer.status);
    }
  }
  const data = interpret(z, policy, answer);
  let result: T | undefined;
  if (request.shape) {
    const checked = zm.safeParse(request.shape, data);
    // An empty body is described as the answer came ("HTTP 204, no content"), not as a shape.
    if (!checked.success) throw notUnderstood(z, policy, answer, data === undefined ? undefined : shapeProblem(data, request.shape));
    result = checked.data;
  }
  request.onSuccess?.(answer.status, answer.headers());
  return result;
}

/** The shape an answer had, in a few words (never its values). */
function shapeProblem(data: unknown, shape: Shape<unknown>): string {
  const wantedList = (shape._zod.def as { type: string }).type === 'array';
  if (data === null) return 'null';
  if (wantedList) return Array.isArray(data) ? 'a list of records without IDs' : 'JSON that is not a list';
  if (Array.isArray(data)) return 'a list where one record was expected';
  if (typeof data !== 'object') return `a JSON ${typeof data}`;
  return 'JSON of another shape';
}

/** A request as an operation writes it: a path on its connector's API, and what it expects of the answer. */
export interface PathRequest<T> extends Expected<T> {
  method?: HttpMethod;
  /** The path on the connector's API (`/contacts/c_1`); the connector's `url` makes the address. */
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** The shape of the answer, which types the result; left out, the request expects no body and gives undefined. */
  shape?: Shape<T>;
}

/** What is a connector's own in its requests (`Own`: the options its operations may add to a request). */
export interface RequestParts<Own> {
  /** The address of a path on the connection's API. */
  url: (path: string, z: ZObject, bundle: Bundle) => string;
  /** The query and body to send, from the request and the connector's own options (Serebro's Location). */
  prepare?: (z: ZObject, bundle: Bundle, request: PathRequest<unknown> & Own) => Pick<PathRequest<unknown>, 'params' | 'body'>;
  /** The connector's message for an error answer the request's own `explain` leaves (Cerbo's 404 and 422). */
  explain?: (status: number, error: ApiError | undefined, request: Own) => string | undefined;
}

/** A connector's request function, typed as `callApi` is: by the shape of the answer, undefined without one. */
export interface RequestFunction<Own> {
  <T>(z: ZObject, bundle: Bundle, request: PathRequest<T> & Own & Reading<T>): Promise<T>;
  <T>(z: ZObject, bundle: Bundle, request: PathRequest<T> & Own & ReadingOrAccepting<T>): Promise<T | undefined>;
  (z: ZObject, bundle: Bundle, request: PathRequest<undefined> & Own & NotReading): Promise<undefined>;
}

/**
 * A connector's request function, made from its policy and what is its own (`parts`): every operation's
 * request goes through it, and through it through `callApi`.
 */
export function requestFor<Own extends object = object>(policy: ServicePolicy, parts: RequestParts<Own>): RequestFunction<Own> {
  function operationRequest<T>(z: ZObject, bundle: Bundle, request: PathRequest<T> & Own & Reading<T>): Promise<T>;
  function operationRequest<T>(z: ZObject, bundle: Bundle, request: PathRequest<T> & Own & ReadingOrAccepting<T>): Promise<T | undefined>;
  function operationRequest(z: ZObject, bundle: Bundle, request: PathRequest<undefined> & Own & NotReading): Promise<undefined>;
  function operationRequest<T>(z: ZObject, bundle: Bundle, request: PathRequest<T> & Own): Promise<T | undefined> {
    const { params, body } = parts.prepare ? parts.prepare(z, bundle, request) : request;
    const explain = parts.explain;
    return send(z, bundle, policy, {
      method: request.method,
      url: parts.url(request.path, z, bundle),
      params,
      body,
      shape: request.shape,
      acceptStatuses: request.acceptStatuses,
      recover: request.recover,
      explain: explain ? (status, error) => request.explain?.(status, error) ?? explain(status, error, request) : request.explain,
      onSuccess: request.onSuccess,
    });
  }
  return operationRequest;
}
