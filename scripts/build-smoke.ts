/**
 * Builds each connector's build.zip with Zapier's CLI, unzips it in an empty folder outside the
 * repository, and runs its auth test through Zapier's entry point in a fresh Node process with the
 * network mocked: proof that the zip is complete and loads standalone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTORS, ROOT, connectorDir, toolEnv, type ConnectorName } from './connectors';

interface SmokeCase {
  origin: string;
  path: string;
  reply: unknown;
  authData: Record<string, string>;
}

const SMOKE: Record<ConnectorName, SmokeCase> = {
  serebro: {
    origin: 'https://api.serebro.ai',
    path: '/v2/me',
    reply: {
      user: { id: 'usr_1', name: 'Ada Admin', email: 'ada@example.com' },
      user_type: 'Location',
      location: { id: 'loc_1', name: 'Downtown Clinic' },
      company: { id: 'cmp_1', name: 'Acme Agency' },
      scopes: ['contacts:read'],
    },
    authData: { access_token: 'smoke-access-token', refresh_token: 'smoke-refresh-token', user_type: 'Location', location_id: 'loc_1' },
  },
  sergio: {
    origin: 'https://api.sergio.app',
    path: '/zapier/v1/me',
    reply: { company: { id: 'co_1', name: 'Sparkle Windows' }, key: { id: 'key_1', label: 'Zapier', scopes: ['jobs:read'] } },
    authData: { api_key: 'sk_test_smoke0000000000000000' },
  },
  cerbo: {
    origin: 'https://demo.md-hq.com',
    path: '/api/v1/users',
    reply: { data: [{ id: 'u1', first_name: 'Ana', last_name: 'Lopez', email: 'ana@example.com', is_provider: true, active: true }], total: 1 },
    authData: { subdomain: 'demo', username: 'pk_smoke', password: 'smoke-secret' },
  },
};

const env = toolEnv({ CI: 'true' });
for (const name of ['SEREBRO_BASE_URL', 'SERGIO_BASE_URL', 'CERBO_BASE_URL']) delete env[name];

let failed = 0;
for (const name of CONNECTORS) {
  const dir = connectorDir(name);
  const unzipped = mkdtempSync(path.join(os.tmpdir(), `zip-${name}-`));
  try {
    execFileSync('zapier-platform', ['build', '--skip-validation'], { cwd: dir, env, stdio: 'pipe' });
    const zip = path.join(dir, 'build', 'build.zip');
    execFileSync('unzip', ['-q', zip, '-d', unzipped]);
    const run = spawnSync(
      process.execPath,
      [path.join(__dirname, 'smoke', 'run-zip.js'), unzipped, require.resolve('nock', { paths: [ROOT] }), JSON.stringify(SMOKE[name])],
      { cwd: unzipped, env, encoding: 'utf8' },
    );
    const ok = run.status === 0;
    const kib = Math.round(statSync(zip).size / 1024);
    // Zapier's handler logs its own lines to stdout; the smoke runner's verdict is the last one.
    const verdict = run.stdout.trim().split('\n').pop();
    console.log(`${ok ? 'ok  ' : 'FAIL'} build.zip connectors/${name} (${kib} KiB): ${verdict}`);
    if (!ok) {
      failed += 1;
      console.log(run.stderr);
    }
  } catch (error) {
    failed += 1;
    const err = error as { message: string; stdout?: Buffer; stderr?: Buffer };
    console.log(`FAIL build.zip connectors/${name}: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  } finally {
    rmSync(unzipped, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
