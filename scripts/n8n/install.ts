/**
 * Where `npm run n8n` keeps the real n8n it runs: a cache folder outside the repository and its node_modules,
 * filled on first use and reused after. n8n 2.40.7 needs Node 24, which comes from the npm registry too, so the
 * project's own Node (20 or 22) is left alone.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The n8n release the connectors are run on (n8n 2.41 does not install from the registry reachable here). */
export const N8N_VERSION = '2.40.7';
/** The Node release n8n runs on: n8n 2.x needs Node 24. */
export const NODE_VERSION = '24.21.0';

/** The project's cache folder: `$XDG_CACHE_HOME/zapier-connectors`, or `~/.cache/zapier-connectors`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), '.cache');
  return path.join(base, 'zapier-connectors');
}

export interface N8nInstall {
  /** The folder holding n8n and Node 24 in its node_modules. */
  dir: string;
  /** Node 24's binary. */
  node: string;
  /** n8n's command-line entry, run with `node`. */
  n8n: string;
}

/** The install of N8N_VERSION in `root`, whether or not it is there yet. */
export const installOf = (root: string): N8nInstall => installIn(path.join(root, `n8n-${N8N_VERSION}`));

const installIn = (dir: string): N8nInstall => ({
  dir,
  node: path.join(dir, 'node_modules', 'node', 'bin', 'node'),
  n8n: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
});

/** The mark an install writes last: a folder without it was never finished and is not used. */
const COMPLETE_MARK = 'install-complete.json';

export const isInstalled = (install: N8nInstall): boolean =>
  existsSync(path.join(install.dir, COMPLETE_MARK)) && existsSync(install.node) && existsSync(install.n8n);

export interface InstallReport {
  install: N8nInstall;
  /** False when an earlier run's install was reused. */
  installed: boolean;
  ms: number;
}

/**
 * Installs n8n and Node 24 into the cache unless a finished install is there. The install runs in a folder of
 * its own (`…partial-<pid>`) that is renamed into place only once complete, so an interrupted install is never
 * mistaken for one: the next run removes what it left and starts again. Install scripts are skipped (n8n's
 * dependencies run hundreds of them), then the two that matter run: sqlite3's native binding and the one
 * that links Node 24's binary.
 */
export async function ensureInstalled(root: string, log: (line: string) => void): Promise<InstallReport> {
  const started = Date.now();
  const install = installOf(root);
  if (isInstalled(install)) return { install, installed: false, ms: Date.now() - started };

  mkdirSync(root, { recursive: true });
  removeUnfinished(root, install);
  const partial = `${install.dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(
    path.join(partial, 'package.json'),
    `${JSON.stringify({ private: true, description: 'n8n for npm run n8n', dependencies: { n8n: N8N_VERSION, node: NODE_VERSION } }, null, 2)}\n`,
  );
  const npm = (args: string[], what: string, timeoutMs: number) => {
    log(what);
    return run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: partial, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  };
  try {
    await npm(['install', '--ignore-scripts'], `installing n8n ${N8N_VERSION} and Node ${NODE_VERSION} into ${install.dir} (5 to 10 minutes and 2.8 GB, once)`, 30 * 60_000);
    await npm(['rebuild', 'sqlite3'], "building sqlite3's native binding for n8n's database", 15 * 60_000);
    await npm(['rebuild', 'node'], `linking Node ${NODE_VERSION}'s binary`, 10 * 60_000);
    const partialInstall = installIn(partial);
    const { stdout } = await run(partialInstall.node, ['--version'], { timeout: 60_000 });
    if (stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`the installed Node answered ${stdout.trim()}, not v${NODE_VERSION}`);
    if (!existsSync(partialInstall.n8n)) throw new Error(`n8n's entry ${partialInstall.n8n} is missing after the install`);
    writeFileSync(path.join(partial, COMPLETE_MARK), `${JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, at: new Date().toISOString() })}\n`);
    renameSync(partial, install.dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another run on this machine finished the same install first: use it.
    if (isInstalled(install)) return { install, installed: false, ms: Date.now() - started };
    throw new Error(`installing n8n into ${root} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (!isInstalled(install)) throw new Error(`n8n's install in ${install.dir} is incomplete after installing it`);
  return { install, installed: true, ms: Date.now() - started };
}

/** Removes what an interrupted install left: its partial folders, and an install folder without its mark. */
function removeUnfinished(root: string, install: N8nInstall): void {
  const prefix = `${path.basename(install.dir)}.partial-`;
  for (const name of readdirSync(root)) {
    if (name.startsWith(prefix) && !isRunning(Number(name.slice(prefix.length)))) rmSync(path.join(root, name), { recursive: true, force: true });
  }
  if (existsSync(install.dir) && !isInstalled(install)) rmSync(install.dir, { recursive: true, force: true });
}

/** Whether a process of this id is alive: a partial folder of a run still installing is left alone. */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What the finished install recorded, to say which versions run. */
export function installedVersions(install: N8nInstall): { n8n: string; node: string } {
  return JSON.parse(readFileSync(path.join(install.dir, COMPLETE_MARK), 'utf8')) as { n8n: string; node: string };
}
