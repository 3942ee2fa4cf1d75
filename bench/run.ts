/**
 * `npm run bench`: what Zapier pays for each connector, measured side by side in one run against a
 * bare app from Zapier's own `minimal` template, and what n8n pays for each connector's node against
 * a bare n8n node (bench/n8n.ts), reported as ratios (bench/results.json and bench/results.md;
 * `--quick` and `--only` write bench/out/ instead). See bench/results.md for what each figure means
 * and `npm run bench -- --help` for the options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTORS, type ConnectorName } from '../scripts/connectors';
import { OUT, prepareArtifacts, removeArtifacts, type AppName, type Artifact } from './artifacts';
import { runChild, type ChildResult } from './child-process';
import { measureN8n } from './n8n';
import { parseOptions, type BenchOptions } from './options';
import { PROFILES } from './profiles';
import { renderMarkdown, type BenchResults, type ColdStart, type ColdSample, type Memory, type Overhead } from './report';
import { OperationRunner, loadApp, type Invocation } from './requests';
import { startBenchSandbox, type BenchSandbox } from './sandbox';
import { median, ratio, round } from './stats';

const log = (line: string) => console.log(`[bench] ${line}`);

/** A child in the unzipped app's folder, pointed at the sandbox by the connectors' base-URL variables. */
function runChildInApp(bench: BenchSandbox, artifact: Artifact, script: string, args: string[], nodeFlags: string[] = []): Promise<ChildResult> {
  const env = { PATH: process.env.PATH ?? '', ...bench.sandbox.env };
  return runChild(bench, { script, args: [artifact.dir, ...args], cwd: artifact.dir, env, nodeFlags, label: artifact.name });
}

/** Headers the bare trigger sends again: the connector's own, without what the HTTP client sets itself. */
const CLIENT_HEADERS = new Set(['host', 'connection', 'content-length', 'user-agent', 'accept-encoding', 'transfer-encoding']);

interface Prepared {
  name: ConnectorName;
  artifact: Artifact;
  cold: Invocation;
  repeat: Invocation[];
}

/** Each connector's cold start against the bare app's, which makes the same request (kept in `bareInvocations`). */
async function coldStarts(
  bench: BenchSandbox,
  ready: Prepared[],
  bare: Artifact,
  options: BenchOptions,
  bareInvocations: Map<ConnectorName, Invocation>,
): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  for (const app of ready) {
    const connectorSamples: ColdSample[] = [];
    const bareSamples: ColdSample[] = [];
    let bareEvent: string | undefined;
    let requests: string[] = [];
    const sample = (child: ChildResult): ColdSample => ({
      wallMs: child.wallMs,
      answeredMs: Number(child.report.total),
      bootMs: Number(child.report.boot),
      coreMs: Number(child.report.core),
      appMs: Number(child.report.app),
      callMs: Number(child.report.call),
      cpuMs: Number(child.report.cpu),
    });
    const runConnector = async () => {
      if (bench.sinceReset > 20) await bench.resetLimits();
      bench.take();
      const child = await runChildInApp(bench, app.artifact, 'cold-start.js', [JSON.stringify(app.cold)]);
      const received = bench.take();
      requests = received.map((request) => `${request.method} ${request.path}`);
      if (!bareEvent) {
        if (received.length !== 1) throw new Error(`${app.cold.method} made ${received.length} requests; the cold start compares one.`);
        const [request] = received;
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([name, value]) => !CLIENT_HEADERS.has(name) && typeof value === 'string'),
        );
        const invocation: Invocation = {
          method: 'triggers.ping.operation.perform',
          // The connector's authData too: core scrubs every authData value out of its logs on each call,
          // a cost of any authenticated app, not of our code.
          bundle: { authData: app.cold.bundle.authData, inputData: { url: `${bench.sandbox.url}${request.url}`, headers }, meta: { page: 0 } },
        };
        bareInvocations.set(app.name, invocation);
        bareEvent = JSON.stringify(invocation);
      }
      connectorSamples.push(sample(child));
    };
    const runBare = async () => {
      if (bench.sinceReset > 20) await bench.resetLimits();
      bareSamples.push(sample(await runChildInApp(bench, bare, 'cold-start.js', [bareEvent as string])));
    };
    // One unmeasured pair warms the disk cache; then the order alternates so neither side always goes first.
    await runConnector();
    await runBare();
    connectorSamples.length = 0;
    bareSamples.length = 0;
    for (let run = 0; run < options.coldRuns; run += 1) {
      if (run % 2) {
        await runBare();
        await runConnector();
      } else {
        await runConnector();
        await runBare();
      }
    }
    const summary = (samples: ColdSample[]): ColdSample => ({
      wallMs: round(median(samples.map((s) => s.wallMs))),
      answeredMs: round(median(samples.map((s) => s.answeredMs))),
      bootMs: round(median(samples.map((s) => s.bootMs))),
      coreMs: round(median(samples.map((s) => s.coreMs))),
      appMs: round(median(samples.map((s) => s.appMs))),
      callMs: round(median(samples.map((s) => s.callMs))),
      cpuMs: round(median(samples.map((s) => s.cpuMs))),
    });
    const connector = summary(connectorSamples);
    const baseline = summary(bareSamples);
    results.push({
      connector: app.name,
      call: app.cold.method,
      requests,
      connectorMs: connector,
      bareMs: baseline,
      ratio: ratio(connector.wallMs, baseline.wallMs),
      answeredRatio: ratio(connector.answeredMs, baseline.answeredMs),
      cpuRatio: ratio(connector.cpuMs, baseline.cpuMs),
      runs: options.coldRuns,
    });
    log(
      `cold start ${app.name}: ${ratio(connector.wallMs, baseline.wallMs)}x the bare app (${connector.wallMs} vs ${baseline.wallMs} ms wall), ` +
        `CPU ${ratio(connector.cpuMs, baseline.cpuMs)}x`,
    );
  }
  return results;
}

interface CallSubject {
  /** The connector, or "bare (<connector>)" for the bare app repeating that connector's polling request. */
  name: string;
  artifact: Artifact;
  operations: Invocation[];
}

async function overheads(bench: BenchSandbox, subjects: CallSubject[], options: BenchOptions): Promise<Overhead[]> {
  const results: Overhead[] = [];
  for (const app of subjects) {
    type Runs = { requests: string[]; viaCore: number[]; direct: number[]; viaCoreCpu: number[]; directCpu: number[] };
    const perOperation = new Map<string, Runs>();
    const prepareApp: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const spec = { mode: 'overhead', operations: app.operations.map((op) => ({ ...op, label: op.method })), calls: options.calls, resetEvery: 40, maxRequestsPerCall: 4 };
      const child = await runChildInApp(bench, app.artifact, 'calls.js', [JSON.stringify(spec)]);
      prepareApp.push(Number(child.report.prepareAppMs));
      for (const op of child.report.operations as (Omit<Runs, 'requests'> & { label: string; requests: string[] })[]) {
        const entry = perOperation.get(op.label) ?? { requests: op.requests, viaCore: [], direct: [], viaCoreCpu: [], directCpu: [] };
        entry.viaCore.push(median(op.viaCore));
        entry.direct.push(median(op.direct));
        entry.viaCoreCpu.push(median(op.viaCoreCpu));
        entry.directCpu.push(median(op.directCpu));
        perOperation.set(op.label, entry);
      }
    }
    for (const [operation, entry] of perOperation) {
      const viaCoreMs = round(median(entry.viaCore), 3);
      const directMs = round(median(entry.direct), 3);
      const viaCoreCpuMs = round(median(entry.viaCoreCpu), 3);
      const directCpuMs = round(median(entry.directCpu), 3);
      results.push({
        connector: app.name,
        operation,
        requests: entry.requests,
        calls: options.calls,
        runs: options.runs,
        viaCoreMs,
        directMs,
        ratio: ratio(viaCoreMs, directMs),
        viaCoreCpuMs,
        directCpuMs,
        cpuRatio: ratio(viaCoreCpuMs, directCpuMs),
        // Twice per call: createApp() and prepareApp() each copy and freeze the definition.
        definitionCopyMs: round(2 * median(prepareApp), 3),
      });
      log(`overhead ${app.name} ${operation}: ${ratio(viaCoreMs, directMs)}x fetch (${viaCoreMs} vs ${directMs} ms per call), CPU ${ratio(viaCoreCpuMs, directCpuMs)}x`);
    }
  }
  return results;
}

async function memory(bench: BenchSandbox, name: AppName, artifact: Artifact, operations: Invocation[], options: BenchOptions): Promise<Memory> {
  const spec = { mode: 'memory', operations, invocations: options.invocations, resetEvery: 40, maxRequestsPerCall: 4 };
  const child = await runChildInApp(bench, artifact, 'calls.js', [JSON.stringify(spec)], ['--expose-gc']);
  const rss = child.report.rss as number[];
  const heap = child.report.heapAfterGc as Record<string, number>;
  const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
  const first = median(rss.slice(0, 100));
  const last = median(rss.slice(-100));
  const heapFirst = heap['100'];
  const heapLast = heap[String(options.invocations)];
  const growthPercent = round(((last - first) / first) * 100, 1);
  const heapGrowthPercent = round(((heapLast - heapFirst) / heapFirst) * 100, 1);
  const result: Memory = {
    app: name,
    operations: operations.map((op) => op.method),
    invocations: options.invocations,
    peakRssMiB: mib(Number(child.report.maxRss)),
    rssFirst100MiB: mib(first),
    rssLast100MiB: mib(last),
    rssGrowthPercent: growthPercent,
    heapAfterGcAt100MiB: mib(heapFirst),
    heapAfterGcAtEndMiB: mib(heapLast),
    heapGrowthPercent,
    // RSS settles as V8 sizes its heap; a leak shows as live heap (after a full GC) that keeps growing.
    grows: heapGrowthPercent > 10 && growthPercent > 5,
  };
  log(`memory ${name}: peak ${result.peakRssMiB} MiB, RSS ${result.rssFirst100MiB} → ${result.rssLast100MiB} MiB, heap after GC ${result.heapAfterGcAt100MiB} → ${result.heapAfterGcAtEndMiB} MiB`);
  return result;
}

type ZapierResults = Pick<BenchResults, 'pending' | 'coldStart' | 'size' | 'requests' | 'overhead' | 'memory'>;

/** Every Zapier measurement of the built apps, each against the bare app. */
async function measureZapier(
  bench: BenchSandbox,
  { artifacts, failed }: ReturnType<typeof prepareArtifacts>,
  options: BenchOptions,
): Promise<ZapierResults> {
  const ready: Prepared[] = [];
  const pending: { connector: ConnectorName; reason: string }[] = [...failed];
  const requestCounts: BenchResults['requests'] = [];
  for (const name of CONNECTORS) {
    const artifact = artifacts[name];
    if (!artifact) continue;
    const profile = PROFILES[name];
    const { app, tester } = loadApp(artifact);
    const runner = new OperationRunner(app, tester, bench, profile, await profile.connect(bench.sandbox));
    log(`counting requests per operation of ${name}`);
    for (const count of await runner.countAll()) requestCounts.push({ connector: name, ...count });
    ready.push({
      name,
      artifact,
      cold: await runner.invocation(profile.coldTrigger),
      repeat: [await runner.invocation(profile.repeat.trigger), await runner.invocation(profile.repeat.action)],
    });
  }

  const size = ready.map(({ name, artifact }) => ({
    connector: name,
    zipBytes: artifact.zipBytes,
    bareZipBytes: artifacts.bare.zipBytes,
    ratio: ratio(artifact.zipBytes, artifacts.bare.zipBytes),
    unzippedBytes: artifact.unzippedBytes,
    bareUnzippedBytes: artifacts.bare.unzippedBytes,
    unzippedRatio: ratio(artifact.unzippedBytes, artifacts.bare.unzippedBytes),
    ownFiles: artifact.ownFiles,
    bundle: artifact.bundle,
  }));

  const bareInvocations = new Map<ConnectorName, Invocation>();
  const cold = await coldStarts(bench, ready, artifacts.bare, options, bareInvocations);
  const subjects: CallSubject[] = [];
  for (const app of ready) {
    subjects.push({ name: app.name, artifact: app.artifact, operations: app.repeat });
    const bareInvocation = bareInvocations.get(app.name);
    // Zapier's own floor: the bare app making the same polling request through the same core.
    if (bareInvocation) subjects.push({ name: `bare (${app.name})`, artifact: artifacts.bare, operations: [bareInvocation] });
  }
  const overhead = await overheads(bench, subjects, options);
  for (const entry of overhead) {
    const bare = overhead.find((other) => other.connector === `bare (${entry.connector})`);
    if (bare && entry.operation.startsWith('triggers.')) entry.vsBareViaCore = ratio(entry.viaCoreMs, bare.viaCoreMs);
  }

  const memories: Memory[] = [];
  for (const app of ready) memories.push(await memory(bench, app.name, app.artifact, app.repeat, options));
  // The bare app's trigger, repeating a connector's polling request: the memory baseline.
  const [baseline] = bareInvocations.values();
  if (baseline) {
    const bare = await memory(bench, 'bare', artifacts.bare, [baseline], options);
    for (const entry of memories) entry.peakVsBare = ratio(entry.peakRssMiB, bare.peakRssMiB);
    memories.push(bare);
  }
  return { pending, coldStart: cold, size, requests: requestCounts, overhead, memory: memories };
}

const NOT_MEASURED: ZapierResults = { pending: [], coldStart: [], size: [], requests: [], overhead: [], memory: [] };

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  // Other work on the machine slows processes down unevenly: the report says how busy it was.
  const loadAtStart = os.loadavg()[0];
  const prepared = options.parts.includes('zapier') ? prepareArtifacts(options.build, log) : undefined;
  // Interrupted: the unzipped apps are outside the repository, so remove them here.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (prepared) removeArtifacts(prepared.artifacts);
      process.exit(130);
    });
  }
  const bench = await startBenchSandbox();
  // The parent runs operations in-process (request counts), so it points at the sandbox too.
  Object.assign(process.env, bench.sandbox.env);
  try {
    const zapier = prepared ? await measureZapier(bench, prepared, options) : NOT_MEASURED;
    const n8n = options.parts.includes('n8n') ? await measureN8n(bench, options, log) : undefined;
    const results: BenchResults = {
      generatedAt: startedAt.toISOString(),
      durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 0),
      options,
      environment: {
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        loadAverageAtStart: round(loadAtStart, 1),
        loadAverageAtEnd: round(os.loadavg()[0], 1),
      },
      targets: { coldStart: 1.1, size: 1.2, overhead: 1.3, n8nPerItem: 1.2, n8nBulk: 1.1 },
      ...zapier,
      n8n,
    };
    const target = options.write ? __dirname : OUT;
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(target, 'results.md'), renderMarkdown(results));
    log(`wrote ${path.relative(process.cwd(), path.join(target, 'results.json'))} and results.md in ${results.durationSeconds} s`);
    // CI runs `--quick` to prove the bench still measures everything: a connector left out, an
    // operation that failed or an n8n measurement not taken makes it fail.
    const failedOperations = zapier.requests.filter((count) => count.error);
    for (const { connector, reason } of zapier.pending) console.error(`[bench] not measured: ${connector}: ${reason}`);
    for (const count of failedOperations) console.error(`[bench] ${count.connector} ${count.operation} failed: ${count.error}`);
    for (const { connector, measurement, reason } of n8n?.notMeasured ?? []) console.error(`[bench] n8n ${measurement} not measured: ${connector}: ${reason}`);
    if (zapier.pending.length || failedOperations.length || n8n?.notMeasured.length) process.exitCode = 1;
  } finally {
    await bench.close();
    if (prepared) removeArtifacts(prepared.artifacts);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
