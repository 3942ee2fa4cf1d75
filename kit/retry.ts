/**
 * A create run again after its first answer was lost (Zapier retries a failed step, Autoreplay
 * replays it for hours, users replay runs) meets the record the first run made. `isRetryOf` decides
 * whether an existing record is that one: made recently, and holding what this run identifies it by.
 */

/**
 * How old a record may be and still be taken for this run's own: Zapier's Autoreplay retries a
 * failed step over about ten hours; a day leaves room for a user's manual replay the same day.
 */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether `createdAt` (ISO-8601, or `YYYY-MM-DD HH:MM:SS` without a zone) lies within the retry window before `now`. */
export function createdWithin(createdAt: unknown, now = Date.now(), windowMs = RETRY_WINDOW_MS): boolean {
  const made = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  return !Number.isNaN(made) && made <= now + 60_000 && now - made <= windowMs;
}

/** Text trimmed, case and inner spacing ignored (APIs lower-case emails, tidy names); lists in any order. */
function normal(value: unknown): string {
  if (Array.isArray(value)) return value.map(normal).sort().join('\u0000');
  if (value === undefined || value === null) return '';
  return String(value).trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A phone number's last ten digits, for numbers an API may have reformatted: `(415) 555-0101` and
 * `+1 415 555 0101` are the same number once punctuation and the country code are set aside.
 */
export const digitsOf = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value).replace(/\D/g, '').slice(-10);

/**
 * Whether `record` is the one an earlier run of this create made: created within the retry window,
 * and equal in every identifying value this run sends (`sent` keys left undefined are not compared;
 * `held` gives the record's values under the same keys).
 */
export function isRetryOf(
  createdAt: unknown,
  held: Record<string, unknown>,
  sent: Record<string, unknown>,
  now = Date.now(),
): boolean {
  return createdWithin(createdAt, now) && Object.entries(sent).every(([key, value]) => value === undefined || normal(held[key]) === normal(value));
}
