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
