/**
 * `npm run n8n`: the connectors' n8n packages in a real n8n, end to end. It builds the packages, starts the
 * sandbox and n8n 2.40.7 (installed on first use into the cache), installs the packages as community packages,
 * sets up the owner, creates the credentials (Serebro AI's through n8n's own OAuth flow), imports the five Zaps of
 * `npm start` as workflows, starts each as n8n does and reads every outcome back from n8n's executions.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type Sandbox } from '../../sandbox';
import { ROOT, SERVICE_NAMES, type ConnectorName } from '../connectors';
import { RequestCounter, runSections, type SectionPlan, type StepPlan, type StepRecord } from '../zaps/harness';
import { liveTranscript, Progress, Redactor, summarise, summaryLines } from '../zaps/transcript';
import { N8nContext } from './context';
import { connectOAuth2, sandboxCredentials, saveCredential, testCredential } from './credentials';
import { checkEditor } from './editor';
import { cacheRoot, ensureInstalled, N8N_VERSION, NODE_VERSION, type N8nInstall } from './install';
import { OWNER_EMAIL, newOwnerPassword, writePasswordFile } from './owner';
import { installPackages } from './packages';
import { People } from './people';
import { N8nSession } from './rest';
import { freshDatabase, homeIn, N8nServer } from './server';
import { NODE_TYPES, failingOnPurpose } from './workflows';
import { retryWhile, turnOffSection, zapSections } from './zaps';

const run = promisify(execFile);

export interface N8nRunOptions {
  /** Stop n8n and the sandbox at the end and check the editor in a browser (CI); otherwise leave both running. */
  check: boolean;
  write?: (text: string) => void;
  interactive?: boolean;
}

export interface N8nRunResult {
  ok: boolean;
  steps: StepRecord[];
  output: string;
  /** n8n and the sandbox, still running when the run was not a check. */
  running?: { server: N8nServer; sandbox: Sandbox; passwordFile: string };
}

/** Where the editor screenshot is kept (committed). */
export const EDITOR_SCREENSHOT = path.join(ROOT, 'docs', 'n8n-editor.png');

export async function runN8n(options: N8nRunOptions): Promise<N8nRunResult> {
  const chunks: string[] = [];
  const sink = options.write ?? ((text: string) => process.stdout.write(text));
  const interactive = options.interactive ?? (Boolean(process.stdout.isTTY) && !process.env.CI);
  const style = { color: interactive && !process.env.NO_COLOR };

  const sandbox = await startSandbox({ port: 0, autoApprove: true, webhookRetryBaseMs: 250, workflowStepMs: 150 });
  const people = new People(sandbox);
  const counter = new RequestCounter(sandbox);
  const context = new N8nContext(sandbox, people, counter);
  const root = cacheRoot();
  const home = homeIn(root, N8N_VERSION);
  const passwordFile = path.join(home.home, 'owner-password');
  let install: N8nInstall | undefined;
  let server: N8nServer | undefined;
  let password = '';

  const redactor = new Redactor(() => [...people.secrets, ...(password ? [password] : [])]);
  const print = (line = '') => {
    const clean = redactor.clean(`${line}\n`);
    chunks.push(clean);
    sink(clean);
  };
  const progress = new Progress((text) => sink(text), interactive);
  const n8nStep = (operation: string, stepRun: () => Promise<string>): StepPlan => ({ connector: 'n8n', operation, run: stepRun });

  const setup: SectionPlan = {
    title: `n8n ${N8N_VERSION} on Node ${NODE_VERSION}, on this machine's loopback`,
    short: 'Set up n8n',
    steps: [
      n8nStep('Build · the three packages (n8n/build.ts)', async () => {
        const { stdout } = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'n8n', 'build.ts')], { cwd: ROOT, timeout: 300_000 });
        const built = stdout.split('\n').filter((line) => line.startsWith('built ')).map((line) => path.basename(line.slice(6)));
        return `${built.join(', ')}`;
      }),
      n8nStep(`Install · n8n ${N8N_VERSION} and Node ${NODE_VERSION} into the cache`, async () => {
        const report = await ensureInstalled(root, (line) => {
          progress.clear();
          print(`    … ${line}`);
        });
        install = report.install;
        return report.installed ? `installed into ${install.dir} in ${Math.round(report.ms / 1000)} s` : `reused ${install.dir}`;
      }),
      n8nStep('Install · the packages as community packages, without their peer dependency', async () => {
        const installed = await installPackages(home.dotN8n);
        return `${installed.folders.join(', ')} in ${path.join(home.dotN8n, 'nodes')}; no n8n-workflow beside them (n8n's own is the only one)`;
      }),
      n8nStep('Start · n8n (fresh database, free ports, 127.0.0.1 only)', async () => {
        if (!install) throw new Error('n8n is not installed');
        const started = Date.now();
        const database = await freshDatabase(install, home, (line) => {
          progress.clear();
          print(`    … ${line}`);
        });
        server = await N8nServer.start(install, home, 180_000);
        context.session = new N8nSession(server.url);
        return `${server.url} ready in ${Math.round((Date.now() - started) / 1000)} s (${database.migrated ? "database created and migrated, kept as this machine's template" : 'database copied from the migrated template'}); its log: ${home.log}`;
      }),
      n8nStep('Owner · set up through the REST API, then sign in', async () => {
        password = newOwnerPassword();
        writePasswordFile(passwordFile, password);
        await context.n8n.setUpOwner(OWNER_EMAIL, password);
        return `owner ${OWNER_EMAIL} set up and signed in; the password is in ${passwordFile} (mode 0600)`;
      }),
      n8nStep("Nodes · n8n loaded the packages' nodes", async () => {
        for (const type of Object.values(NODE_TYPES)) {
          // n8n refuses the whole request for a type it does not know: ask for each on its own.
          const known = await context.n8n.call<unknown[]>('POST', '/rest/node-types', { nodeInfos: [{ name: type, version: 1 }] }).catch(() => []);
          if (known.length) context.nodeTypes.add(type);
        }
        const missing = Object.values(NODE_TYPES).filter((type) => !context.nodeTypes.has(type));
        for (const action of [NODE_TYPES.serebro, NODE_TYPES.sergio, NODE_TYPES.cerbo]) {
          if (!context.nodeTypes.has(action)) throw new Error(`n8n did not load ${action}`);
        }
        return `${[...context.nodeTypes].sort().join(', ')}${missing.length ? `; not in these packages: ${missing.join(', ')}` : ''}`;
      }),
    ],
  };

  const credentials = sandboxCredentials(sandbox);
  const connectStep = (connector: ConnectorName, operation: string, connect: (saved: Awaited<ReturnType<typeof saveCredential>>) => Promise<string>): StepPlan => ({
    connector,
    operation,
    run: async () => {
      const saved = await saveCredential(context.n8n, credentials[connector]);
      const how = await connect(saved);
      await testCredential(context.n8n, saved);
      context.credentials[connector] = saved;
      return `credential ${saved.id} "${saved.name}" (${saved.type}) saved${how}; n8n's credential test passed against ${sandbox.url}`;
    },
  });
  const connect: SectionPlan = {
    title: 'Credentials, created in n8n',
    short: 'Credentials',
    independent: true,
    steps: [
      connectStep('serebro', "Credential · OAuth 2.0 code flow run by n8n's server", async (saved) => {
        const callback = await connectOAuth2(context.n8n, saved);
        return `; authorize URL from n8n → consent approved → n8n's ${callback} exchanged the code and keeps the tokens`;
      }),
      connectStep('sergio', 'Credential · API key', async () => ''),
      connectStep('cerbo', 'Credential · HTTP Basic (API user)', async () => ''),
    ],
  };

  const errors: SectionPlan = {
    title: "A node's error as n8n receives it",
    short: 'Errors',
    steps: [
      {
        connector: 'sergio',
        operation: "Check · a failing Create Job arrives as n8n's NodeApiError",
        run: async () => {
          const webhookPath = randomUUID();
          const workflow = await context.importWorkflow(failingOnPurpose(context.credentialRefs(), webhookPath));
          await context.publish(workflow);
          // n8n registers a published workflow's webhooks a moment after answering: until then it answers 404.
          const status = await retryWhile(
            async () => {
              const response = await fetch(`${context.n8n.url}/webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(15_000) });
              await response.arrayBuffer();
              return response.status;
            },
            (answer) => answer === 404,
            10_000,
          );
          if (status !== 200) throw new Error(`n8n's webhook answered HTTP ${status}`);
          const execution = await context.execution(workflow, 'Create Job', 20_000);
          const failed = execution.nodes['Create Job'];
          await context.unpublish(workflow);
          if (execution.status !== 'error' || failed.status !== 'error') throw new Error(`the execution ended ${execution.status}, not in an error`);
          if (failed.error?.name !== 'NodeApiError') throw new Error(`the node's error reached n8n as ${String(failed.error?.name)}, not NodeApiError`);
          return `execution ${execution.id} failed as it should: ${failed.error.name}, HTTP ${String(failed.error.httpCode)}, "${String(failed.error.message)}"`;
        },
      },
    ],
  };

  const editor: SectionPlan = {
    title: "The editor, in Debian's chromium",
    short: 'Editor',
    steps: [
      n8nStep('Editor · sign in, open Zap 1, search the node panel', async () => {
        const workflow = context.workflows.find((w) => w.name.startsWith('Zap 1')) ?? context.workflows[0];
        if (!workflow || !server) throw new Error('no workflow to open');
        const names = [SERVICE_NAMES.serebro, SERVICE_NAMES.sergio, SERVICE_NAMES.cerbo];
        const seen = await checkEditor({ url: server.url, email: OWNER_EMAIL, password, workflowId: workflow.id, screenshot: EDITOR_SCREENSHOT, nodes: names });
        const missing = names.filter((name) => !seen.panel[name]?.some((listed) => listed.startsWith(name)));
        if (missing.length) throw new Error(`the node panel does not list ${missing.join(', ')} (${JSON.stringify(seen.panel)})`);
        return `"${workflow.name}" opened, screenshot ${path.relative(ROOT, seen.screenshot)}; the node panel lists ${names.map((name) => `"${seen.panel[name].find((listed) => listed.startsWith(name))}"`).join(', ')}`;
      }),
    ],
  };

  const tag = Date.now().toString(36).slice(-5);
  const sections = [setup, connect, errors, ...zapSections(context, tag), turnOffSection(context), ...(options.check ? [editor] : [])];
  let steps: StepRecord[] = [];
  let keepRunning = false;
  try {
    print(`Serebro AI, Sergio and Cerbo as n8n community packages in a real n8n, against the local sandbox at ${sandbox.url}`);
    print("(every outcome below is read from n8n's own executions API; nothing printed holds a credential or token.)");
    const transcript = liveTranscript(print, progress, style);
    steps = await runSections(context, sections, transcript.onStart, transcript.onDone);
    progress.stop();
    const { summary, totals } = summarise(steps);
    // The printer blanks any secret it meets; a message that carried one is a failure all the same.
    const ok = steps.length > 0 && totals.failed === 0 && totals.skipped === 0 && redactor.replaced === 0;
    for (const line of summaryLines({ summary, totals, ok, requestsByService: { ...counter.byService } }, style)) print(line);
    if (redactor.replaced > 0) print(`${redactor.replaced} secret(s) had to be blanked out of the transcript: a message carried a credential.`);
    keepRunning = !options.check && server !== undefined;
    if (keepRunning && server) {
      print('');
      // The run ends by unpublishing every workflow, to show that no hook is left behind; a person who stays
      // wants the Zaps live, so that an event raised in the sandbox runs them again.
      const zaps = context.workflows.filter((workflow) => workflow.name.startsWith('Zap '));
      const notPublished: string[] = [];
      for (const workflow of zaps) {
        await context.publish(workflow).catch(() => notPublished.push(workflow.name));
      }
      print(
        notPublished.length
          ? `Published again, except ${notPublished.join(', ')} (publish them in the editor).`
          : `The ${zaps.length} Zap workflows are published again: events raised in the sandbox run them.`,
      );
      print(`n8n keeps running: open ${server.url}/ and sign in as ${OWNER_EMAIL} with the password in ${passwordFile}.`);
      print(`The sandbox stays at ${sandbox.url}. Press Ctrl+C to stop both.`);
    }
    return { ok, steps, output: chunks.join(''), ...(keepRunning && server ? { running: { server, sandbox, passwordFile } } : {}) };
  } finally {
    progress.stop();
    if (!keepRunning) {
      counter.stop();
      await (server as N8nServer | undefined)?.stop();
      await sandbox.close();
    }
  }
}
