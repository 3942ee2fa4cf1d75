import type { Bundle, ZObject } from 'zapier-platform-core';
import type { CredentialNames } from './credentials';
import { MAX_ANSWER_DEPTH, nestedDeeperThan } from './depth';
import { throttleError } from './ratelimit';
import { onPlatform } from './step';

/**
 * What a connector says about its service; everything else about answers and errors is the kit's.
 */
export interface ServicePolicy {
  /** The service's name as users know it, used in every message. */
  service: string;
  /** The origin (scheme, host and port) of this connection's API: requests and credentials go nowhere else. */
  origin: (z: ZObject, bundle: Bundle) => string;
  /** OAuth apps: a 401 asks Zapier to refresh the access token (then the step runs again) instead of disconnecting. */
  canRefresh: boolean;
  /** What a user must do when the credentials stop working (shown with `ExpiredAuthError`). */
  reconnect: string;
  /**
   * Whether the API's own `error.message` may be shown. False for health-record APIs, whose
   * error text may quote what was sent: the message is then built from the code and status only.
   */
  showApiMessages: boolean;
  /**
   * Health-record APIs: bodies are sent as streams and answers read raw, so that Zapier's HTTP log
   * holds neither, and no input value of a step is ever repeated in a message.
   */
  privateData?: boolean;
  /** Builds the message for a 403 from the error body and the request refused. */
  forbidden: (refused: RequestLine, apiError: ApiError | undefined) => string;
  /** What to check when the API redirects to another host (e.g. "Check the practice subdomain of the connection."). */
  redirectHint: string;
  /** The endpoint as messages may quote it (a health-record API hides record IDs); the path itself by default. */
  endpoint?: (path: string) => string;
  /** The connection's secret values (tokens, keys, passwords): scrubbed from every message a user sees. */
  secrets: (authData: Bundle['authData']) => Array<string | undefined>;
  /**
   * The headers that carry the connection (a bearer token, an API key), after checking the credentials'
   * shape; added only to requests for `origin`. Basic auth is added by Zapier itself after this.
   */
  credentials: (z: ZObject, bundle: Bundle) => Record<string, string>;
  /** What the user calls each credential sent (`{ headers: { 'X-API-Key': 'API Key' } }`): named when it cannot be sent. */
  credentialNames?: CredentialNames;
}

export interface ApiError {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** A request as messages name it: its method and path. */
export interface RequestLine {
  method: string;
  /** Path only: a query string can hold personal data, so it is never quoted. */
  path: string;
}

/**
 * One answer of an API, whatever read it (the app's `afterResponse`, a raw read, the token request):
 * what `interpret` decides on. `content` is the body as text, '' when there was none.
 */
export interface Answer {
  status: number;
  header: (name: string) => string | undefined;
  content: string;
  method: string;
  url: string;
}

/**
 * Marks an error so that Zapier's core does not append "What happened … with bundle {…}" to its
 * message: that dump holds the user's input, subscription secrets and raw deliveries, which a message
 * a user sees (and the error log) must not. Core marks AppError and ThrottledError itself.
 */
export function withoutContext<E extends Error>(error: E): E {
  (error as E & { doNotContextify?: boolean }).doNotContextify = true;
  return error;
}

/** Reads the APIs' `{"error": {...}}` body (docs/apis.md §0); undefined when the body is not that shape (an HTML page). */
export function parseApiError(content: string | undefined): ApiError | undefined {
  const body = parseJson(content);
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object' && !Array.isArray(error)) return error as ApiError;
    // OAuth's RFC 6749 shape: {"error": "invalid_grant", "error_description": "..."}
    if (typeof error === 'string') {
      const description = (body as { error_description?: unknown }).error_description;
      return { code: error, message: typeof description === 'string' ? description : undefined };
    }
  }
  return undefined;
}

/** JSON from a body, or undefined for an empty or non-JSON one, or one nested too deeply to be handed on. */
export function parseJson(content: string | undefined): unknown {
  if (!content || !content.trim() || nestedDeeperThan(content)) return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

/** The method and path of a request, never its query string. */
export function requestLine(method: string | undefined, url: string | undefined): RequestLine {
  let path = url ?? '';
  try {
    path = new URL(path).pathname;
  } catch {
    path = path.split('?')[0];
  }
  return { method: (method ?? 'GET').toUpperCase(), path };
}

/** The endpoint of a path as messages quote it: the path, or what the policy shows of it (a health-record API hides IDs). */
export function endpointOf(policy: ServicePolicy, path: string): string {
  return policy.endpoint ? policy.endpoint(path) : path;
}

/** What an answer's body looks like, in a few words, for a message: never the body itself. */
export function describeBody(status: number, content: string, header: (name: string) => string | undefined): string {
  if (!content.trim()) return status === 204 ? 'no content' : 'empty body';
  if (/html/i.test(header('content-type') ?? '') || /^\s*</.test(content)) return 'an HTML page';
  if (nestedDeeperThan(content)) return `JSON nested more than ${MAX_ANSWER_DEPTH} levels deep`;
  const data = parseJson(content);
  if (data === undefined) return 'a body that is not JSON';
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'a list';
  return typeof data === 'object' ? 'JSON of another shape' : `a JSON ${typeof data}`;
}

/** The clear error for an answer the integration cannot use: what was asked, the status, what came back. */
export function notUnderstood(z: ZObject, policy: ServicePolicy, answer: Answer, what?: string): Error {
  const { method, path } = requestLine(answer.method, answer.url);
  const endpoint = endpointOf(policy, path);
  const body = what ?? describeBody(answer.status, answer.content, answer.header);
  return new z.errors.Error(
    `${policy.service} answered ${method} ${endpoint} with something this integration does not understand ` +
      `(HTTP ${answer.status}, ${body}). Try again; if it keeps happening, contact support.`,
    'unexpected_response',
    answer.status >= 400 ? answer.status : 502,
  );
}

/**
 * Decides what an answer means: the parsed JSON of a 2xx (undefined for an empty one; the caller checks
 * its shape), or the Zapier error a user can act on. Every answer of every connector comes through here.
 */
export function interpret(z: ZObject, policy: ServicePolicy, answer: Answer): unknown {
  const { status } = answer;
  if (status >= 200 && status < 300) {
    const data = parseJson(answer.content);
    if (data === undefined && answer.content.trim()) throw notUnderstood(z, policy, answer);
    return data;
  }

  if (status === 429) throw throttleError(z, policy.service, answer.header);

  const apiError = parseApiError(answer.content);
  if (status === 401) {
    if (policy.canRefresh) {
      throw withoutContext(new z.errors.RefreshAuthError(`${policy.service} said the access token has expired; Zapier is refreshing it.`));
    }
    throw withoutContext(new z.errors.ExpiredAuthError(`${policy.service} no longer accepts this connection's credentials. ${onPlatform(z, policy.reconnect)}`));
  }

  const code = apiError?.code && /^[a-z0-9_.-]{1,64}$/i.test(apiError.code) ? apiError.code : `http_${status}`;
  if (status === 403) {
    throw new z.errors.Error(onPlatform(z, policy.forbidden(requestLine(answer.method, answer.url), apiError)), code, status);
  }
  if (status < 400) throw notUnderstood(z, policy, answer);

  if (!apiError) {
    const kind = status >= 500 ? 'is having trouble' : 'could not handle the request';
    throw new z.errors.Error(
      `${policy.service} ${kind} (HTTP ${status}) and answered with a page that is not its API's JSON, ` +
        'probably from a proxy or during an outage. Try again in a few minutes.',
      code,
      status,
    );
  }

  const message =
    policy.showApiMessages && apiError.message
      ? `${policy.service}: ${apiError.message}`
      : `${policy.service} refused the request (HTTP ${status}, ${code}).`;
  throw new z.errors.Error(message, code, status);
}
