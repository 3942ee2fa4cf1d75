import { defineApp } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { checkOverride, schemasOf } from '../../kit';
import { appFrom } from '../../kit/zapier';
import { operations } from './operations';

checkOverride('SEREBRO_BASE_URL');

export default defineApp(
  appFrom(operations, {
    version: packageJson.version,
    authentication,
    // Serebro allows 100 requests per 10 s per app and Location (one connection); polls and dropdowns share
    // that budget and an action can cost two requests, so Zapier queues actions past 40 per 10 s.
    throttle: { window: 10, limit: 40, scope: ['auth'] },
  }),
);

/** What each operation returns, keyed by its path in the app (`creates.create_contact`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf(operations);
