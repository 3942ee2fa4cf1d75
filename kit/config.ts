import type { ZObject } from 'zapier-platform-core';
import { invalidInput } from './errors';

/** Hosts a plain-`http` override may name: this machine only (the sandbox). */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why an override of a production base URL cannot be used, or undefined when it can: it must be an
 * absolute `https://` URL, or `http://` to a loopback address (the local sandbox), without credentials,
 * query or fragment. A `{placeholder}` (a per-account `{subdomain}`) is allowed in it.
 */
export function overrideProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.replace(/\{[a-z]+\}/g, 'x'));
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.username || url.password) return 'it holds a user name or password';
  if (url.search || url.hash) return 'it holds a query string or fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  return url.protocol === 'http:' ? 'plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1])' : `the scheme ${url.protocol} is not https`;
}

/** Throws (at app load, and again per call) when an override is set to something `overrideProblem` refuses. */
export function checkOverride(envVar: string): void {
  const override = process.env[envVar]?.trim();
  const problem = override ? overrideProblem(override) : undefined;
  if (problem) throw new Error(`${envVar} cannot be used: ${problem}. Leave it unset to use the production API.`);
}

/**
 * Base URLs. Production hosts are fixed here and talk HTTPS; the `*_BASE_URL` variables (docs/apis.md §4)
 * point a connector at the sandbox for tests, `npm start` and `zapier-platform invoke`.
 */
export function baseUrl(envVar: string, production: string): string {
  checkOverride(envVar);
  const override = process.env[envVar]?.trim();
  return (override || production).replace(/\/+$/, '');
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

/** An input as trimmed text; undefined when missing or blank, so a body or PATCH leaves the field out. */
export function clean(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
