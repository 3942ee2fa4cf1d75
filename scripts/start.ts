/**
 * `npm start`: proves, on a fresh machine and without any account, that the three connectors do
 * their job. It starts the sandbox twin of the three APIs on a free loopback port, connects each
 * connector through its real authentication, runs realistic Zaps through zapier-platform-core as
 * Zapier would, and prints a transcript and a summary. `npm start -- --json` prints the same as JSON.
 * Exits non-zero when any step failed.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { DemoContext, RequestCounter, runSections } from './zaps/harness';
import { HookReceiver } from './zaps/receiver';
import { CONNECTORS, SERVICE_NAMES, type ConnectorName } from './connectors';
import { loadApp } from './definition';
import { ConnectorRuntime } from './zaps/runtime';
import {
  liveTranscript,
  Progress,
  Redactor,
  summarise,
  summaryLines,
  type Connection,
  type DemoReport,
} from './zaps/transcript';
import { plan } from './zaps/zaps';

export interface DemoOptions {
  /** Print the report as JSON only (no transcript, no progress). */
  json?: boolean;
  /** Where output goes; standard output by default. */
  write?: (text: string) => void;
  /** Spinner and colours; by default when standard output is a terminal and CI is not set. */
  interactive?: boolean;
  /** A sandbox to use instead of starting one (it must auto-approve OAuth consent). */
  sandbox?: Sandbox;
}

export interface DemoResult {
  ok: boolean;
  report: DemoReport;
  /** Everything printed. */
  output: string;
  /** The credentials and tokens the run used (never printed), so a test can look for them. */
  secrets: string[];
  /** How many secrets the printer had to blank out: 0 unless a message carried one. */
  redactions: number;
}

const AUTH_KIND: Record<string, string> = {
  oauth2: 'OAuth 2.0 (authorization code, auto-refresh)',
  custom: 'API key',
  basic: 'HTTP Basic',
  session: 'session',
};

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const chunks: string[] = [];
  const sink = options.write ?? ((text: string) => process.stdout.write(text));
  const interactive = !options.json && (options.interactive ?? (Boolean(process.stdout.isTTY) && !process.env.CI));
  const style = { color: interactive && !process.env.NO_COLOR };

  const sandbox =
    options.sandbox ?? (await startSandbox({ port: 0, autoApprove: true, webhookRetryBaseMs: 250, workflowStepMs: 150 }));
  const previousEnv = Object.fromEntries(Object.keys(sandbox.env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, sandbox.env);

  const receiver = await new HookReceiver().start();
  const counter = new RequestCounter(sandbox);
  const runtimes = Object.fromEntries(
    CONNECTORS.map((name) => [name, new ConnectorRuntime(name, loadApp(name))]),
  ) as Record<ConnectorName, ConnectorRuntime>;
  const context = new DemoContext(sandbox, receiver, counter, runtimes);
  for (const handle of Object.values(sandbox.services)) rememberCredentials(context.secrets, handle.credentials);
  if (sandbox.env.CLIENT_SECRET) context.secrets.add(sandbox.env.CLIENT_SECRET);

  const redactor = new Redactor(() => context.secrets);
  const emit = (text: string) => {
    const clean = redactor.clean(text);
    chunks.push(clean);
    sink(clean);
  };
  const print = (line = '') => {
    if (!options.json) emit(`${line}\n`);
  };
  const progress = new Progress((text) => sink(text), interactive);

  try {
    print(`Serebro AI, Sergio and Cerbo connectors running real Zaps against the local sandbox at ${sandbox.url}`);
    print('(zapier-platform-core runs each step as Zapier would; the transcript shows no credential or token.)');
    const transcript = liveTranscript(print, progress, style);
    const steps = await runSections(context, plan(context), transcript.onStart, transcript.onDone);
    progress.stop();

    const connections: Connection[] = (Object.keys(runtimes) as ConnectorName[]).map((name) => ({
      connector: name,
      service: SERVICE_NAMES[name],
      auth: AUTH_KIND[runtimes[name].app.authentication?.type ?? ''] ?? 'none',
      label: context.labels[name] ?? null,
    }));
    const { summary, totals } = summarise(steps);
    const report: DemoReport = {
      ok: steps.length > 0 && totals.failed === 0 && totals.skipped === 0,
      sandbox: sandbox.url,
      connections,
      steps,
      summary,
      totals,
      requestsByService: { ...counter.byService },
    };
    if (options.json) {
      emit(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const line of summaryLines(report, style)) print(line);
    }
    return { ok: report.ok, report, output: chunks.join(''), secrets: [...context.secrets], redactions: redactor.replaced };
  } finally {
    progress.stop();
    counter.stop();
    await receiver.close();
    if (!options.sandbox) await sandbox.close();
    for (const [key, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Every secret-looking string among the sandbox's seeded credentials. */
function rememberCredentials(secrets: Set<string>, node: unknown, key = ''): void {
  if (typeof node === 'string') {
    if (node.length >= 6 && /secret|password|token|key/i.test(key) && !/public|id$/i.test(key)) secrets.add(node);
  } else if (Array.isArray(node)) {
    for (const item of node) rememberCredentials(secrets, item, key);
  } else if (node && typeof node === 'object') {
    for (const [childKey, child] of Object.entries(node)) rememberCredentials(secrets, child, childKey);
  }
}

const USAGE = `Usage: npm start [-- --json]

Runs the Serebro AI, Sergio and Cerbo connectors end to end against the embedded sandbox.
  --json   print the report as JSON only
  --help   show this text`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}.\n\n${USAGE}`);
    return 2;
  }
  const result = await runDemo({ json: argv.includes('--json') });
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  // `npm start | head` closes the pipe early: stop quietly rather than crash on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`npm start failed before it could finish: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
