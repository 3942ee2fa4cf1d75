import { defineApp } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { checkOverride, schemasOf } from '../../kit';
import { appFrom } from '../../kit/zapier';
import { operations } from './operations';

checkOverride('SERGIO_BASE_URL');

export default defineApp(
  appFrom(operations, {
    version: packageJson.version,
    authentication,
  }),
);

/** What each operation returns, keyed by its path in the app (`creates.create_job`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf(operations);
