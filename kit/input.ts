/**
 * Checks of what a step was given, before any request: each refusal names the field and what is wrong
 * with it, never the value (it may be personal data).
 */
import type { ZObject } from 'zapier-platform-core';
import { stepOf } from './step';

/** The one way the kit and connectors refuse an input before any request: names the field, never its value. */
export function invalidInput(z: ZObject, message: string): never {
  throw new z.errors.Error(message, 'invalid_input', 400);
}

/** A required input as trimmed text, or an error naming the field before any request. */
export function requireText(z: ZObject, value: unknown, label: string): string {
  const text = value === undefined || value === null ? '' : String(value).trim();
  if (!text) invalidInput(z, `${label} is required: choose one from the list or map a value.`);
  return text;
}

/** An input as trimmed text; undefined when missing or blank, so a body or PATCH leaves the field out. */
export function clean(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * Encodes one path segment so that an id such as `../admin` or `a/b` cannot change the path it is
 * put in; an empty one is refused before any request, naming the field.
 */
export function segment(z: ZObject, value: unknown, field: string): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!text) invalidInput(z, `${field} is required: choose one from the list or map a value.`);
  if (text === '.' || text === '..') invalidInput(z, `${field} is not a valid ID.`);
  return encodeURIComponent(text);
}

/** Text Zapier's core refuses to send (it would read it as a template of the integration's own). */
const CURLIES = /\{\{\s*(bundle|process)\.[^}]*\}\}/;

/** The top-level key of the first value holding such text, if any. */
function keyWithCurlies(values: Record<string, unknown> | undefined): string | undefined {
  const holds = (value: unknown): boolean =>
    typeof value === 'string' ? CURLIES.test(value) : value !== null && typeof value === 'object' && Object.values(value).some(holds);
  return Object.entries(values ?? {}).find(([, value]) => holds(value))?.[0];
}

/**
 * Zapier's core refuses to send `{{bundle.…}}` or `{{process.…}}` text (a Zap mapping such a string) with
 * a plain Error that quotes the value; this refuses it first, naming the field and not the value.
 */
export function refuseCurlies(z: ZObject, ...sent: Array<Record<string, unknown> | undefined>): void {
  // Only Zapier's core reads such text as a template; another platform sends it as it is.
  if (stepOf(z).runtime.platform !== 'Zapier') return;
  for (const values of sent) {
    const key = keyWithCurlies(values);
    if (key !== undefined) {
      invalidInput(z, `The value mapped to ${key} holds "{{bundle…}}" or "{{process…}}" text, which Zapier does not send. Remove the curly braces from it.`);
    }
  }
}
