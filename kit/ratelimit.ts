/**
 * How long to wait after a 429, in whole seconds, from whatever the API said:
 * `Retry-After` in seconds or as an HTTP date; else Serebro's `X-RateLimit-*` headers
 * (daily allowance used up → until the next UTC midnight; burst used up → the burst interval).
 */
export const DEFAULT_THROTTLE_SECONDS = 60;

type HeaderGetter = (name: string) => string | null | undefined;

export function throttleDelaySeconds(getHeader: HeaderGetter, now: Date = new Date()): number {
  const retryAfter = getHeader('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      return Math.max(1, Math.ceil(Number(retryAfter)));
    }
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) {
      return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
    }
  }

  const dailyRemaining = numberHeader(getHeader('x-ratelimit-daily-remaining'));
  if (dailyRemaining !== undefined && dailyRemaining <= 0) {
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
  }

  const intervalMs = numberHeader(getHeader('x-ratelimit-interval-milliseconds'));
  if (intervalMs !== undefined && intervalMs > 0) {
    return Math.max(1, Math.ceil(intervalMs / 1000));
  }

  return DEFAULT_THROTTLE_SECONDS;
}

function numberHeader(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
