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

/** Runs one of the app's functions as Zapier would, with a partial bundle. */
export function run<T = unknown>(fn: unknown, bundle: Record<string, unknown> = {}): Promise<T> {
  return appTester(fn as (z: ZObject, bundle: Bundle) => unknown, bundle as never) as Promise<T>;
}

type HookFunction = 'perform' | 'performList' | 'performSubscribe' | 'performUnsubscribe';

/** A REST-hook trigger's functions. */
export function hookOf(key: keyof typeof App.triggers): Record<HookFunction, unknown> {
  return App.triggers[key].operation as unknown as Record<HookFunction, unknown>;
}

/** A polling (dropdown) trigger's perform. */
export function performOf(key: keyof typeof App.triggers): unknown {
  return (App.triggers[key].operation as { perform: unknown }).perform;
}

/**
 * Empties core's in-memory stand-in for Zapier's cache (`z.cache`), which lives as long as the app
 * tester: a test that counts requests starts from a cold cache.
 */
export function clearCache(): void {
  (appTester as unknown as { zcacheTestObj: Record<string, unknown> }).zcacheTestObj = {};
}
