import type { FastifyReply } from 'fastify';
import { FixedWindow, scaledLimit, utcDayWindow, type WindowState } from '../core/ratelimit';

/** docs/apis.md §1.2: per app per Location (or Company), shared by the v1 and v2 APIs. */
export const BURST_LIMIT = 100;
export const BURST_INTERVAL_MS = 10_000;
export const DAILY_LIMIT = 200_000;

export interface RateLimits {
  burst: FixedWindow;
  daily: FixedWindow;
}

/** Both windows, their limits multiplied by the sandbox's `rateLimitScale`. */
export function createRateLimits(scale = 1): RateLimits {
  return { burst: new FixedWindow(scaledLimit(BURST_LIMIT, scale), BURST_INTERVAL_MS), daily: utcDayWindow(scaledLimit(DAILY_LIMIT, scale)) };
}

/** The five headers of docs/apis.md §1.2, on every response. */
export function rateLimitHeaders(reply: FastifyReply, limits: RateLimits, burst: Pick<WindowState, 'remaining'>, daily: Pick<WindowState, 'remaining'>) {
  return reply
    .header('x-ratelimit-limit-daily', String(limits.daily.limit))
    .header('x-ratelimit-daily-remaining', String(daily.remaining))
    .header('x-ratelimit-interval-milliseconds', String(BURST_INTERVAL_MS))
    .header('x-ratelimit-max', String(limits.burst.limit))
    .header('x-ratelimit-remaining', String(burst.remaining));
}

/** 429 `rate_limited`, deliberately without `Retry-After`: clients derive the wait from the headers. */
export function sendRateLimited(reply: FastifyReply, limits: RateLimits, which: 'burst' | 'daily') {
  return reply.code(429).send({
    error: {
      code: 'rate_limited',
      message:
        which === 'daily'
          ? `The daily limit of ${limits.daily.limit} requests is used up; it resets at midnight UTC`
          : `More than ${limits.burst.limit} requests in ${BURST_INTERVAL_MS / 1000} seconds`,
    },
  });
}

/**
 * Counts one request of `who` in both windows and sets the five headers; answers the 429 and returns
 * false when either window is used up (the daily one named first, as it is the longer wait).
 */
export function countRequest(limits: RateLimits, who: string, reply: FastifyReply): boolean {
  const burst = limits.burst.take(who);
  const daily = limits.daily.take(who);
  rateLimitHeaders(reply, limits, burst, daily);
  if (!daily.allowed) {
    sendRateLimited(reply, limits, 'daily');
    return false;
  }
  if (!burst.allowed) {
    sendRateLimited(reply, limits, 'burst');
    return false;
  }
  return true;
}
