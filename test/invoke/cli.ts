/**
 * `zapier-platform invoke` as a developer runs it from the README: in a checkout of one connector with
 * a built dist/ and its own `.env`, on the project's Node 22, without prompts. Never more than two
 * CLI processes at once per test file (the machine has two cores; Jest runs two such files side by side,
 * each in its own worker, and most steps wait for one invocation at a time), and none outlives its time
 * limit. Each checkout is its own temporary folder, and each file's sandbox listens on a free port.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import { ROOT, connectorDir, toolEnv, type ConnectorName } from '../../scripts/connectors';

/** A connector's `schemas` (index.ts, from each operation's `schema`): what each trigger, create and search returns. */
export type OperationSchemas = Record<string, core.$ZodType>;

/** An invocation takes 2 to 4 s on this machine; a hung one is killed after this, its output kept. */
const TIME_LIMIT_MS = 60_000;
/** Per process, i.e. per test file: this counter is not shared between Jest's workers. */
const MAX_RUNNING = 2;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` once fewer than MAX_RUNNING CLI processes run, in the order asked. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  while (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** A developer's shell: the project's Node 22 first on PATH, no analytics, no update check. */
function developerEnv(): NodeJS.ProcessEnv {
  const env = toolEnv({ DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1' });
  // Jest sets NODE_ENV=test, which switches zapier-platform-core into its own test mode.
  delete env.NODE_ENV;
  // Auth data comes from the copy's .env only, as the README has it.
  for (const key of Object.keys(env)) if (key.startsWith('authData_')) delete env[key];
  return env;
}

function runCli(dir: string, args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn('zapier-platform', args, { cwd: dir, env: developerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIME_LIMIT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}\n${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/**
 * A checkout of one connector as a developer has it, in a temporary folder: package.json, index.js and
 * .zapierapprc copied, the project's node_modules linked, index.ts bundled into dist/ with the
 * connector's own `_zapier-build` settings, and `env` as its `.env`. connectors/<name>/ is never
 * written to: a developer's own .env lives there.
 */
export async function connectorCheckout(name: ConnectorName, env: Record<string, string>): Promise<string> {
  const source = connectorDir(name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-cli-`));
  for (const file of ['package.json', 'index.js', '.zapierapprc']) fs.copyFileSync(path.join(source, file), path.join(dir, file));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await build({
    entryPoints: [path.join(source, 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['zapier-platform-core'],
    outfile: path.join(dir, 'dist', 'index.js'),
    logLevel: 'silent',
  });
  fs.writeFileSync(path.join(dir, '.env'), Object.entries(env).map(([key, value]) => `${key}=${value}\n`).join(''));
  return dir;
}

/** The command as a developer would type it, for failure messages. */
function commandLine(args: string[]): string {
  return ['zapier-platform', ...args].map((arg) => (/^[\w./:-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ');
}

/** One connector checked out in a temporary folder, with the `.env` lines given. */
export class ConnectorCli {
  /** What ran and printed a result: `auth test`, `trigger workflows`, `create create_contact`, … */
  readonly invoked = new Set<string>();

  private constructor(
    readonly name: ConnectorName,
    readonly dir: string,
    private readonly schemas: OperationSchemas,
  ) {}

  static async checkout(name: ConnectorName, env: Record<string, string>, schemas: OperationSchemas): Promise<ConnectorCli> {
    return new ConnectorCli(name, await connectorCheckout(name, env), schemas);
  }

  /**
   * `zapier-platform invoke <operation> [--inputData <json>] --non-interactive [flags]`, e.g.
   * `invoke('create create_contact', { email })`: the JSON result it prints on stdout, or a failure
   * naming the command with everything it printed. A trigger's or search's items and a create's record
   * must parse against the operation's schema, the one its sample and output fields come from.
   */
  async invoke<T>(operation: string, inputData?: Record<string, unknown>, flags: string[] = []): Promise<T> {
    const args = ['invoke', ...operation.split(' ')];
    if (inputData) args.push('--inputData', JSON.stringify(inputData));
    args.push('--non-interactive', ...flags);
    const finished = await inTurn(() => runCli(this.dir, args));
    const printed = `stdout:\n${finished.stdout}\nstderr:\n${finished.stderr}`;
    if (finished.timedOut) throw new Error(`${commandLine(args)} (in ${this.dir}) was killed after ${TIME_LIMIT_MS / 1000} s.\n${printed}`);
    if (finished.code !== 0) throw new Error(`${commandLine(args)} (in ${this.dir}) exited with code ${String(finished.code)}.\n${printed}`);
    let result: T;
    try {
      result = JSON.parse(finished.stdout) as T;
    } catch {
      throw new Error(`${commandLine(args)} (in ${this.dir}) printed no JSON result.\n${printed}`);
    }
    const issues = this.issuesOf(operation, result);
    if (issues.length) {
      const shown = [...issues.slice(0, 10), ...(issues.length > 10 ? [`… and ${issues.length - 10} more`] : [])];
      throw new Error(`${commandLine(args)} (in ${this.dir}) printed a result its schema refuses:\n${shown.join('\n')}\n${printed}`);
    }
    this.invoked.add(operation);
    return result;
  }

  private issuesOf(operation: string, result: unknown): string[] {
    const [type, key] = operation.split(' ');
    if (type === 'auth') return [];
    const schemaKey = `${type === 'search' ? 'searches' : `${type}s`}.${key}`;
    const schema = this.schemas[schemaKey];
    if (!schema) return [`connectors/${this.name}: ${schemaKey} exports no schema`];
    const checked = type === 'create' ? schema : z.array(schema);
    const parsed = z.safeParse(checked, result);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
