/**
 * The n8n part of `npm run bench`: what each connector's n8n node costs per input item, run by n8n-core's
 * WorkflowExecute, against a bare n8n node making the same request with the same credential through n8n's
 * `httpRequestWithAuthentication`; and how long each package takes to load. Every measurement runs in fresh
 * Node processes (bench/child/n8n-items.ts, bench/child/n8n-load.js) against the bench's sandbox.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { n8nPackages, type N8nPackage } from '../n8n/build';
import type { Sandbox } from '../sandbox';
import { cerboHandle, REQUESTS_PER_MINUTE } from '../sandbox/cerbo';
import { serebroHandle } from '../sandbox/serebro';
import { BURST_INTERVAL_MS, BURST_LIMIT } from '../sandbox/serebro/ratelimit';
import { sergioHandle } from '../sandbox/sergio';
import { LIMITS } from '../sandbox/sergio/http';
import { CONNECTORS, ROOT, type ConnectorName } from '../scripts/connectors';
import { runChild, type ChildResult } from './child-process';
import { measureBulk } from './n8n-bulk';
import type { N8nItemsSpec, N8nRunSample, PackageClass } from './child/n8n-items';
import type { BenchOptions } from './options';
import { PROFILES } from './profiles';
import type { N8nLoad, N8nNotMeasured, N8nPerItem, N8nResults } from './report';
import type { BenchSandbox } from './sandbox';
import { median, ratio, round } from './stats';

/** What each node is timed on: a search for one record, so that each input item is one request and one item out on both sides. */
interface TimedSearch {
  /** How the credential signs a request, for the report. */
  auth: string;
  /** The credential as n8n saves it, pointed at the sandbox by its Base URL field. */
  credential(sandbox: Sandbox): Promise<N8nItemsSpec['credentialData']>;
  /** The node's parameters: resource, operation and the one search field. */
  parameters(sandbox: Sandbox, credential: N8nItemsSpec['credentialData']): N8nItemsSpec['parameters'];
  /** The service's rate limit: how many requests one window lets through, and the limit in words. */
  rateLimit: { requests: number; text: string };
}

/**
 * The most items one run may have: what one window of the rate limit lets through, less a margin for a request
 * more (a token refresh). The bench resets the limits before every run, and no timed run is split by a reset.
 */
const maxItems = (search: TimedSearch) => search.rateLimit.requests - 10;

const SEARCHES: Record<ConnectorName, TimedSearch> = {
  serebro: {
    auth: 'OAuth2',
    credential: async (sandbox) => {
      const { clientId, clientSecret } = serebroHandle(sandbox.services).credentials;
      // The token answer n8n keeps from the code flow (`oauthTokenData`), which the node reads its Location from.
      return { baseUrl: `${sandbox.url}/serebro`, clientId, clientSecret, oauthTokenData: await PROFILES.serebro.connect(sandbox) };
    },
    parameters: (sandbox, credential) => {
      const location = (credential.oauthTokenData as Record<string, string>).location_id;
      // A contact without custom-field values: with values, the node reads the Location's field definitions too.
      const contact = serebroHandle(sandbox.services).store.contacts.find(
        (candidate) => candidate.locationId === location && candidate.email && candidate.customFields.length === 0,
      );
      if (!contact) throw new Error(`The sandbox's Serebro Location ${location} has no contact with an email and no custom-field values.`);
      return { resource: 'contact', operation: 'find_contact', email: contact.email };
    },
    rateLimit: { requests: BURST_LIMIT, text: `${BURST_LIMIT} requests per ${BURST_INTERVAL_MS / 1000} s per Location` },
  },
  sergio: {
    auth: 'API key',
    credential: async (sandbox) => ({ baseUrl: `${sandbox.url}/sergio`, apiKey: sergioHandle(sandbox.services).credentials.apiKey }),
    parameters: (sandbox) => {
      const customer = sergioHandle(sandbox.services).store.customers.find((candidate) => candidate.email);
      if (!customer) throw new Error("The sandbox's Sergio company has no customer with an email.");
      return { resource: 'customer', operation: 'find_customer', email: customer.email };
    },
    rateLimit: { requests: LIMITS.read, text: `${LIMITS.read} reads a minute per API key` },
  },
  cerbo: {
    auth: 'Basic',
    credential: async (sandbox) => {
      const { subdomain, username, password } = cerboHandle(sandbox.services).credentials;
      return { baseUrl: `${sandbox.url}/cerbo/{subdomain}`, subdomain, username, password };
    },
    parameters: (sandbox, credential) => {
      const practice = cerboHandle(sandbox.services).store.practice(String(credential.subdomain));
      const patient = practice?.patients.find((candidate) => candidate.email1);
      if (!patient) throw new Error(`The sandbox's Cerbo practice ${String(credential.subdomain)} has no patient with an email.`);
      return { resource: 'patient', operation: 'find_patient', email: patient.email1 };
    },
    rateLimit: { requests: REQUESTS_PER_MINUTE, text: `${REQUESTS_PER_MINUTE} requests a minute per API user` },
  },
};

/** The files of the package's `n8n` section as n8n loads them (dist/), or their TypeScript sources when dist/ is not built. */
export function classesOf(pkg: N8nPackage, from: 'dist' | 'source'): { nodes: PackageClass[]; credentials: PackageClass[] } {
  const classOf = (entry: string): PackageClass => ({
    file: path.join(pkg.dir, from === 'dist' ? entry : entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
    // n8n's loader names the class after the file: `Sergio.node.js` holds `Sergio`.
    className: path.basename(entry).split('.')[0],
  });
  return { nodes: pkg.nodes.map(classOf), credentials: pkg.credentials.map(classOf) };
}

export const isBuilt = (pkg: N8nPackage) => [...pkg.nodes, ...pkg.credentials].every((entry) => existsSync(path.join(pkg.dir, entry)));

/** Builds the packages' dist/ as `npm run build` does; a build that fails leaves the sources to measure. */
function buildPackages(log: (line: string) => void): void {
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'n8n', 'build.ts')], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const err = error as { message: string; stderr?: Buffer };
    log(`the n8n packages did not build: ${String(err.stderr ?? err.message).trim().split('\n')[0]}`);
  }
}

/**
 * The children reach the sandbox only through the credential's Base URL: no base-URL variable is set, as none
 * is in n8n. TMPDIR and HOME keep the harness's n8n settings folder where every other process has it.
 */
export const childEnv = (): Record<string, string> =>
  Object.fromEntries(['PATH', 'HOME', 'TMPDIR'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])));

const perItemOf = (samples: N8nRunSample[], key: 'msPerItem' | 'cpuMsPerItem') => round(median(samples.map((sample) => sample[key])), 3);

async function perItem(bench: BenchSandbox, packages: Map<ConnectorName, N8nPackage>, options: BenchOptions, log: (line: string) => void) {
  const measured: N8nPerItem[] = [];
  const notMeasured: N8nNotMeasured[] = [];
  const specs = new Map<ConnectorName, N8nItemsSpec>();
  for (const [name, pkg] of packages) {
    const search = SEARCHES[name];
    const credentialData = await search.credential(bench.sandbox);
    const { nodes, credentials } = classesOf(pkg, isBuilt(pkg) ? 'dist' : 'source');
    specs.set(name, {
      node: nodes[0],
      credential: credentials[0],
      credentialData,
      parameters: search.parameters(bench.sandbox, credentialData),
      items: Math.min(options.items, maxItems(search)),
      rounds: options.rounds,
    });
  }
  const samples = new Map<ConnectorName, { request: string; node: N8nRunSample[]; bare: N8nRunSample[] }>();
  // Process after process, the services take turns, so that a busier moment of the machine is shared among them.
  for (let run = 0; run < options.runs; run += 1) {
    for (const [name, spec] of specs) {
      if (notMeasured.some((entry) => entry.connector === name)) continue;
      let child: ChildResult;
      try {
        child = await runChild(bench, {
          script: 'n8n-items.ts',
          args: [JSON.stringify(spec)],
          cwd: ROOT,
          env: childEnv(),
          nodeFlags: ['--import', 'tsx'],
          label: `n8n-nodes-${name}`,
        });
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 4).join(' ');
        log(`n8n per item ${name}: not measured: ${reason}`);
        notMeasured.push({ connector: name, measurement: 'per item', reason });
        continue;
      }
      const entry = samples.get(name) ?? { request: String(child.report.request), node: [], bare: [] };
      entry.node.push(...(child.report.nodeRuns as N8nRunSample[]));
      entry.bare.push(...(child.report.bareRuns as N8nRunSample[]));
      samples.set(name, entry);
    }
  }
  for (const [name, entry] of samples) {
    if (notMeasured.some((missing) => missing.connector === name)) continue;
    const spec = specs.get(name) as N8nItemsSpec;
    const pkg = packages.get(name) as N8nPackage;
    const nodeMsPerItem = perItemOf(entry.node, 'msPerItem');
    const bareMsPerItem = perItemOf(entry.bare, 'msPerItem');
    const nodeCpuMsPerItem = perItemOf(entry.node, 'cpuMsPerItem');
    const bareCpuMsPerItem = perItemOf(entry.bare, 'cpuMsPerItem');
    measured.push({
      connector: name,
      package: pkg.name,
      from: spec.node.file.endsWith('.ts') ? 'source' : 'dist',
      credential: `${spec.credential.className} (${SEARCHES[name].auth})`,
      operation: `${String(spec.parameters.resource)}: ${String(spec.parameters.operation)}`,
      request: entry.request,
      items: spec.items,
      rateLimit: SEARCHES[name].rateLimit.text,
      processes: options.runs,
      rounds: options.rounds,
      nodeMsPerItem,
      bareMsPerItem,
      ratio: ratio(nodeMsPerItem, bareMsPerItem),
      nodeCpuMsPerItem,
      bareCpuMsPerItem,
      cpuRatio: ratio(nodeCpuMsPerItem, bareCpuMsPerItem),
      nodeRequestsPerRun: median(entry.node.map((sample) => sample.requests)),
      bareRequestsPerRun: median(entry.bare.map((sample) => sample.requests)),
    });
    log(`n8n per item ${name}: ${ratio(nodeMsPerItem, bareMsPerItem)}x the bare node (${nodeMsPerItem} vs ${bareMsPerItem} ms per item), CPU ${ratio(nodeCpuMsPerItem, bareCpuMsPerItem)}x`);
  }
  return { measured, notMeasured };
}

async function loadTimes(bench: BenchSandbox, packages: Map<ConnectorName, N8nPackage>, options: BenchOptions, log: (line: string) => void) {
  const measured: N8nLoad[] = [];
  const notMeasured: N8nNotMeasured[] = [];
  const built = [...packages].filter(([name, pkg]) => {
    if (isBuilt(pkg)) return true;
    notMeasured.push({ connector: name, measurement: 'load time', reason: `${pkg.name} has no dist/ (\`npm run build\` builds it)` });
    return false;
  });
  type Sample = { workflow: number; nodes: number; credentials: number };
  const samples = new Map<ConnectorName, Sample[]>(built.map(([name]) => [name, []]));
  const load = async (pkg: N8nPackage) =>
    (
      await runChild(bench, {
        script: 'n8n-load.js',
        args: [JSON.stringify({ packageDir: pkg.dir, ...classesOf(pkg, 'dist') })],
        cwd: pkg.dir,
        env: childEnv(),
        label: pkg.name,
      })
    ).report as ChildResult['report'] & Sample;
  // One unmeasured process per package warms the disk cache; then the packages take turns.
  for (const [, pkg] of built) await load(pkg);
  for (let run = 0; run < options.coldRuns; run += 1) {
    for (const [name, pkg] of built) samples.get(name)?.push(await load(pkg));
  }
  for (const [name, pkg] of built) {
    const runs = samples.get(name) ?? [];
    const files = [...pkg.nodes, ...pkg.credentials];
    const entry: N8nLoad = {
      connector: name,
      package: pkg.name,
      files,
      bundleKiB: round(files.reduce((sum, file) => sum + statSync(path.join(pkg.dir, file)).size, 0) / 1024, 0),
      processes: options.coldRuns,
      workflowMs: round(median(runs.map((run) => run.workflow))),
      nodesMs: round(median(runs.map((run) => run.nodes))),
      credentialsMs: round(median(runs.map((run) => run.credentials))),
      totalMs: round(median(runs.map((run) => run.nodes + run.credentials))),
    };
    measured.push(entry);
    log(`n8n load ${pkg.name}: ${entry.totalMs} ms (node ${entry.nodesMs}, credential ${entry.credentialsMs}; n8n-workflow before it ${entry.workflowMs})`);
  }
  return { measured, notMeasured };
}

/** Both n8n measurements, for every connector with a package under n8n/packages. */
export async function measureN8n(bench: BenchSandbox, options: BenchOptions, log: (line: string) => void): Promise<N8nResults> {
  if (options.build) {
    log('building the n8n packages (n8n/build.ts)');
    buildPackages(log);
  }
  const byService = new Map(n8nPackages().map((pkg) => [pkg.service, pkg]));
  const packages = new Map<ConnectorName, N8nPackage>();
  const missing: N8nNotMeasured[] = [];
  for (const name of CONNECTORS) {
    const pkg = byService.get(name);
    if (pkg) packages.set(name, pkg);
    else missing.push({ connector: name, measurement: 'per item and load time', reason: `n8n/packages/${name} has no n8n package` });
  }
  for (const [name, pkg] of packages) log(`n8n ${name}: ${isBuilt(pkg) ? `${pkg.name}'s dist/` : `${pkg.name}'s TypeScript sources (no dist/)`}`);
  const items = await perItem(bench, packages, options, log);
  const load = await loadTimes(bench, packages, options, log);
  const bulk = await measureBulk(packages, options, log);
  return { perItem: items.measured, load: load.measured, bulk: bulk.measured, notMeasured: [...missing, ...items.notMeasured, ...load.notMeasured, ...bulk.notMeasured] };
}
