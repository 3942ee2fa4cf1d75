import type { AfterResponseMiddleware, Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import { parseApiError, type ApiError } from './errors';

/** What a request expects besides success; a request with any of these reads its own error statuses. */
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
}

/** Whether the request must be sent with `skipThrowForStatus`, its errors being `settle`'s to read. */
export const settlesItself = (expected: Expected<unknown>): boolean =>
  expected.acceptStatuses !== undefined || expected.recover !== undefined || expected.explain !== undefined;

/**
 * The answer of a request sent with `skipThrowForStatus`: an accepted status gives undefined, an
 * expected error its recovery or its explanation, any other error is mapped by `handleErrors` like
 * every response (`afterResponse` let it through only because the request asked it to).
 */
export async function settle<T>(
  z: ZObject,
  bundle: Bundle,
  response: HttpResponse,
  expected: Expected<T>,
  handleErrors: AfterResponseMiddleware,
): Promise<T> {
  if (expected.acceptStatuses?.includes(response.status)) return undefined as T;
  if (response.status >= 400) {
    const apiError = parseApiError(response.content);
    const recovered = await expected.recover?.(response.status, apiError);
    if (recovered !== undefined) return recovered;
    const message = expected.explain?.(response.status, apiError);
    if (message) throw new z.errors.Error(message, apiError?.code ?? `http_${response.status}`, response.status);
    const plain = { ...response, skipThrowForStatus: false, request: { ...response.request, skipThrowForStatus: false } } as HttpResponse;
    handleErrors(plain, z, bundle);
  }
  return (response.status === 204 ? undefined : response.data) as T;
}
