/**
 * Dates as Cerbo takes them: a date of birth as `YYYY-MM-DD`, appointment times as `YYYY-MM-DD HH:MM`
 * wall-clock time. Pure functions returning undefined on bad input, so callers name the field
 * in their error (and never repeat the value: it may be health data).
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number) => String(n).padStart(2, '0');

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthNumber(name: string): number | undefined {
  const index = MONTHS.indexOf(name.toLowerCase().replace(/\.$/, '').slice(0, 3));
  return index < 0 ? undefined : index + 1;
}

/**
 * A calendar date from the forms people and apps write: `1980-03-07` (also with a time after it,
 * which is ignored), `1980/03/07`, `03/07/1980` (US month first; `25/03/1980` is read day first since
 * 25 cannot be a month), `03-07-1980`, `7 March 1980`, `March 7, 1980`, `7 Mar 1980`.
 */
export function parseCalendarDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])/.exec(value);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (match) {
    const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return first > 12 && second <= 12 ? calendarDate(year, second, first) : calendarDate(year, first, second);
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(value);
  if (match) {
    const month = monthNumber(match[2]);
    return month ? calendarDate(Number(match[3]), month, Number(match[1])) : undefined;
  }
  match = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value);
  if (match) {
    const month = monthNumber(match[1]);
    return month ? calendarDate(Number(match[3]), month, Number(match[2])) : undefined;
  }
  return undefined;
}

/** Today's date in `timeZone` as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return wallClock(now, timeZone).slice(0, 10);
}

/** `YYYY-MM-DD` moved by `days`. */
export function addDays(date: string, days: number): string {
  const moved = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return moved.toISOString().slice(0, 10);
}

/** A usable IANA time zone: the Zap's, or UTC when it has none or an unknown one. */
export function zoneOf(timezone: string | null | undefined): string {
  if (!timezone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone;
  } catch {
    return 'UTC';
  }
}

/** `YYYY-MM-DD HH:MM` wall-clock time of an instant in `timeZone`. */
export function wallClock(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * Cerbo's `YYYY-MM-DD HH:MM` for a date-time input, in the Zap's time zone: a value with a zone or
 * offset (`2026-11-26T14:00:00Z`, what Zapier gives for date-time fields) is converted to that time
 * zone; one without (`2026-11-26 09:00`, `11/26/2026 9:00 AM`) is taken as already written in it.
 * A date without a time is refused (undefined): an appointment needs one.
 */
export function toCerboDateTime(raw: unknown, timeZone: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (!value || !/\d{1,2}:\d{2}/.test(value)) return undefined;

  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (iso) {
    const date = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    const [hour, minute] = [Number(iso[4]), Number(iso[5])];
    if (!date || hour > 23 || minute > 59) return undefined;
    if (!iso[7]) return `${date} ${pad(hour)}:${pad(minute)}`;
    const offset = iso[7].toUpperCase() === 'Z' ? 'Z' : iso[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const instant = Date.parse(`${date}T${pad(hour)}:${pad(minute)}:${iso[6] ?? '00'}${offset}`);
    return Number.isNaN(instant) ? undefined : wallClock(instant, timeZone);
  }

  // Other forms (`November 26, 2026 9:00 AM`): JavaScript reads them as local time, so the local
  // fields are the wall-clock time as written, whatever zone this process runs in.
  if (/(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? undefined : wallClock(instant, timeZone);
  }
  const local = new Date(value);
  if (Number.isNaN(local.getTime())) return undefined;
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
}
