/** Text checks shared by several publishing rules: Markdown links, Title Case, credential words, dates. */

const LINK = /\[([^[\]]+)\]\(([^()\s]+)\)/g;

/** A link Zapier accepts: `[text](https://host/...)`. */
export function hasHttpsLink(text: string): boolean {
  for (const match of text.replace(/`[^`]*`/g, ' ').matchAll(LINK)) {
    if (isHttpsUrl(match[2])) return true;
  }
  return false;
}

export function isHttpsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * Problems Zapier's D008 would report in a piece of help text or description: links whose target is
 * not an https URL, URLs left bare (outside a link and outside backticks), and broken link syntax.
 */
export function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  const withoutCode = text.replace(/`[^`]*`/g, ' ');
  const rest = withoutCode.replace(LINK, (_whole, label: string, url: string) => {
    if (!isHttpsUrl(url) && !url.startsWith('mailto:')) problems.push(`link "${label}" points to "${url}", not an https URL`);
    return ' ';
  });
  const bare = rest.match(/\b(?:https?|ftp):\/\/[^\s)]*/i);
  if (bare) problems.push(`bare URL "${bare[0]}": make it a [text](https://…) link or put it in backticks`);
  if (/\]\s*\(/.test(rest) || /\[[^\]]*$/.test(rest) || /\[\]/.test(rest)) {
    problems.push('malformed Markdown link: expected [text](https://…)');
  }
  return problems;
}

/** Small words kept lowercase inside a Title Case label (never as its first word). */
export const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'of', 'to', 'in', 'on', 'at', 'by', 'as', 'via', 'vs', 'per']);

/** `null` when the label is Title Case, otherwise the Title Case version to suggest. */
export function titleCaseProblem(label: string): string | null {
  const words = label.trim().split(/\s+/);
  let wrong = false;
  const fixed = words.map((word, index) => {
    const lead = word.match(/^[^A-Za-z0-9]*/)?.[0] ?? '';
    const core = word.slice(lead.length);
    if (!core) return word;
    const lower = core.toLowerCase();
    if (index > 0 && SMALL_WORDS.has(lower.replace(/[^a-z]/g, ''))) {
      if (core !== lower) wrong = true;
      return lead + lower;
    }
    const first = core.charAt(0);
    if (first !== first.toUpperCase()) {
      wrong = true;
      return lead + first.toUpperCase() + core.slice(1);
    }
    return word;
  });
  return wrong ? fixed.join(' ') : null;
}

/** Splits `apiKey`, `api_key`, `API Key`, `x-api-key` into lowercase words. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a key or label names a credential: password, secret, token, API key, access/private key. */
export function namesCredential(text: string): boolean {
  const words = wordsOf(text);
  if (words.some((word) => ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'jwt', 'bearer'].includes(word))) return true;
  return words.some((word, index) => word === 'key' && ['api', 'access', 'private', 'secret', 'client'].includes(words[index - 1] ?? ''));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const MONTHS = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const LOOKS_LIKE_DATE = [
  /^\d{4}-\d{2}-\d{2}/, // ISO-ish, possibly without zone or with a space instead of T
  /^\d{4}\/\d{1,2}\/\d{1,2}/,
  /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/,
  new RegExp(`^\\d{1,2}(?:st|nd|rd|th)? ${MONTHS},? \\d{2,4}`, 'i'),
  new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?${MONTHS} \\d{1,2}`, 'i'),
  new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*, \\d{1,2} ${MONTHS}`, 'i'),
];

/**
 * `null` for a string that is not a date, or is an ISO-8601 date (`2026-11-24`) or date-time with
 * a zone (`2026-11-24T18:00:00Z`); otherwise why it fails D023. A time of day alone (`09:30`) is
 * not a date and passes: it names a wall-clock slot, not an instant.
 */
export function dateProblem(value: string): string | null {
  if (!LOOKS_LIKE_DATE.some((pattern) => pattern.test(value))) return null;
  if (ISO_DATE.test(value) || ISO_DATETIME_WITH_ZONE.test(value)) return null;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return `"${value}" has a time but no time zone (use e.g. 2026-11-24T18:00:00Z)`;
  return `"${value}" is not ISO-8601 (use 2026-11-24 or 2026-11-24T18:00:00Z)`;
}
