import zapier, { type ZObject } from 'zapier-platform-core';
import { DEFAULT_THROTTLE_SECONDS, MAX_THROTTLE_SECONDS, throttleDelaySeconds, throttleError } from '../ratelimit';

const headers = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()];
const now = new Date('2026-11-24T18:00:00Z');

describe('throttleDelaySeconds', () => {
  it('uses Retry-After given in seconds', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': '17' }), now)).toBe(17);
  });

  it('rounds fractional Retry-After up and never waits less than a second', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': '2.2' }), now)).toBe(3);
    expect(throttleDelaySeconds(headers({ 'retry-after': '0' }), now)).toBe(1);
  });

  it('uses Retry-After given as an HTTP date, and a second for one already past', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': 'Tue, 24 Nov 2026 18:01:30 GMT' }), now)).toBe(90);
    expect(throttleDelaySeconds(headers({ 'retry-after': 'Tue, 24 Nov 2026 17:00:00 GMT' }), now)).toBe(1);
  });

  it('waits until the next UTC midnight when the daily allowance is used up', () => {
    const delay = throttleDelaySeconds(
      headers({ 'x-ratelimit-daily-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000', 'x-ratelimit-remaining': '0' }),
      now,
    );
    expect(delay).toBe(6 * 60 * 60);
  });

  it('waits the burst interval when only the burst is used up', () => {
    const delay = throttleDelaySeconds(
      headers({ 'x-ratelimit-daily-remaining': '150000', 'x-ratelimit-interval-milliseconds': '10000', 'x-ratelimit-remaining': '0' }),
      now,
    );
    expect(delay).toBe(10);
  });

  it('prefers Retry-After over the rate-limit headers', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': '5', 'x-ratelimit-daily-remaining': '0' }), now)).toBe(5);
  });

  it('falls back to a sane default when the API says nothing usable', () => {
    expect(throttleDelaySeconds(headers({}), now)).toBe(DEFAULT_THROTTLE_SECONDS);
    expect(throttleDelaySeconds(headers({ 'retry-after': 'soon', 'x-ratelimit-interval-milliseconds': 'x' }), now)).toBe(DEFAULT_THROTTLE_SECONDS);
  });

  it('does not read a negative or otherwise malformed number as a date (Node parses "-5" as the year 2001)', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': '-5' }), now)).toBe(DEFAULT_THROTTLE_SECONDS);
    expect(throttleDelaySeconds(headers({ 'retry-after': '2' }), now)).toBe(2);
    expect(throttleDelaySeconds(headers({ 'retry-after': '120.5 ' }), now)).toBe(121);
  });
});

describe('throttleError', () => {
  const z = { errors: zapier.errors } as unknown as ZObject;
  const shown = (error: Error) => ({ name: error.name, ...(JSON.parse(error.message) as { message: string; delay: number }) });

  it("hands Zapier the API's wait as a ThrottledError without core's bundle dump", () => {
    const error = throttleError(z, 'Example', headers({ 'retry-after': '17' }), now);
    expect(shown(error)).toEqual({ name: 'ThrottledError', message: 'Example is rate limiting requests (HTTP 429). Zapier will retry in 17 seconds.', delay: 17 });
    expect((error as Error & { doNotContextify?: boolean }).doNotContextify).toBe(true);
  });

  it('hands over an hour as it is', () => {
    expect(shown(throttleError(z, 'Example', headers({ 'retry-after': String(MAX_THROTTLE_SECONDS) }), now))).toMatchObject({ delay: MAX_THROTTLE_SECONDS });
  });

  it('caps a longer wait at an hour and says the real one', () => {
    const daily = throttleError(z, 'Example', headers({ 'x-ratelimit-daily-remaining': '0' }), now);
    expect(shown(daily)).toEqual({
      name: 'ThrottledError',
      message: 'Example is rate limiting requests (HTTP 429) for the next 6 h 0 min. Zapier will try again in 60 minutes.',
      delay: MAX_THROTTLE_SECONDS,
    });
    const ninetyMinutes = throttleError(z, 'Example', headers({ 'retry-after': String(90 * 60) }), now);
    expect(shown(ninetyMinutes).message).toBe('Example is rate limiting requests (HTTP 429) for the next 90 minutes. Zapier will try again in 60 minutes.');
  });
});

describe('throttle messages read well whatever the headers say', () => {
  const z = { errors: zapier.errors } as unknown as ZObject;
  const shown = (values: Record<string, string>) => {
    const error = throttleError(z, 'Example', headers(values), now);
    return JSON.parse(error.message) as { message: string; delay: number };
  };
  const READABLE =
    /^Example is rate limiting requests \(HTTP 429\)( for (the next (\d+ (seconds|minutes|days)|\d+ h \d+ min)|more than 30 days))?\. Zapier will (retry in \d+ seconds|try again in \d+ (seconds|minutes))\.$/;
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toUTCString();

  it.each([
    ['Retry-After of 400 digits (Infinity as a number)', { 'retry-after': '9'.repeat(400) }, 'for more than 30 days', MAX_THROTTLE_SECONDS],
    ['Retry-After of 10^305 seconds', { 'retry-after': `1${'0'.repeat(305)}` }, 'for more than 30 days', MAX_THROTTLE_SECONDS],
    ['Retry-After: Infinity', { 'retry-after': 'Infinity' }, '', DEFAULT_THROTTLE_SECONDS],
    ['Retry-After: NaN', { 'retry-after': 'NaN' }, '', DEFAULT_THROTTLE_SECONDS],
    ['Retry-After: -3600', { 'retry-after': '-3600' }, '', DEFAULT_THROTTLE_SECONDS],
    ['Retry-After: 1e9', { 'retry-after': '1e9' }, '', DEFAULT_THROTTLE_SECONDS],
    ['Retry-After as an HTTP date in the year 9999', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }, 'for more than 30 days', MAX_THROTTLE_SECONDS],
    ['Retry-After as an HTTP date 30 days away', { 'retry-after': inDays(30) }, 'for more than 30 days', MAX_THROTTLE_SECONDS],
    ['Retry-After as an HTTP date 10 days away', { 'retry-after': inDays(10) }, 'for the next 10 days', MAX_THROTTLE_SECONDS],
    ['Retry-After as an HTTP date 40 hours away', { 'retry-after': inDays(40 / 24) }, 'for the next 40 h 0 min', MAX_THROTTLE_SECONDS],
    ['X-RateLimit-Interval-Milliseconds: 1e308', { 'x-ratelimit-interval-milliseconds': '1e308' }, 'for more than 30 days', MAX_THROTTLE_SECONDS],
    ['X-RateLimit-Interval-Milliseconds: Infinity', { 'x-ratelimit-interval-milliseconds': 'Infinity' }, '', DEFAULT_THROTTLE_SECONDS],
    ['X-RateLimit-Interval-Milliseconds: -10000', { 'x-ratelimit-interval-milliseconds': '-10000' }, '', DEFAULT_THROTTLE_SECONDS],
    ['X-RateLimit-Interval-Milliseconds: NaN', { 'x-ratelimit-interval-milliseconds': 'NaN' }, '', DEFAULT_THROTTLE_SECONDS],
    ['X-RateLimit-Daily-Remaining: -1', { 'x-ratelimit-daily-remaining': '-1' }, 'for the next 6 h 0 min', MAX_THROTTLE_SECONDS],
    ['X-RateLimit-Daily-Remaining: NaN', { 'x-ratelimit-daily-remaining': 'NaN' }, '', DEFAULT_THROTTLE_SECONDS],
  ])('%s: a readable wait, and the right delay for Zapier', (_name, values, wait, delay) => {
    const { message, delay: handed } = shown(values);
    expect(message).toMatch(READABLE);
    expect(message).not.toMatch(/Infinity|NaN|e\+|\d{7,}/);
    if (wait) expect(message).toContain(` ${wait}. `);
    expect(handed).toBe(delay);
  });
});
