/**
 * The three packages installed into n8n as a self-hosted user installs them: from their tarballs into
 * `~/.n8n/nodes`, where n8n loads community packages from, without their peer dependency. n8n brings its own
 * n8n-workflow; a second copy beside the packages would make their errors strangers to n8n's `instanceof`
 * checks.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { n8nPackages, tarballOf, type N8nPackage } from '../../n8n/build';

const run = promisify(execFile);

export interface InstalledPackages {
  packages: N8nPackage[];
  /** Folders under `nodes/node_modules` after the install: the packages and nothing else. */
  folders: string[];
}

/** Installs the packed tarballs (n8n/out) into `<dotN8n>/nodes`, replacing whatever an earlier run put there. */
export async function installPackages(dotN8n: string): Promise<InstalledPackages> {
  const packages = n8nPackages();
  const missing = packages.map(tarballOf).filter((tarball) => !existsSync(tarball));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: build the packages first (tsx n8n/build.ts)`);
  const nodes = path.join(dotN8n, 'nodes');
  rmSync(nodes, { recursive: true, force: true });
  mkdirSync(nodes, { recursive: true });
  writeFileSync(
    path.join(nodes, 'package.json'),
    `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${tarballOf(pkg)}`])) }, null, 2)}\n`,
  );
  // --omit=peer keeps n8n-workflow out; --offline because the tarballs hold everything (no dependencies).
  await run('npm', ['install', '--omit=peer', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: nodes,
    timeout: 120_000,
  });
  const folders = listPackages(path.join(nodes, 'node_modules'));
  const extra = folders.filter((folder) => !packages.some((pkg) => pkg.name === folder));
  if (extra.length) throw new Error(`installing the packages also installed ${extra.join(', ')}: n8n must keep its own n8n-workflow alone`);
  return { packages, folders };
}

/** Package folders in a node_modules (scoped ones as `@scope/name`), without npm's own files. */
function listPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(path.join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name]))
    .sort();
}
