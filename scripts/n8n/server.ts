/**
 * A real n8n server on this machine's loopback: its own user folder in the cache, free ports, nothing sent home,
 * and a database that starts empty on every run without paying for n8n's migrations again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { N8nInstall } from './install';

/** A port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** n8n's user folder (N8N_USER_FOLDER): n8n keeps everything under `<home>/.n8n`. */
export interface N8nHome {
  home: string;
  /** `<home>/.n8n`: the database, the encryption key (`config`), community packages (`nodes/`). */
  dotN8n: string;
  database: string;
  /** The database as n8n's migrations leave it, before any account exists: every run starts from a copy. */
  template: string;
  /** Where n8n's output goes (it is long, and useful only when something fails). */
  log: string;
}

export function homeIn(cacheRoot: string, version: string): N8nHome {
  const home = path.join(cacheRoot, `n8n-${version}-home`);
  const dotN8n = path.join(home, '.n8n');
  return {
    home,
    dotN8n,
    database: path.join(dotN8n, 'database.sqlite'),
    template: path.join(home, 'database.template.sqlite'),
    log: path.join(home, 'n8n.log'),
  };
}

/**
 * The environment n8n runs with: loopback only, the given ports, cookies over plain http, and nothing that calls
 * n8n's own servers (telemetry, version checks, templates) or asks the owner questions (personalisation).
 */
export function n8nEnvironment(home: N8nHome, ports: { http: number; broker: number }, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const origin = `http://127.0.0.1:${ports.http}`;
  return {
    PATH: base.PATH,
    HOME: base.HOME,
    LANG: base.LANG,
    TZ: 'UTC',
    N8N_USER_FOLDER: home.home,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_PORT: String(ports.http),
    N8N_EDITOR_BASE_URL: `${origin}/`,
    N8N_WEBHOOK_URL: `${origin}/`,
    N8N_RUNNERS_BROKER_PORT: String(ports.broker),
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    N8N_SECURE_COOKIE: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
    N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
    N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
    NODE_ENV: 'production',
  };
}

export class N8nServer {
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly home: N8nHome,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((this.exitCode = code ?? (signal ? -1 : null)))));
  }

  /**
   * Starts n8n and waits until its REST API answers. n8n runs in a process group of its own (with its task
   * runner), so that stopping it stops both.
   */
  static async start(install: N8nInstall, home: N8nHome, timeoutMs: number): Promise<N8nServer> {
    mkdirSync(home.dotN8n, { recursive: true, mode: 0o700 });
    const ports = { http: await freePort(), broker: await freePort() };
    const log = openSync(home.log, 'w');
    const child = spawn(install.node, [install.n8n, 'start'], {
      cwd: home.home,
      env: n8nEnvironment(home, ports),
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const server = new N8nServer(child, `http://127.0.0.1:${ports.http}`, home);
    await server.ready(timeoutMs);
    return server;
  }

  /**
   * Waits for n8n's readiness check, which passes once its database is migrated (its HTTP server answers
   * earlier), then for its REST API.
   */
  private async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const answers = async (path: string) => {
      try {
        const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        return response.ok;
      } catch {
        return false;
      }
    };
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`n8n exited (code ${String(this.exitCode)}) before it was ready; see ${this.home.log}`);
      if ((await answers('/healthz/readiness')) && (await answers('/rest/settings'))) return;
      await sleep(500);
    }
    await this.stop();
    throw new Error(`n8n was not ready within ${Math.round(timeoutMs / 1000)} s; see ${this.home.log}`);
  }

  /**
   * Stops n8n: SIGTERM to its process group, SIGKILL after 20 s. How it exits is not a result (its CLI has been
   * seen to crash on the way out): every outcome was read from its API before.
   */
  async stop(): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    const group = -this.child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const stopped = await Promise.race([this.exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([this.exited, sleep(5_000)]);
    }
  }
}

/** SQLite's companion files: the write-ahead log holds committed pages not yet in the database file. */
const sqliteFiles = (database: string) => [database, `${database}-wal`, `${database}-shm`, `${database}-journal`];

/** Copies a stopped database with its write-ahead log, if it has one, to `to` (and `to`-wal). */
function copyDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal']) {
    rmSync(`${to}${suffix}`, { force: true });
    if (existsSync(`${from}${suffix}`)) copyFileSync(`${from}${suffix}`, `${to}${suffix}`);
  }
}

/**
 * Gives n8n a database with no account, workflow, credential or execution in it. The first run lets n8n create
 * and migrate one (25–45 s measured here), stops it, and keeps a copy; every run after starts from that copy, so a
 * run never meets what an earlier one left, at the cost of a file copy.
 */
export async function freshDatabase(install: N8nInstall, home: N8nHome, log: (line: string) => void): Promise<{ migrated: boolean }> {
  for (const file of sqliteFiles(home.database)) rmSync(file, { force: true });
  if (existsSync(home.template)) {
    copyDatabase(home.template, home.database);
    return { migrated: false };
  }
  log("creating n8n's database (its migrations take under a minute here, once)");
  const server = await N8nServer.start(install, home, 10 * 60_000);
  await server.stop();
  if (!existsSync(home.database)) throw new Error(`n8n left no database at ${home.database}; see ${home.log}`);
  // The template's main file is renamed into place last: a template without it is never used.
  copyDatabase(home.database, `${home.template}.partial`);
  if (existsSync(`${home.template}.partial-wal`)) renameSync(`${home.template}.partial-wal`, `${home.template}-wal`);
  else rmSync(`${home.template}-wal`, { force: true });
  renameSync(`${home.template}.partial`, home.template);
  return { migrated: true };
}
