import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import type app from '../index';

/**
 * The app from its TypeScript source: Jest would resolve `../index` to index.js, which loads the
 * built bundle in dist/ (possibly stale), and the tests are about the source.
 */
export const App = (require('../index.ts') as { default: typeof app }).default;
import type authenticationSource from '../src/authentication';

/** The app's authentication as assembled (behind the kit's guard), typed as its source. */
export const authentication = App.authentication as unknown as typeof authenticationSource;

export const appTester = zapier.createAppTester(App);

export const API = 'https://api.sergio.app';
export const LIVE_KEY = 'sk_live_4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99';
export const authData = { api_key: LIVE_KEY };

/** Runs one of the app's functions as Zapier would, with a partial bundle (authData defaults to a live key). */
export function run<T = unknown>(fn: unknown, bundle: Record<string, unknown> = {}): Promise<T> {
  return appTester(fn as (z: ZObject, bundle: Bundle) => unknown, { authData, ...bundle } as never) as Promise<T>;
}

type HookFunction = 'perform' | 'performList' | 'performSubscribe' | 'performUnsubscribe';

/** A REST-hook trigger's functions. */
export function hookOf(key: keyof typeof App.triggers): Record<HookFunction, unknown> {
  return App.triggers[key].operation as unknown as Record<HookFunction, unknown>;
}

type Handler = (event: Record<string, unknown>) => Promise<{ results: unknown }>;
// Exported at run time but missing from core 19.1's type declarations.
const { createAppHandler } = zapier as unknown as { createAppHandler: (app: unknown) => Handler };

/**
 * A paginated dropdown as Zapier runs it: page after page through the app handler with one cursor
 * store (createAppTester has none, so `z.cursor` could not carry the cursor between pages).
 */
export function dropdownPager(triggerKey: keyof typeof App.triggers, auth: Record<string, string> = authData) {
  const handler = createAppHandler(App);
  // Core 19.1's local cursor mock calls `get_cursor` with no key and `set_cursor(cursor)` with the
  // cursor in the key's place (and null as the value); this store reads both as the one cursor of
  // the one store key the handler is given, as Zapier's cursor service does.
  const stored: { cursor: string | null } = { cursor: null };
  const cursors = new Proxy({} as Record<string, unknown>, {
    get: (_target, key) => (key === 'undefined' ? stored.cursor : undefined),
    set: (_target, key) => {
      stored.cursor = String(key);
      return true;
    },
  });
  return async <T>(page: number): Promise<T[]> => {
    const response = await handler({
      command: 'execute',
      method: `triggers.${triggerKey}.operation.perform`,
      bundle: { authData: auth, inputData: {}, meta: { page } },
      storeKey: `sergio:${triggerKey}`,
      cursorTestObj: cursors,
      zcacheTestObj: {},
    });
    return response.results as T[];
  };
}

export { failure, type Failure } from '../../../kit/test/failure';
