/** The shape of bench/results.json and its readable form, bench/results.md. */
import type { Artifact } from './artifacts';
import { PARTS, type BenchOptions } from './options';
import type { OperationCount } from './requests';

export interface ColdSample {
  /** From spawning the process to its exit, seen by the bench. */
  wallMs: number;
  /** From the process's start to the trigger's answer, seen inside the process. */
  answeredMs: number;
  /** Node's own start-up, before the first line of the runner. */
  bootMs: number;
  /** require('zapier-platform-core'). */
  coreMs: number;
  /** require of the app's index.js (the bundle; core already loaded). */
  appMs: number;
  /** createAppHandler and the one trigger call, request included. */
  callMs: number;
  /** CPU time (user + system) the process used until the answer: less sensitive to a busy machine than wall time. */
  cpuMs: number;
}

export interface ColdStart {
  connector: string;
  call: string;
  requests: string[];
  connectorMs: ColdSample;
  bareMs: ColdSample;
  /** Wall time, connector / bare. */
  ratio: number;
  answeredRatio: number;
  cpuRatio: number;
  runs: number;
}

/** The connector's artifact as measured, beside the bare app's. */
export interface Size extends Pick<Artifact, 'zipBytes' | 'unzippedBytes' | 'ownFiles' | 'bundle'> {
  connector: string;
  bareZipBytes: number;
  ratio: number;
  bareUnzippedBytes: number;
  unzippedRatio: number;
}

export type RequestCount = OperationCount & { connector: string };

export interface Overhead {
  connector: string;
  operation: string;
  requests: string[];
  calls: number;
  runs: number;
  viaCoreMs: number;
  directMs: number;
  ratio: number;
  /** CPU time of the calling process per call (the sandbox runs elsewhere). */
  viaCoreCpuMs: number;
  directCpuMs: number;
  cpuRatio: number;
  /** Per call, zapier-platform-core deep-copies and freezes the app definition twice: the time that takes. */
  definitionCopyMs: number;
  /** A connector's polling call via core ÷ the bare app's same request via core: the connector's own share. */
  vsBareViaCore?: number;
}

export interface Memory {
  app: string;
  operations: string[];
  invocations: number;
  peakRssMiB: number;
  rssFirst100MiB: number;
  rssLast100MiB: number;
  rssGrowthPercent: number;
  heapAfterGcAt100MiB: number;
  heapAfterGcAtEndMiB: number;
  heapGrowthPercent: number;
  grows: boolean;
  /** Peak RSS ÷ the bare app's (same number of invocations of its one trigger). */
  peakVsBare?: number;
}

/** A connector's n8n node against the bare n8n node making the same request, per input item (bench/n8n.ts). */
export interface N8nPerItem {
  connector: string;
  package: string;
  /** The node as n8n loads it from the built package, or its TypeScript sources when dist/ was not built. */
  from: 'dist' | 'source';
  /** The credential class and how it signs a request. */
  credential: string;
  /** The node's resource and operation. */
  operation: string;
  /** The request each item makes, on both sides (the query's values left out). */
  request: string;
  /** Input items of one workflow run. */
  items: number;
  /** The service's rate limit, which bounds `items`. */
  rateLimit: string;
  processes: number;
  /** Timed runs of each side per process. */
  rounds: number;
  nodeMsPerItem: number;
  bareMsPerItem: number;
  ratio: number;
  nodeCpuMsPerItem: number;
  bareCpuMsPerItem: number;
  cpuRatio: number;
  nodeRequestsPerRun: number;
  bareRequestsPerRun: number;
}

/** How long a fresh process takes to load one n8n package's dist/ files (bench/n8n.ts). */
export interface N8nLoad {
  connector: string;
  package: string;
  /** The package's `n8n` section: the files loaded. */
  files: string[];
  bundleKiB: number;
  processes: number;
  /** require('n8n-workflow'), which n8n has loaded before any community package: not part of the package's time. */
  workflowMs: number;
  nodesMs: number;
  credentialsMs: number;
  /** Nodes and credentials: the package's load time. */
  totalMs: number;
}

/** Many items through one node execution against the sandbox enforcing its (scaled) rate limit (bench/n8n-bulk.ts). */
export interface N8nBulk {
  connector: string;
  /** The node as n8n loads it from the built package, or its TypeScript sources when dist/ was not built. */
  from: 'dist' | 'source';
  /** The node's resource and operation. */
  operation: string;
  items: number;
  /** Items the node put out as failed (Continue On Fail is on); the first one's message. */
  failed: number;
  firstFailure?: string;
  /** 429s the sandbox answered during the run. */
  throttled: number;
  /** Requests the sandbox counted against the limit (answered other than 429). */
  requests: number;
  /** Creates the sandbox received and did not answer 429: one per item when none was sent twice. */
  creates: number;
  /** Records the sandbox holds for the run's items, and how many of them are distinct. */
  records: number;
  distinctRecords: number;
  /** The sandbox's limit during the run, in words, and the credential field the node was given. */
  rateLimit: string;
  credentialField: string;
  /** The factor the published limit and the credential field were both multiplied by. */
  scale: number;
  seconds: number;
  /** The least time the limit allows for `requests`: requests ÷ limit × window. */
  floorSeconds: number;
  ratio: number;
}

export interface N8nNotMeasured {
  connector: string;
  measurement: string;
  reason: string;
}

export interface N8nResults {
  perItem: N8nPerItem[];
  load: N8nLoad[];
  bulk: N8nBulk[];
  notMeasured: N8nNotMeasured[];
}

export interface BenchResults {
  generatedAt: string;
  durationSeconds: number;
  options: BenchOptions;
  environment: { node: string; platform: string; cpus: number; cpuModel: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  targets: { coldStart: number; size: number; overhead: number; n8nPerItem: number; n8nBulk: number };
  pending: { connector: string; reason: string }[];
  coldStart: ColdStart[];
  size: Size[];
  requests: RequestCount[];
  overhead: Overhead[];
  memory: Memory[];
  /** Absent when the n8n part was not measured (`--only zapier`). */
  n8n?: N8nResults;
}

const verdict = (value: number, target: number) => (value <= target ? 'meets' : '**misses**');
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const range = (values: number[]) => {
  if (!values.length) return 'n/a';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${low}×` : `${low}–${high}×`;
};

/** One row per connector with the headline ratios of each part measured, then what the figures say about the misses. */
function summary(results: BenchResults, zapier: boolean): string {
  const { targets, n8n } = results;
  const connectors = [
    ...new Set([...results.size.map((s) => s.connector), ...[...(n8n?.perItem ?? []), ...(n8n?.load ?? []), ...(n8n?.notMeasured ?? [])].map((entry) => entry.connector)]),
  ];
  const head = ['Connector'];
  if (zapier) {
    head.push(
      `Cold start (≤ ${targets.coldStart}×)`,
      `Size (≤ ${targets.size}×)`,
      `Per call vs fetch (≤ ${targets.overhead}×)`,
      'Polling call vs bare app via core',
      'Operations making the requests expected',
      'Memory: peak RSS (vs bare), live heap',
    );
  }
  if (n8n) head.push(`n8n per item vs bare node (≤ ${targets.n8nPerItem}×)`, 'n8n package load', `n8n bulk: failed, 429s, time vs floor (≤ ${targets.n8nBulk}×)`);
  const rows = connectors.map((name) => {
    const cells = [name];
    if (zapier) {
      const cold = results.coldStart.find((c) => c.connector === name);
      const size = results.size.find((s) => s.connector === name);
      const calls = results.overhead.filter((o) => o.connector === name);
      const requests = results.requests.filter((r) => r.connector === name);
      const memory = results.memory.find((m) => m.app === name);
      const offTarget = requests.filter((r) => r.requests.length !== r.expected || r.error).length;
      cells.push(
        cold ? `${cold.ratio}× (CPU ${cold.cpuRatio}×)` : '',
        size ? `${size.ratio}×` : '',
        range(calls.map((o) => o.ratio)),
        range(calls.filter((o) => o.vsBareViaCore !== undefined).map((o) => o.vsBareViaCore as number)),
        `${requests.length - offTarget}/${requests.length}`,
        memory ? `${memory.peakRssMiB} MiB (${memory.peakVsBare ?? '?'}×), ${memory.grows ? '**grows**' : 'stable'}` : '',
      );
    }
    if (n8n) {
      const item = n8n.perItem.find((p) => p.connector === name);
      const load = n8n.load.find((l) => l.connector === name);
      const bulk = n8n.bulk.find((b) => b.connector === name);
      cells.push(
        item ? `${item.ratio}× (CPU ${item.cpuRatio}×)${item.from === 'source' ? ', from source' : ''}` : 'not measured',
        load ? `${load.totalMs} ms` : 'not measured',
        bulk ? `${bulk.failed}/${bulk.items}, ${bulk.throttled}, ${bulk.ratio}× (scale ${bulk.scale})` : '—',
      );
    }
    return cells;
  });
  const lines = [`## Summary\n\n${table(head, rows)}\n`];
  const floor = results.overhead.filter((o) => o.connector.startsWith('bare'));
  if (zapier && floor.length) {
    lines.push(
      `Per call, the bare template app itself costs ${range(floor.map((o) => o.ratio))} a plain \`fetch\` of the same request through
zapier-platform-core, so the ${targets.overhead}× target cannot be met by any app run through core; what the connectors add on top of that
floor is the "vs bare app" column; of that, core copying and freezing their larger definitions on every call takes
${range(results.overhead.filter((o) => !o.connector.startsWith('bare')).map((o) => o.definitionCopyMs)).replace(/×/g, ' ms')} (see below).
`,
    );
  }
  return lines.join('\n');
}

/** The n8n part: per input item against the bare node, and the packages' load times. */
function n8nSection(n8n: N8nResults, targets: BenchResults['targets'], options: BenchOptions): string {
  const code = (text: string) => `\`${text}\``;
  const fromSource = n8n.perItem.some((p) => p.from === 'source');
  const parts: string[] = [];
  parts.push(`## n8n: per input item (target ≤ ${targets.n8nPerItem}×)

In a fresh Node process per connector, its node, made from the package's \`dist/\` as n8n's loader makes it
(\`new (require(file)[className])()\`${fromSource ? '; "source": `dist/` was not built, so the TypeScript sources were loaded through tsx' : ''}), runs in
a workflow of n8n-core's \`WorkflowExecute\` (the in-process harness, \`n8n/test/harness\`: a Start node emitting N
items, then the node), and so does the harness's \`BareRequestNode\`: for each item, the same request through
\`this.helpers.httpRequestWithAuthentication\` with the same saved credential, and the answer as the item (a
hand-written node at its leanest: no input checks, paging, error mapping or retries). One item of each first
records the request each sends (method, URL and body must be the same); one untimed run of each warms up; then
${options.rounds} round(s) per process time a run of each, alternating which goes first, in ${options.runs} process(es) per
connector, the connectors taking turns. Ms per item = the run's wall time ÷ N, so the workflow's set-up is shared out
over the items alike on both sides; CPU = the process's CPU time ÷ N (the sandbox runs in the bench's process). N is
what the service's rate limit lets through in one window, less a margin: the bench resets the sandbox's limits before
every run (outside the timing). The processes reach the sandbox through the credential's Base URL only.

${table(
  ['Connector', 'Package', 'Credential', 'Operation', 'Request per item', 'Items per run (rate limit)', 'Node ms/item', 'Bare ms/item', 'Ratio', 'Node CPU ms/item', 'Bare CPU ms/item', 'CPU ratio', 'Requests per run (bare)', 'Target'],
  n8n.perItem.map((p) => [
    p.connector,
    `${code(p.package)} (${p.from})`,
    p.credential,
    code(p.operation),
    code(p.request),
    `${p.items} (${p.rateLimit})`,
    p.nodeMsPerItem,
    p.bareMsPerItem,
    `${p.ratio}×`,
    p.nodeCpuMsPerItem,
    p.bareCpuMsPerItem,
    `${p.cpuRatio}×`,
    `${p.nodeRequestsPerRun} (${p.bareRequestsPerRun})`,
    verdict(p.ratio, targets.n8nPerItem),
  ]),
)}
`);
  parts.push(`## n8n: package load time

A fresh Node process loads \`n8n-workflow\` (n8n has it loaded before any community package, so it is not counted),
then requires each file of the package's \`n8n\` section from \`dist/\`, nodes first, and makes each class as n8n's
loader does. ${options.coldRuns} processes per package, the packages taking turns after one unmeasured process each (disk cache).

${table(
  ['Connector', 'Package', 'Files', 'dist/ size', 'Load ms (node + credential)', 'Node ms', 'Credential ms', 'n8n-workflow ms (before, not counted)'],
  n8n.load.map((l) => [
    l.connector,
    code(l.package),
    l.files.map(code).join('<br>'),
    `${l.bundleKiB} KiB`,
    l.totalMs,
    l.nodesMs,
    l.credentialsMs,
    l.workflowMs,
  ]),
)}
`);
  if (n8n.bulk.length) {
    const exact = (b: N8nBulk) => b.records === b.items && b.distinctRecords === b.items && b.creates === b.items;
    const meets = (b: N8nBulk) => b.failed === 0 && b.throttled === 0 && exact(b) && b.ratio <= targets.n8nBulk;
    parts.push(`## n8n: bulk under the rate limit (target: 0 failed, 0 429s, ≤ ${targets.n8nBulk}× the floor)

A workflow that read a sheet hands all its rows to one node execution. In a fresh Node process per service, run
side by side, the node (from the package's \`dist/\`) creates one record per input item in one execution of
n8n-core's \`WorkflowExecute\` (the in-process harness), each item's values mapped by expressions, with Continue On
Fail on so that a failed item is counted rather than ending the run. It runs against a sandbox of its own that
enforces each service's rate limit multiplied by the scale, with the credential's rate-limit field multiplied alike
(the node paces under the field); nothing resets the limits during a run. From the sandbox's side: the 429s it
answered, the requests it counted against the limit, the creates it received (one per item when nothing was sent
twice) and the records it holds for the run's items. The floor is the least time the limit allows for the requests
counted (requests ÷ limit × window: 1,000 requests at 100 per 10 s is 100 s); a window's allowance can go at once,
so a run under the limit can finish below it.

${table(
  ['Connector', 'Operation', 'Items', 'Failed', '429s', 'Records (distinct), creates received', 'Rate limit (credential field)', 'Scale', 'Requests counted', 'Time s', 'Floor s', 'Ratio', 'Target'],
  n8n.bulk.map((b) => [
    b.connector,
    `${code(b.operation)}${b.from === 'source' ? ' (source)' : ''}`,
    b.items,
    b.failed ? `${b.failed}: ${b.firstFailure ?? ''}` : 0,
    b.throttled,
    `${b.records} (${b.distinctRecords}), ${b.creates}${exact(b) ? '' : ' **not one per item**'}`,
    `${b.rateLimit} (${code(b.credentialField)})`,
    b.scale,
    b.requests,
    b.seconds,
    b.floorSeconds,
    `${b.ratio}×`,
    meets(b) ? 'meets' : '**misses**',
  ]),
)}
`);
  }
  if (n8n.notMeasured.length) {
    parts.push(`## n8n: not measured\n\n${n8n.notMeasured.map((m) => `- ${m.connector} (${m.measurement}): ${m.reason}`).join('\n')}\n`);
  }
  return parts.join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const { targets, options } = results;
  const zapier = options.parts.includes('zapier');
  const flags = [options.quick ? '--quick' : '', options.parts.length < PARTS.length ? `--only ${options.parts.join(' ')}` : ''].filter(Boolean).join(' ');
  const command = `npm run bench${flags ? ` -- ${flags}` : ''}`;
  const parts: string[] = [];
  parts.push(`# Benchmark: what Zapier and n8n pay for each connector

Generated ${results.generatedAt} by \`${command}\` in ${results.durationSeconds} s
(${results.environment.node}, ${results.environment.platform}, ${results.environment.cpus} × ${results.environment.cpuModel};
load average ${results.environment.loadAverageAtStart} at the start, ${results.environment.loadAverageAtEnd} at the end).
Every figure is a median. On Zapier, every ratio is connector ÷ the bare app generated from Zapier's own template
(\`zapier-platform init --template minimal --module commonjs\` plus one trigger making the same single request,
called with the connector's authData, which core processes the same way whatever the app). In n8n, every ratio is
the connector's node ÷ a bare node making the same request with n8n's own authenticated request helper (see "n8n" below).

## How to reproduce

\`\`\`sh
npm ci
npm run bench                 # ${options.coldRuns} cold starts per app, ${options.runs} runs of ${options.calls} calls, ${options.invocations} invocations; n8n: ${options.runs} processes of ${options.rounds} rounds, ${options.coldRuns} loads per package; rewrites this file
npm run bench -- --quick      # every measurement, few runs (CI); writes bench/out/results.* instead
npm run bench -- --only n8n   # one part (zapier or n8n), full runs; writes bench/out/results.* instead
npm run bench -- --help       # --runs, --cold-runs, --calls, --invocations, --items, --rounds, --no-build
\`\`\`

The bench builds each connector's \`build.zip\` with \`zapier-platform build --skip-validation\` (which runs a fresh
\`npm install --production\`, so it needs the npm registry, as \`npm run test:build\` does), generates and
builds the bare template in a temporary folder, unzips every zip outside the repository, builds the n8n packages'
\`dist/\` (\`n8n/build.ts\`, as \`npm run build\` does), and starts the sandbox (\`sandbox/\`) on loopback. Cold starts,
overhead, memory and n8n runs each run in fresh Node processes (\`bench/child/\`); the sandbox stays in the bench's
process and its rate-limit windows are reset through its admin endpoints between calls (never during a timed call).
`);

  parts.push(summary(results, zapier));

  if (results.pending.length) {
    parts.push(`## Not measured\n\n${results.pending.map((p) => `- ${p.connector}: ${p.reason}`).join('\n')}\n`);
  }
  if (zapier) parts.push(...zapierSections(results));
  if (results.n8n) parts.push(n8nSection(results.n8n, targets, options));
  return parts.join('\n');
}

/** Cold start, size, requests per operation, per-call overhead and memory of the Zapier apps. */
function zapierSections(results: BenchResults): string[] {
  const { targets, options } = results;
  const parts: string[] = [];
  parts.push(`## Cold start (target ≤ ${targets.coldStart}×)

A fresh Node process loads the unzipped build through Zapier's entry point (\`zapierwrapper.js\`) and answers
one polling call against the sandbox; the bare app does the same request. ${options.coldRuns} runs each,
alternating which app goes first. Wall = spawn to exit (the ratio the target is about); answered = process
start to the trigger's result; CPU = the process's CPU time until the answer (steadier on a busy machine).

${table(
  ['Connector', 'Call', 'Wall ms (bare)', 'Ratio', 'Answered ms (bare)', 'Ratio', 'CPU ms (bare)', 'Ratio', 'require core ms (bare)', 'require app ms (bare)', 'Call ms (bare)', 'Target'],
  results.coldStart.map((c) => [
    c.connector,
    `\`${c.call}\``,
    `${c.connectorMs.wallMs} (${c.bareMs.wallMs})`,
    `${c.ratio}×`,
    `${c.connectorMs.answeredMs} (${c.bareMs.answeredMs})`,
    `${c.answeredRatio}×`,
    `${c.connectorMs.cpuMs} (${c.bareMs.cpuMs})`,
    `${c.cpuRatio}×`,
    `${c.connectorMs.coreMs} (${c.bareMs.coreMs})`,
    `${c.connectorMs.appMs} (${c.bareMs.appMs})`,
    `${c.connectorMs.callMs} (${c.bareMs.callMs})`,
    verdict(c.ratio, targets.coldStart),
  ]),
)}
`);

  parts.push(`## Size (target ≤ ${targets.size}×)

${table(
  ['Connector', 'build.zip', 'Bare build.zip', 'Ratio', 'Unzipped (bare)', 'Ratio', 'Largest own files (uncompressed)', 'dist/index.js: zod / kit / connector', 'Target'],
  results.size.map((s) => [
    s.connector,
    kib(s.zipBytes),
    kib(s.bareZipBytes),
    `${s.ratio}×`,
    `${kib(s.unzippedBytes)} (${kib(s.bareUnzippedBytes)})`,
    `${s.unzippedRatio}×`,
    s.ownFiles.slice(0, 2).map((f) => `${f.file} ${kib(f.bytes)}`).join(', '),
    s.bundle ? `${kib(s.bundle.zod)} / ${kib(s.bundle.kit)} / ${kib(s.bundle.connector)}` : '',
    verdict(s.ratio, targets.size),
  ]),
)}
`);

  const unexpected = results.requests.filter((r) => r.requests.length !== r.expected || r.error);
  parts.push(`## Requests per operation

Counted by the sandbox for one call of every operation of each built app (inputs resolved as the Zap
editor does: each dropdown field takes its dropdown's first item). A poll, a dropdown page, a REST-hook
list/subscribe/unsubscribe, an action and a search should each cost one request, unless the API needs
more (the Note says which and why).
${unexpected.length ? `\n${unexpected.length} operation(s) differ from that or failed: see the marked rows.\n` : '\nEvery operation makes exactly the requests expected.\n'}
${table(
  ['Connector', 'Operation', 'Kind', 'Requests', 'Expected', 'Sent', 'Note'],
  results.requests.map((r) => [
    r.connector,
    `\`${r.operation}\``,
    r.kind,
    r.requests.length === r.expected && !r.error ? String(r.requests.length) : `**${r.requests.length}**`,
    r.expected,
    r.requests.map((q) => `\`${q}\``).join('<br>') || '—',
    [r.why, r.error ? `error: ${r.error.replace(/\|/g, '\\|').slice(0, 160)}` : ''].filter(Boolean).join(' ') || '',
  ]),
)}
`);

  parts.push(`## Per-call overhead (target ≤ ${targets.overhead}×)

${options.runs} run(s) of ${options.calls} calls per operation, each through \`createAppTester\` (zapier-platform-core from
the zip) and then as the very same HTTP request(s), recorded on the wire, sent with Node's \`fetch\` and
parsed as JSON. Median per call, elapsed and CPU time of the calling process (the sandbox runs in another); loopback only.
The "bare (…)" rows are Zapier's own floor: the bare template app making that connector's polling request through
the same core; "vs bare" is the connector's polling call ÷ that floor, i.e. what the connector's own code adds.
"Definition copy" is the part of every call that grows with the app definition: zapier-platform-core's Lambda
handler deep-copies and deep-freezes the whole definition twice per call (\`createApp\` and \`prepareApp\` in
\`create-lambda-handler.js\`), measured here by timing \`prepareApp\` on the app. Output fields, about half of a
definition, sit behind one function per operation (\`outputFieldsOnRequest\` in \`kit/schema.ts\`: only the Zap editor
reads them), so that copy holds inputs, samples and the functions; what is left of "vs bare" beyond the definition
copy is core's own work per call that grows with the app (it merges the compiled app into every request's input) and
the kit's own work (the guard around the call, the one zod check of the answer).

${table(
  ['App', 'Operation', 'Requests', 'Via core ms', 'fetch ms', 'Ratio', 'Via core CPU ms', 'fetch CPU ms', 'CPU ratio', 'Definition copy ms/call', 'vs bare via core', 'Target'],
  results.overhead.map((o) => [
    o.connector,
    `\`${o.operation}\``,
    o.requests.map((q) => `\`${q}\``).join('<br>'),
    o.viaCoreMs,
    o.directMs,
    `${o.ratio}×`,
    o.viaCoreCpuMs,
    o.directCpuMs,
    `${o.cpuRatio}×`,
    o.definitionCopyMs,
    o.vsBareViaCore === undefined ? '' : `${o.vsBareViaCore}×`,
    o.connector.startsWith('bare') ? 'floor' : verdict(o.ratio, targets.overhead),
  ]),
)}
`);

  parts.push(`## Memory

One process per app running ${options.invocations} invocations through \`createAppTester\` (a connector cycles through its
trigger and action; the bare app repeats its trigger). RSS is sampled after each invocation; live heap is read
after a full GC at invocation 100 and at the end. "Grows" means the live heap grew > 10 % and RSS > 5 %.

${table(
  ['App', 'Peak RSS', 'Peak vs bare', 'RSS first 100', 'RSS last 100', 'RSS growth', 'Heap after GC @100', 'Heap after GC @end', 'Grows'],
  results.memory.map((m) => [
    m.app,
    `${m.peakRssMiB} MiB`,
    m.peakVsBare === undefined ? '' : `${m.peakVsBare}×`,
    `${m.rssFirst100MiB} MiB`,
    `${m.rssLast100MiB} MiB`,
    `${m.rssGrowthPercent} %`,
    `${m.heapAfterGcAt100MiB} MiB`,
    `${m.heapAfterGcAtEndMiB} MiB`,
    m.grows ? '**yes**' : 'no',
  ]),
)}
`);
  return parts;
}
