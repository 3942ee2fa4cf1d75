import type { ZObject } from 'zapier-platform-core';

/** Zapier gives an action 30 s in all: a request that hangs must fail with time left to say why. */
export const REQUEST_TIMEOUT_MS = 25_000;

/**
 * Runs one `z.request` call so that a connection that fails or hangs becomes a clear `network_error`
 * instead of node-fetch's FetchError, which quotes the URL (and so a searched email, name or date of
 * birth) and, not being a Zapier error, gets core's bundle dump appended.
 */
export async function reach<T>(z: ZObject, service: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && (error.name === 'FetchError' || error.name === 'AbortError')) {
      const { type, code } = error as Error & { type?: string; code?: string };
      const reason =
        type === 'request-timeout' || error.name === 'AbortError'
          ? `it did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds`
          : `the connection failed${code && /^[A-Z_]{2,32}$/.test(code) ? ` (${code})` : ''}`;
      throw new z.errors.Error(`${service} could not be reached: ${reason}. Try again in a few minutes.`, 'network_error', 503);
    }
    throw error;
  }
}
