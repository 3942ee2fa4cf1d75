import fc from 'fast-check';
import * as z from 'zod/mini';
import { runRules } from '../../../scripts/publishing/rules';
import { normaliseDate, normaliseTime } from '../src/datetime';
import { schemas } from '../index';
import { App } from './app';

describe('app definition', () => {
  it('passes every offline publishing check', () => {
    const violations = runRules(App).flatMap(({ rule, evaluation }) => evaluation.violations.map((v) => `[${rule.id}] ${v.path}: ${v.message}`));
    expect(violations).toEqual([]);
  });

  it('has a schema for every operation, and every sample parses against it', () => {
    const operations = (['triggers', 'creates', 'searches'] as const).flatMap((kind) =>
      Object.entries(App[kind] ?? {}).map(([key, definition]) => [`${kind}.${key}`, (definition as { operation: { sample: unknown } }).operation.sample] as const),
    );
    expect(operations.map(([path]) => path).sort()).toEqual(Object.keys(schemas).sort());
    for (const [path, sample] of operations) {
      expect({ path, ok: z.safeParse(schemas[path], sample).success }).toEqual({ path, ok: true });
    }
  });

  it('declares Zapier throttles matching Sergio\'s per-key limits: reads 120/min, writes 60/min', () => {
    const throttleOf = (operation: unknown) => (operation as { throttle?: unknown }).throttle;
    const reads = { window: 60, limit: 120, scope: ['auth'] };
    const writes = { window: 60, limit: 60, scope: ['auth'] };
    expect(throttleOf(App.creates.create_job.operation)).toEqual(writes);
    expect(throttleOf(App.creates.create_customer.operation)).toEqual(writes);
    expect(throttleOf(App.searches.find_customer.operation)).toEqual(reads);
    expect(throttleOf(App.triggers.customer_list.operation)).toEqual(reads);
    expect(throttleOf(App.triggers.service_type_list.operation)).toEqual(reads);
    // Zapier's schema has no throttle for REST hooks: subscribing happens once per Zap turned on.
    expect(throttleOf(App.triggers.new_job.operation)).toBeUndefined();
  });

  it('lets the kit see 429s (throwForThrottlingEarly off) and sends the key from one beforeRequest', () => {
    expect(App.flags).toMatchObject({ throwForThrottlingEarly: false, cleanInputData: true });
    expect(App.beforeRequest).toHaveLength(1);
    expect(App.afterResponse).toHaveLength(1);
  });
});

describe('date and time normalisation', () => {
  const realDates = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });

  it('reads every real date in ISO, US and "Mon D, YYYY" form as the same YYYY-MM-DD', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(realDates, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        expect(normaliseDate(iso)).toBe(iso);
        expect(normaliseDate(`${m}/${d}/${y}`)).toBe(iso);
        expect(normaliseDate(`${months[m - 1]} ${d}, ${y}`)).toBe(iso);
        expect(normaliseDate(`${iso}T23:59:00+14:00`)).toBe(iso);
      }),
    );
  });

  it('refuses days that do not exist', () => {
    for (const text of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '02/30/2026', 'Feb 30, 2026', '2026-12-01T24:00:00Z', '']) {
      expect({ text, date: normaliseDate(text) }).toEqual({ text, date: undefined });
    }
  });

  it('reads every minute of the day in 24-hour and 12-hour form as the same HH:MM', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const twelve = `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'PM'}`;
        expect(normaliseTime(hhmm)).toBe(hhmm);
        expect(normaliseTime(`${hour}:${String(minute).padStart(2, '0')}:00`)).toBe(hhmm);
        expect(normaliseTime(twelve)).toBe(hhmm);
      }),
    );
  });

  it('refuses times that do not exist', () => {
    for (const text of ['24:00', '12:60', '0 am', '13 pm', '9', 'soon', '2026-12-01T25:00:00Z']) {
      expect({ text, time: normaliseTime(text) }).toEqual({ text, time: undefined });
    }
  });
});
