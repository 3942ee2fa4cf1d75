import type { ZObject } from 'zapier-platform-core';

/**
 * Base URLs. Production code talks HTTPS to the real hosts; the `*_BASE_URL` variables
 * (contract §4) point a connector at the sandbox for tests, `npm start` and `zapier-platform invoke`.
 */
export function baseUrl(envVar: string, production: string): string {
  const override = process.env[envVar];
  return (override && override.trim() ? override.trim() : production).replace(/\/+$/, '');
}

/**
 * Encodes one path segment so that an id such as `../admin` or `a/b` cannot change the path it is
 * put in; an empty one is refused before any request, naming the field.
 */
export function segment(z: ZObject, value: unknown, field: string): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!text) {
    throw new z.errors.Error(`${field} is required: choose one from the list or map a value.`, 'invalid_input', 400);
  }
  if (text === '.' || text === '..') {
    throw new z.errors.Error(`${field} "${text}" is not a valid ID.`, 'invalid_input', 400);
  }
  return encodeURIComponent(text);
}

/** An input as trimmed text; undefined when missing or blank, so a body or PATCH leaves the field out. */
export function clean(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
