/**
 * The n8n bulk figure of `npm run bench`: 1,000 items through Serebro AI's Create Contact and 120 through Sergio's
 * Create Customer, each in one node execution (bench/child/n8n-bulk.ts), against a sandbox of their own enforcing
 * the published rate limits multiplied by `options.bulkScale`, with the credential's rate-limit field multiplied
 * alike. What it reports comes from the sandbox's side: the 429s it answered, the requests it counted against the
 * limit, the records it holds and the creates it received, beside the items the node said failed and the run's time
 * as a ratio to the floor the limit sets (the requests counted ÷ the limit × its window).
 */
import type { N8nPackage } from '../n8n/build';
import { requestsPer10Seconds } from '../n8n/packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { writesPerMinute } from '../n8n/packages/sergio/credentials/SergioApi.credentials';
import type { Sandbox } from '../sandbox';
import { scaledLimit } from '../sandbox/core/ratelimit';
import { serebroHandle } from '../sandbox/serebro';
import { BURST_INTERVAL_MS } from '../sandbox/serebro/ratelimit';
import { sergioHandle } from '../sandbox/sergio';
import { ROOT, type ConnectorName } from '../scripts/connectors';
import { runChild } from './child-process';
import type { N8nBulkReport, N8nBulkSpec } from './child/n8n-bulk';
import { childEnv, classesOf, isBuilt } from './n8n';
import type { BenchOptions } from './options';
import { PROFILES } from './profiles';
import type { N8nBulk, N8nNotMeasured } from './report';
import { startBenchSandbox, type CountedRequest } from './sandbox';
import { ratio, round } from './stats';

/** One bulk run: a create operation of a node, the limit it is paced under, and how the sandbox shows what it did. */
interface BulkRun {
  connector: ConnectorName;
  /** The node's resource and operation, and its fields as expressions over each item. */
  parameters: Record<string, unknown>;
  /** Input items: full run, and `--quick` (enough to show the run works, not a figure). */
  items: { full: number; quick: number };
  item: (prefix: string, index: number) => Record<string, string>;
  /** The credential as n8n saves it, pointed at the sandbox by its Base URL, its rate-limit field `limit`. */
  credential: (sandbox: Sandbox, limit: number) => Promise<N8nBulkSpec['credentialData']>;
  /** The limit the node is paced under: the credential field, and its window. */
  field: { name: string; default: number };
  windowMs: number;
  /** The limit in words, at `limit` requests. */
  limitText: (limit: number) => string;
  /** Whether the API counts a request against the limit; and whether it is one of the run's creates. */
  counted: (request: CountedRequest) => boolean;
  isCreate: (request: CountedRequest) => boolean;
  /** The emails of the records in the sandbox that the run's items asked for (by their prefix). */
  records: (sandbox: Sandbox, prefix: string) => (string | null | undefined)[];
}

const RUNS: BulkRun[] = [
  {
    connector: 'serebro',
    parameters: { resource: 'contact', operation: 'create_contact', email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
    items: { full: 1_000, quick: 15 },
    item: (prefix, index) => ({ email: `${prefix}${index}@example.com`, firstName: 'Bulk', lastName: `Contact ${index}` }),
    credential: async (sandbox, limit) => {
      const { clientId, clientSecret } = serebroHandle(sandbox.services).credentials;
      return { baseUrl: `${sandbox.url}/serebro`, clientId, clientSecret, oauthTokenData: await PROFILES.serebro.connect(sandbox), [requestsPer10Seconds.name]: limit };
    },
    field: requestsPer10Seconds,
    windowMs: BURST_INTERVAL_MS,
    limitText: (limit) => `${limit} requests per ${BURST_INTERVAL_MS / 1000} s per Location`,
    // docs/apis.md §1.2: every request of the connection counts.
    counted: (request) => request.path.startsWith('/serebro/v2/'),
    isCreate: (request) => request.method === 'POST' && request.path === '/serebro/v2/contacts',
    records: (sandbox, prefix) => serebroHandle(sandbox.services).store.contacts.filter((contact) => contact.email?.startsWith(prefix)).map((contact) => contact.email),
  },
  {
    connector: 'sergio',
    parameters: { resource: 'customer', operation: 'create_customer', name: '={{ $json.name }}', email: '={{ $json.email }}' },
    items: { full: 120, quick: 6 },
    item: (prefix, index) => ({ name: `Bulk Customer ${index}`, email: `${prefix}${index}@example.com` }),
    credential: async (sandbox, limit) => ({ baseUrl: `${sandbox.url}/sergio`, apiKey: sergioHandle(sandbox.services).credentials.apiKey, [writesPerMinute.name]: limit }),
    field: writesPerMinute,
    windowMs: 60_000,
    limitText: (limit) => `${limit} writes a minute per API key`,
    // docs/apis.md §2.2: a write is any request but a GET and a webhook registration.
    counted: (request) => request.path.startsWith('/sergio/zapier/v1/') && request.method !== 'GET' && !request.path.includes('/subscriptions'),
    isCreate: (request) => request.method === 'POST' && request.path === '/sergio/zapier/v1/actions/create-customer',
    records: (sandbox, prefix) => sergioHandle(sandbox.services).store.customers.filter((customer) => customer.email?.startsWith(prefix)).map((customer) => customer.email),
  },
];

/** The bulk runs of the packages given, side by side (each service has its own limits), against one scaled sandbox. */
export async function measureBulk(
  packages: Map<ConnectorName, N8nPackage>,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ measured: N8nBulk[]; notMeasured: N8nNotMeasured[] }> {
  const scale = options.bulkScale;
  const bench = await startBenchSandbox({ seed: 'bench-bulk', rateLimitScale: scale });
  const measured: N8nBulk[] = [];
  const notMeasured: N8nNotMeasured[] = [];
  try {
    const runs = RUNS.filter((run) => packages.has(run.connector));
    // Everything the runs send is counted from here on; each run picks its own service's requests out.
    bench.take();
    const results = await Promise.all(
      runs.map(async (run) => {
        const pkg = packages.get(run.connector) as N8nPackage;
        const limit = scaledLimit(run.field.default, scale);
        const items = options.quick ? run.items.quick : run.items.full;
        const prefix = `bulk-${run.connector}-${Date.now().toString(36)}-`;
        const { nodes, credentials } = classesOf(pkg, isBuilt(pkg) ? 'dist' : 'source');
        const spec: N8nBulkSpec = {
          node: nodes[0],
          credential: credentials[0],
          credentialData: await run.credential(bench.sandbox, limit),
          parameters: run.parameters,
          items: Array.from({ length: items }, (_, index) => run.item(prefix, index)),
        };
        log(`n8n bulk ${run.connector}: ${items} items at ${run.limitText(limit)} (scale ${scale})`);
        try {
          const child = await runChild(bench, { script: 'n8n-bulk.ts', args: [JSON.stringify(spec)], cwd: ROOT, env: childEnv(), nodeFlags: ['--import', 'tsx'], label: `n8n-nodes-${run.connector} bulk` });
          return { run, limit, items, prefix, report: child.report as unknown as N8nBulkReport, from: nodes[0].file.endsWith('.ts') ? ('source' as const) : ('dist' as const) };
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 4).join(' ');
          log(`n8n bulk ${run.connector}: not measured: ${reason}`);
          notMeasured.push({ connector: run.connector, measurement: 'bulk', reason });
          return undefined;
        }
      }),
    );
    const arrivals = bench.take();
    for (const result of results) {
      if (!result) continue;
      const { run, limit, items, prefix, report, from } = result;
      const ofRun = arrivals.filter((request) => run.counted(request) || run.isCreate(request));
      const throttled = ofRun.filter((request) => request.status === 429).length;
      const requests = ofRun.filter((request) => run.counted(request) && request.status !== 429).length;
      const creates = ofRun.filter((request) => run.isCreate(request) && request.status !== 429).length;
      const records = run.records(bench.sandbox, prefix);
      const seconds = report.ms / 1000;
      const floorSeconds = (requests / limit) * (run.windowMs / 1000);
      const entry: N8nBulk = {
        connector: run.connector,
        from,
        operation: `${String(run.parameters.resource)}: ${String(run.parameters.operation)}`,
        items,
        failed: report.failed,
        firstFailure: report.firstFailure,
        throttled,
        requests,
        creates,
        records: records.length,
        distinctRecords: new Set(records).size,
        rateLimit: run.limitText(limit),
        credentialField: `${run.field.name} = ${limit}`,
        scale,
        seconds: round(seconds, 1),
        floorSeconds: round(floorSeconds, 1),
        ratio: ratio(seconds, floorSeconds),
      };
      measured.push(entry);
      log(
        `n8n bulk ${run.connector}: ${entry.items} items, ${entry.failed} failed, ${entry.throttled} 429s, ${entry.records} records (${entry.creates} creates received), ` +
          `${entry.seconds} s for ${entry.requests} requests: ` +
          // A run that fits in one window's allowance (the quick run) waits for nothing: its ratio says nothing of pacing.
          (entry.requests <= limit ? `all within one window's allowance of ${limit}, so no wait was due` : `${entry.ratio}× the floor of ${entry.floorSeconds} s`),
      );
    }
  } finally {
    await bench.close();
  }
  return { measured, notMeasured };
}
