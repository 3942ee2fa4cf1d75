/**
 * `zapier-platform validate --without-style` for every connector: Zapier's schema validation, run
 * locally (the style checks need Zapier's servers; test/publishing covers them offline).
 */
import { spawnSync } from 'node:child_process';
import { CONNECTORS, connectorDir, toolEnv } from './connectors';

let failed = 0;
for (const name of CONNECTORS) {
  const result = spawnSync('zapier-platform', ['validate', '--without-style'], {
    cwd: connectorDir(name),
    env: toolEnv({ CI: 'true' }),
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  const ok = result.status === 0 && /structurally sound/.test(output);
  console.log(`${ok ? 'ok  ' : 'FAIL'} validate connectors/${name}`);
  if (!ok) {
    failed += 1;
    console.log(output);
  }
}
process.exit(failed ? 1 : 0);
