import type { ZObject } from 'zapier-platform-core';
import { stepOf } from './step';

/** The wait after a 429 that says nothing about how long to wait. */
export const DEFAULT_THROTTLE_SECONDS = 60;

/**
 * The longest delay the kit hands Zapier in a `ThrottledError`: Zapier holds a throttled run and retries
 * it after the delay, and a run held for more than an hour looks lost to the user. A longer wait (a daily
 * allowance used up) is retried each hour, with the real wait in the message.
 */
export const MAX_THROTTLE_SECONDS = 60 * 60;

type HeaderGetter = (name: string) => string | null | undefined;

/**
 * How long to wait after a 429, in whole seconds, from whatever the API said: `Retry-After` in seconds
 * or as an HTTP date; else the `X-RateLimit-*` scheme (a daily allowance used up → until the next UTC
 * midnight; a burst used up → the burst interval); else `DEFAULT_THROTTLE_SECONDS`.
 */
export function throttleDelaySeconds(getHeader: HeaderGetter, now: Date = new Date()): number {
  const retryAfter = getHeader('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      return Math.max(1, Math.ceil(Number(retryAfter)));
    }
    // An HTTP date starts with the day's name; Node would read "-5" as a date in 2001.
    const at = /^[A-Za-z]{3}/.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
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

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The longest wait a message states as a figure. A header can say anything (a Retry-After of 400 digits is
 * Infinity, an HTTP date in the year 9999 is 250 billion seconds away): no API means such a wait, and
 * "for the next Infinity h NaN min" helps no one.
 */
const LONGEST_STATED_DAYS = 30;

/** "45 seconds", "90 minutes", "3 h 12 min", "12 days": a wait as a person reads it (under `LONGEST_STATED_DAYS`). */
function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.round(seconds / DAY_SECONDS)} days`;
}

/** "for the next 6 h 0 min", or "for more than 30 days" for any longer wait, however it was written. */
function forTheWait(seconds: number): string {
  // Written so that NaN, too, reads as the longest wait.
  return seconds < LONGEST_STATED_DAYS * DAY_SECONDS ? `for the next ${duration(seconds)}` : `for more than ${LONGEST_STATED_DAYS} days`;
}

/** A 429 as Zapier's `ThrottledError`, its delay capped at `MAX_THROTTLE_SECONDS`, the real wait in the message. */
export function throttleError(z: ZObject, service: string, getHeader: HeaderGetter, now: Date = new Date()): Error {
  const wanted = throttleDelaySeconds(getHeader, now);
  const delay = Math.min(wanted, MAX_THROTTLE_SECONDS);
  const message =
    wanted > delay
      ? `${service} is rate limiting requests (HTTP 429) ${forTheWait(wanted)}. ${stepOf(z).runtime.platform} will try again in ${duration(delay)}.`
      : `${service} is rate limiting requests (HTTP 429). ${stepOf(z).runtime.platform} will retry in ${delay} seconds.`;
  // Core marks its ThrottledError doNotContextify itself: no bundle dump is appended.
  return new z.errors.ThrottledError(message, delay);
}

function numberHeader(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
