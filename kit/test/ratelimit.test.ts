import { DEFAULT_THROTTLE_SECONDS, throttleDelaySeconds } from '../ratelimit';

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

  it('uses Retry-After given as an HTTP date', () => {
    expect(throttleDelaySeconds(headers({ 'retry-after': 'Tue, 24 Nov 2026 18:01:30 GMT' }), now)).toBe(90);
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
    expect(throttleDelaySeconds(headers({ 'retry-after': 'soon', 'x-ratelimit-interval-milliseconds': 'x' }), now)).toBe(
      DEFAULT_THROTTLE_SECONDS,
    );
  });
});
