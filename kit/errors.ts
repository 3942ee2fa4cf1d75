import type { AfterResponseMiddleware, HttpResponse, ZObject } from 'zapier-platform-core';
import { throttleDelaySeconds } from './ratelimit';

export interface ErrorPolicy {
  /** The service's name as users know it, used in every message. */
  service: string;
  /** OAuth apps with `autoRefresh`: a 401 asks Zapier to refresh instead of disconnecting. */
  canRefresh: boolean;
  /** What a user must do when the credentials stop working (shown with `ExpiredAuthError`). */
  reconnect: string;
  /**
   * Whether the API's own `error.message` may be shown. False for health-record APIs, whose
   * error text may quote what was sent: the message is then built from the code and status only.
   */
  showApiMessages: boolean;
  /** Builds the message for a 403 from the error body and the refused request. */
  forbidden: (refused: RefusedRequest, apiError: ApiError | undefined) => string;
}

export interface ApiError {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

export interface RefusedRequest {
  method: string;
  /** Path only: a query string can hold personal data, so it is never quoted. */
  path: string;
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

/** Reads the contract's `{"error": {...}}` body; undefined when the body is not that shape (an HTML page). */
export function parseApiError(content: string | undefined): ApiError | undefined {
  if (!content) return undefined;
  try {
    const body = JSON.parse(content) as unknown;
    if (body && typeof body === 'object' && 'error' in body) {
      const error = (body as { error: unknown }).error;
      if (error && typeof error === 'object') return error as ApiError;
      // OAuth's RFC 6749 shape: {"error": "invalid_grant", "error_description": "..."}
      if (typeof error === 'string') {
        const description = (body as { error_description?: unknown }).error_description;
        return { code: error, message: typeof description === 'string' ? description : undefined };
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function refusedRequest(response: HttpResponse): RefusedRequest {
  const method = (response.request.method ?? 'GET').toUpperCase();
  let path = response.request.url ?? '';
  try {
    path = new URL(path).pathname;
  } catch {
    path = path.split('?')[0];
  }
  return { method, path };
}

/**
 * One `afterResponse` per service: every non-2xx becomes the Zapier error a user can act on.
 * A request made with `skipThrowForStatus` (a search expecting a 404) gets its response back,
 * except for 401 and 429, which mean the same thing everywhere.
 */
export function errorMapper(policy: ErrorPolicy): AfterResponseMiddleware {
  return (response: HttpResponse, z: ZObject) => {
    const status = response.status;
    if (status < 400) {
      if (response.data === undefined && response.content?.trim()) {
        throw new z.errors.Error(
          `${policy.service} answered HTTP ${status} with a body that is not valid JSON. Try again in a few minutes.`,
          'malformed_response',
          status,
        );
      }
      return response;
    }

    if (status === 429) {
      const delay = throttleDelaySeconds((name) => response.getHeader(name));
      throw new z.errors.ThrottledError(
        `${policy.service} is rate limiting requests (HTTP 429). Zapier will retry in ${delay} seconds.`,
        delay,
      );
    }

    if (status === 401) {
      if (policy.canRefresh) {
        throw withoutContext(new z.errors.RefreshAuthError(`${policy.service} said the access token has expired; refreshing it.`));
      }
      throw withoutContext(
        new z.errors.ExpiredAuthError(`${policy.service} no longer accepts this connection's credentials. ${policy.reconnect}`),
      );
    }

    if (response.skipThrowForStatus || response.request.skipThrowForStatus) return response;

    const apiError = parseApiError(response.content);
    const code = apiError?.code && /^[a-z0-9_.-]{1,64}$/i.test(apiError.code) ? apiError.code : `http_${status}`;

    if (status === 403) {
      throw new z.errors.Error(policy.forbidden(refusedRequest(response), apiError), code, status);
    }

    if (!apiError) {
      const kind = status >= 500 ? 'is having trouble' : 'could not handle the request';
      throw new z.errors.Error(
        `${policy.service} ${kind} (HTTP ${status}) and answered with a page that is not its API's JSON, ` +
          `probably from a proxy or during an outage. Try again in a few minutes.`,
        code,
        status,
      );
    }

    const message =
      policy.showApiMessages && apiError.message
        ? `${policy.service}: ${apiError.message}`
        : `${policy.service} refused the request (HTTP ${status}, ${code}).`;
    throw new z.errors.Error(message, code, status);
  };
}
