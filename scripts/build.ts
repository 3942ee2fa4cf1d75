/** Bundles every connector (index.ts + kit) into connectors/<name>/dist/index.js with its `_zapier-build` script. */
import { execFileSync } from 'node:child_process';
import { CONNECTORS, connectorDir, toolEnv } from './connectors';

for (const name of CONNECTORS) {
  execFileSync('npm', ['run', '--silent', '_zapier-build'], { cwd: connectorDir(name), env: toolEnv(), stdio: 'inherit' });
  console.log(`built connectors/${name}/dist/index.js`);
}
