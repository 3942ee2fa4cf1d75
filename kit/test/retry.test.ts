import { createdWithin, digitsOf, isRetryOf, RETRY_WINDOW_MS } from '../retry';

const now = Date.parse('2026-11-25T12:00:00Z');

describe('createdWithin', () => {
  it('takes a record made moments or hours ago, not one older than the window', () => {
    expect(createdWithin('2026-11-25T11:59:58Z', now)).toBe(true);
    expect(createdWithin('2026-11-25T02:00:00Z', now)).toBe(true);
    expect(createdWithin(new Date(now - RETRY_WINDOW_MS - 1000).toISOString(), now)).toBe(false);
  });

  it('refuses what is not a date, and a date well in the future (a clock cannot be trusted that far)', () => {
    expect(createdWithin(undefined, now)).toBe(false);
    expect(createdWithin('yesterday-ish', now)).toBe(false);
    expect(createdWithin(12345, now)).toBe(false);
    expect(createdWithin('2026-11-25T12:00:30Z', now)).toBe(true);
    expect(createdWithin('2026-11-25T12:05:00Z', now)).toBe(false);
  });
});

describe('isRetryOf', () => {
  const recent = '2026-11-25T11:59:00Z';

  it('matches a recent record holding every value sent, ignoring case, outer and doubled spaces, and list order', () => {
    expect(isRetryOf(recent, { name: 'Ada  Lovelace ', tags: ['b', 'a'] }, { name: 'ada lovelace', tags: ['a', 'b'] }, now)).toBe(true);
  });

  it('does not compare values that were not sent', () => {
    expect(isRetryOf(recent, { name: 'Ada', phone: '5550101' }, { name: 'Ada', phone: undefined }, now)).toBe(true);
  });

  it('refuses a record that differs in any value sent, or that lacks it', () => {
    expect(isRetryOf(recent, { name: 'Ada', phone: '5550101' }, { name: 'Ada', phone: '5550102' }, now)).toBe(false);
    expect(isRetryOf(recent, { name: 'Ada' }, { name: 'Ada', companyName: 'Analytical' }, now)).toBe(false);
  });

  it('refuses an identical record made before the window: that one is somebody else\'s, not this run\'s', () => {
    expect(isRetryOf('2026-11-20T12:00:00Z', { name: 'Ada' }, { name: 'Ada' }, now)).toBe(false);
  });

  it('compares phone numbers by their last ten digits when given through digitsOf', () => {
    expect(digitsOf('+1 (312) 555-0101')).toBe('3125550101');
    expect(digitsOf('(312) 555-0101')).toBe('3125550101');
    expect(digitsOf('+44 20 7946 0958')).toBe('2079460958');
    expect(digitsOf(undefined)).toBeUndefined();
    expect(isRetryOf(recent, { phone: digitsOf('+13125550101') }, { phone: digitsOf('+1 312-555-0101') }, now)).toBe(true);
  });
});
