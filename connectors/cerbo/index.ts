import { defineApp } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { checkOverride, schemasOf } from '../../kit';
import { appFrom } from '../../kit/zapier';
import { operations } from './operations';

checkOverride('CERBO_BASE_URL');

export default defineApp(
  appFrom(operations, {
    version: packageJson.version,
    authentication,
    // Cerbo allows 60 requests a minute per API user (one connection); a create may cost two (it looks
    // for the same record first), so Zapier queues actions past 30 a minute rather than meet a 429.
    throttle: { window: 60, limit: 30, scope: ['auth'] },
  }),
);

/** What each operation returns, keyed by its path in the app (`creates.create_patient`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf(operations);
