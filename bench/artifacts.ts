/**
 * What the bench measures: each connector's build.zip (built with Zapier's CLI, as for upload) and
 * the zip of a bare app generated from Zapier's own `minimal` template, each unzipped into an empty
 * folder outside the repository so that it loads only what the zip holds.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTORS, connectorDir, toolEnv, type ConnectorName } from '../scripts/connectors';

export const OUT = path.join(__dirname, 'out');
export type AppName = ConnectorName | 'bare';

export interface Artifact {
  name: AppName;
  zip: string;
  /** Unzipped, outside the repository. */
  dir: string;
  zipBytes: number;
  /** Total uncompressed size of the zip's files. */
  unzippedBytes: number;
  /** Largest files of the app's own code (not node_modules), uncompressed. */
  ownFiles: { file: string; bytes: number }[];
  /** What the app's esbuild bundle (dist/index.js) is made of, in bytes, from esbuild's `// <source path>` markers. */
  bundle?: Record<'zod' | 'kit' | 'connector' | 'other', number>;
}

/** Splits an esbuild bundle by the source each part comes from: zod, the shared kit, the connector. */
function bundleComposition(file: string): Artifact['bundle'] {
  if (!existsSync(file)) return undefined;
  const composition = { zod: 0, kit: 0, connector: 0, other: 0 };
  for (const part of readFileSync(file, 'utf8').split(/\n(?=\/\/ \S+\.(?:js|mjs|cjs|ts|json)\n)/)) {
    const source = /^\/\/ (\S+)\n/.exec(part)?.[1] ?? '';
    const kind = source.includes('node_modules/zod/') ? 'zod' : /(^|\/)kit\//.test(source) ? 'kit' : source && !source.includes('node_modules/') ? 'connector' : 'other';
    composition[kind] += Buffer.byteLength(part);
  }
  return composition;
}

/** The trivial trigger added to the bare app: the one request the connector's trigger makes, nothing else. */
const BARE_TRIGGER = `
const ping = {
  key: 'ping',
  noun: 'Item',
  display: { label: 'New Item', description: 'Triggers when an item is listed.' },
  operation: {
    perform: async (z, bundle) => {
      const response = await z.request({ url: bundle.inputData.url, headers: bundle.inputData.headers });
      const body = response.data;
      return Array.isArray(body) ? body : body.data;
    },
    sample: { id: 1 },
  },
};
`;

const env = () => {
  const base = toolEnv({ CI: 'true' });
  for (const name of ['SEREBRO_BASE_URL', 'SERGIO_BASE_URL', 'CERBO_BASE_URL']) delete base[name];
  return base;
};

function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, env: env(), stdio: 'pipe' });
  } catch (error) {
    const err = error as { message: string; stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** Zapier's CLI builds the zip: `_zapier-build` (esbuild), a fresh `npm install --production`, the zip. */
export function buildConnector(name: ConnectorName, build: boolean): string {
  const dir = connectorDir(name);
  if (build) run('zapier-platform', ['build', '--skip-validation'], dir);
  const zip = path.join(OUT, 'zips', `${name}.zip`);
  mkdirSync(path.dirname(zip), { recursive: true });
  // Copied at once: another build in the connector's folder must not change what is measured.
  copyFileSync(path.join(dir, 'build', 'build.zip'), zip);
  return zip;
}

/**
 * `zapier-platform init --template minimal --module commonjs` (both flags given, so it asks nothing)
 * in a temporary folder, plus one trigger; built by the same CLI command as the connectors.
 */
export function buildBareTemplate(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'bench-template-'));
  const dir = path.join(parent, 'bare');
  try {
    run('zapier-platform', ['init', dir, '--template', 'minimal', '--module', 'commonjs'], parent);
    const indexPath = path.join(dir, 'index.js');
    const index = readFileSync(indexPath, 'utf8');
    if (!/triggers: \{\}/.test(index)) throw new Error(`Zapier's minimal template changed: no "triggers: {}" in ${indexPath}`);
    writeFileSync(indexPath, BARE_TRIGGER + index.replace(/triggers: \{\}/, 'triggers: { [ping.key]: ping }'));
    // The same build setting the connectors carry: core's dependencies load require.mjs files that
    // esbuild's file tracing misses, and without them the zip fails Zapier's own "Testing build" step.
    copyFileSync(path.join(connectorDir('sergio'), '.zapierapprc'), path.join(dir, '.zapierapprc'));
    // The CLI refuses to build without a local zapier-platform-core.
    run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], dir);
    run('zapier-platform', ['build', '--skip-validation'], dir);
    const zip = path.join(OUT, 'zips', 'bare.zip');
    mkdirSync(path.dirname(zip), { recursive: true });
    copyFileSync(path.join(dir, 'build', 'build.zip'), zip);
    return zip;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

interface ZipEntry {
  file: string;
  bytes: number;
}

function listZip(zip: string): ZipEntry[] {
  const listing = execFileSync('unzip', ['-Z', '-l', zip], { encoding: 'utf8' });
  const entries: ZipEntry[] = [];
  for (const line of listing.split('\n')) {
    // -rw-r--r--  2.0 unx     1234 b- 567 defN 24-Nov-25 06:06 path/to/file
    const match = /^[-dlrwx]{10}\s+\S+\s+\S+\s+(\d+)\s+\S+\s+\d+\s+\S+\s+\S+\s+\S+\s+(.+)$/.exec(line);
    if (match) entries.push({ file: match[2], bytes: Number(match[1]) });
  }
  return entries;
}

export function unpack(name: AppName, zip: string): Artifact {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const entries = listZip(zip);
  const ownFiles = entries
    .filter((entry) => !entry.file.startsWith('node_modules/') && !entry.file.endsWith('/'))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return {
    name,
    zip,
    dir,
    zipBytes: statSync(zip).size,
    unzippedBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    ownFiles,
    bundle: bundleComposition(path.join(dir, 'dist', 'index.js')),
  };
}

/** The bare app and every connector that builds; a connector that does not build is reported, not fatal. */
export function prepareArtifacts(
  build: boolean,
  log: (line: string) => void,
): { artifacts: Partial<Record<AppName, Artifact>> & { bare: Artifact }; failed: { connector: ConnectorName; reason: string }[] } {
  const bareZip = path.join(OUT, 'zips', 'bare.zip');
  const reuseBare = !build && existsSync(bareZip);
  log(reuseBare ? `reusing ${path.relative(process.cwd(), bareZip)}` : 'building the bare app from zapier-platform init --template minimal');
  const artifacts: Partial<Record<AppName, Artifact>> & { bare: Artifact } = { bare: unpack('bare', reuseBare ? bareZip : buildBareTemplate()) };
  const failed: { connector: ConnectorName; reason: string }[] = [];
  for (const name of CONNECTORS) {
    log(`${build ? 'building' : 'reusing'} connectors/${name}/build/build.zip`);
    try {
      artifacts[name] = unpack(name, buildConnector(name, build));
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ');
      log(`connectors/${name} did not build: ${reason}`);
      failed.push({ connector: name, reason: `its build failed: ${reason}` });
    }
  }
  return { artifacts, failed };
}

export function removeArtifacts(artifacts: Partial<Record<AppName, Artifact>>): void {
  for (const artifact of Object.values(artifacts)) if (artifact) rmSync(artifact.dir, { recursive: true, force: true });
}
