/**
 * Dates and times for `create_job`, normalised to what Sergio's API takes (`YYYY-MM-DD`, 24-hour
 * `HH:MM`) from the forms a Zap is likely to hold: ISO dates and datetimes (Zapier's own formatter
 * output), US `12/01/2026`, `Dec 1, 2026`, `9:30 am`, `14:00`. Pure functions: undefined means
 * "not a real date/time", and the caller names the field in its error.
 *
 * A datetime keeps the wall-clock date and time as written, not converted to UTC: `2026-12-01T09:30:00-08:00`
 * is a 9:30 job on 1 December in the customer's time zone, which is what the user meant.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthNumber(name: string): number | undefined {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? undefined : index + 1;
}

export function normaliseDate(input: string): string | undefined {
  const value = input.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value))) return realDate(+m[1], +m[2], +m[3]);
  if ((m = ISO_DATETIME.exec(value))) {
    return normaliseTime(`${m[4]}:${m[5]}`) === undefined ? undefined : realDate(+m[1], +m[2], +m[3]);
  }
  // Sergio is a US service: a slashed date is month first.
  if ((m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value))) return realDate(+m[3], +m[1], +m[2]);
  // "Dec 1, 2026", "December 1st 2026"
  if ((m = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(value))) {
    const month = monthNumber(m[1]);
    return month && m[1].length >= 3 ? realDate(+m[3], month, +m[2]) : undefined;
  }
  // "1 December 2026"
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i.exec(value))) {
    const month = monthNumber(m[2]);
    return month ? realDate(+m[3], month, +m[1]) : undefined;
  }
  return undefined;
}

export function normaliseTime(input: string): string | undefined {
  const value = input.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (value === 'noon') return '12:00';
  if (value === 'midnight') return '00:00';
  if ((m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value))) return clock(+m[1], +m[2], m[3] === undefined ? 0 : +m[3]);
  if ((m = /^(\d{2})(\d{2})$/.exec(value))) return clock(+m[1], +m[2], 0);
  if ((m = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$/.exec(value))) {
    const hour = +m[1];
    if (hour < 1 || hour > 12) return undefined;
    const hour24 = (hour % 12) + (m[3] === 'p' ? 12 : 0);
    return clock(hour24, m[2] === undefined ? 0 : +m[2], 0);
  }
  if ((m = ISO_DATETIME.exec(input.trim()))) {
    return realDate(+m[1], +m[2], +m[3]) ? clock(+m[4], +m[5], m[6] === undefined ? 0 : +m[6]) : undefined;
  }
  return undefined;
}

function clock(hour: number, minute: number, second: number): string | undefined {
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return `${pad(hour)}:${pad(minute)}`;
}
