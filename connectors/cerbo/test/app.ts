import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import type app from '../index';

/**
 * The app from its TypeScript source: Jest would resolve `../index` to index.js, which loads the
 * built bundle in dist/ (possibly stale), and the tests are about the source.
 */
const definition = (require('../index.ts') as { default: typeof app }).default;

type Perform = (z: ZObject, bundle: Bundle) => unknown;
interface Operations {
  [key: string]: { key: string; operation: { perform: Perform; sample: unknown } };
}

/** The definition as the tests use it: every operation's `perform` callable, whatever its kind. */
export const App = definition as unknown as {
  authentication: { test: Perform; connectionLabel: Perform; fields: Array<{ key: string; helpText?: string }> };
  triggers: Operations;
  creates: Operations;
  searches: Operations;
  searchOrCreates: Record<string, { search: string; create: string }>;
};

const tester = zapier.createAppTester(definition);

/** Runs one of the app's functions as Zapier would. */
export function appTester<T = unknown>(fn: Perform, bundle: Bundle): Promise<T> {
  return tester(fn, bundle as never) as Promise<T>;
}

/** The production host of the test practice (CERBO_BASE_URL unset). */
export const ORIGIN = 'https://acme.md-hq.com';

export const AUTH = { subdomain: 'acme', username: 'pk_zapier', password: 'sk_unit_secret_value' };

/** Basic header the connector must send for AUTH. */
export const BASIC = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`;

export function bundleOf(inputData: Record<string, unknown> = {}, extra: Partial<Bundle> = {}): Bundle {
  return {
    authData: { ...AUTH },
    inputData,
    meta: { timezone: 'America/New_York', isLoadingSample: false, isFillingDynamicDropdown: false, isTestingAuth: false, isPopulatingDedupe: false, limit: -1, page: 0, isBulkRead: false },
    ...extra,
  } as unknown as Bundle;
}

export { failure, type Failure } from '../../../kit/test/failure';
