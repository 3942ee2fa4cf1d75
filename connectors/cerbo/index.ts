import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';

// Placeholder until the connector's own issue lands.
export default defineApp({
  version: packageJson.version,
  platformVersion,
});
