import fc from 'fast-check';
import { addDays, parseCalendarDate, toCerboDateTime, todayIn, wallClock, zoneOf } from '../src/dates';

describe('parseCalendarDate', () => {
  test.each([
    ['1980-03-07', '1980-03-07'],
    ['1980-3-7', '1980-03-07'],
    ['1980/03/07', '1980-03-07'],
    ['1980-03-07T00:00:00Z', '1980-03-07'],
    ['1980-03-07 00:00', '1980-03-07'],
    ['03/07/1980', '1980-03-07'],
    ['3/7/1980', '1980-03-07'],
    ['03-07-1980', '1980-03-07'],
    ['25/03/1980', '1980-03-25'],
    ['7 March 1980', '1980-03-07'],
    ['7th March, 1980', '1980-03-07'],
    ['March 7, 1980', '1980-03-07'],
    ['Mar. 7 1980', '1980-03-07'],
    ['29 Feb 2000', '2000-02-29'],
  ])('%p → %p', (given, expected) => expect(parseCalendarDate(given)).toBe(expected));

  test.each(['', 'yesterday', '1980-02-30', '29 Feb 1900', '13/13/1980', '1980-13-01', '7 Smarch 1980', '03/07/80', '1980-03-07x', '0/0/0'])(
    '%p is not a date',
    (given) => expect(parseCalendarDate(given)).toBeUndefined(),
  );

  test('every real date round-trips through its ISO, US and written forms', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-').map(Number);
        expect(parseCalendarDate(iso)).toBe(iso);
        expect(parseCalendarDate(`${m}/${d}/${y}`)).toBe(iso);
        expect(parseCalendarDate(`${d} ${months[m - 1]} ${y}`)).toBe(iso);
        expect(parseCalendarDate(`${months[m - 1].slice(0, 3)} ${d}, ${y}`)).toBe(iso);
      }),
    );
  });
});

describe('toCerboDateTime', () => {
  test.each([
    ['2026-12-02T19:30:00Z', 'America/New_York', '2026-12-02 14:30'],
    ['2026-07-02T19:30:00Z', 'America/New_York', '2026-07-02 15:30'],
    ['2026-12-02T14:30:00-05:00', 'Europe/London', '2026-12-02 19:30'],
    ['2026-12-02T23:30:00+0100', 'UTC', '2026-12-02 22:30'],
    ['2026-12-31T23:30:00-08:00', 'Asia/Tokyo', '2027-01-01 16:30'],
    ['2026-12-02 09:05', 'Asia/Tokyo', '2026-12-02 09:05'],
    ['2026-12-02T09:05:59', 'UTC', '2026-12-02 09:05'],
    ['December 2, 2026 9:45 PM', 'UTC', '2026-12-02 21:45'],
  ])('%p in %s → %p', (given, zone, expected) => expect(toCerboDateTime(given, zone)).toBe(expected));

  test.each(['', '2026-12-02', 'tomorrow at noon', '2026-02-30 10:00', '2026-12-02 24:00', '2026-12-02 10:60'])('%p is refused', (given) =>
    expect(toCerboDateTime(given, 'UTC')).toBeUndefined(),
  );

  test('an instant converts to the same wall-clock time Intl shows in that zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2090-01-01T00:00:00Z') }),
        fc.constantFrom('UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney'),
        (ms, zone) => {
          const instant = Math.floor(ms / 60000) * 60000;
          expect(toCerboDateTime(new Date(instant).toISOString(), zone)).toBe(wallClock(instant, zone));
        },
      ),
    );
  });
});

describe('zones and days', () => {
  test('an unknown or missing Zap time zone falls back to UTC', () => {
    expect(zoneOf(undefined)).toBe('UTC');
    expect(zoneOf('Mars/Olympus_Mons')).toBe('UTC');
    expect(zoneOf('Europe/Paris')).toBe('Europe/Paris');
  });

  test('today depends on the zone; days add across months and leap years', () => {
    const instant = Date.parse('2026-11-25T03:00:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-11-25');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-11-24');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(addDays('2026-11-18', 90)).toBe('2027-02-16');
  });
});
