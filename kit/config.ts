import type { ZObject } from 'zapier-platform-core';
import { stepOf } from './step';

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

/** Throws (at app load) when an environment override is set to something `overrideProblem` refuses. */
export function checkOverride(envVar: string): void {
  const override = process.env[envVar]?.trim();
  const problem = override ? overrideProblem(override) : undefined;
  if (problem) throw new Error(`${envVar} cannot be used: ${problem}. Leave it unset to use the production API.`);
}

/**
 * A base URL. Production hosts are fixed by each connector and talk HTTPS; an override (docs/apis.md §4)
 * points a connector at the sandbox: on Zapier an environment variable such as `SEREBRO_BASE_URL` (for tests,
 * `npm start` and `zapier-platform invoke`), in n8n the credential's Base URL field. The step's runtime says
 * which; an override `overrideProblem` refuses stops the step.
 */
export function baseUrl(z: ZObject, name: string, production: string): string {
  const override = stepOf(z).runtime.override(name)?.trim();
  const problem = override ? overrideProblem(override) : undefined;
  if (problem) throw new z.errors.Error(`${name} cannot be used: ${problem}. Leave it unset to use the production API.`, 'invalid_base_url', 400);
  return (override || production).replace(/\/+$/, '');
}
