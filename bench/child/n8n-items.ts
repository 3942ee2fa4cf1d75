/**
 * Per input item, in a fresh process: an n8n package's node run by n8n-core's WorkflowExecute (the
 * in-process harness, n8n/test/harness) on `items` items, beside the harness's BareRequestNode sending
 * the same request with the same credential on as many items. Run under `node --import tsx`, as the
 * harness is TypeScript. argv: <spec JSON> (N8nItemsSpec). Prints one line `BENCH {...}`.
 *
 * One item of each first records the request each sends (diagnostics channel of node:http, which n8n's
 * axios goes through); they must be the same. One untimed run of each at full size warms both up; then
 * every round times both, in alternating order. Before every run the bench resets the sandbox's rate
 * limits (asked over IPC, outside the timing), so no 429 reaches a timing.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BareRequestNode, CredentialStore, runNode, type AnyNodeType } from '../../n8n/test/harness';

type CredentialType = NonNullable<ConstructorParameters<typeof CredentialStore>[0]>[number];

/** A class of an n8n package: its file (dist/, or the TypeScript source when dist/ is not built) and its name. */
export interface PackageClass {
  file: string;
  className: string;
}

export interface N8nItemsSpec {
  node: PackageClass;
  credential: PackageClass;
  /** The credential as saved in n8n, fields by name. */
  credentialData: Parameters<CredentialStore['add']>[1];
  /** The node's parameters, as n8n's editor saves them. */
  parameters: Record<string, unknown>;
  items: number;
  rounds: number;
}

/** One timed workflow run of one side. */
export interface N8nRunSample {
  msPerItem: number;
  cpuMsPerItem: number;
  /** Requests the run sent (every item's). */
  requests: number;
}

interface SentRequest {
  method: string;
  url: string;
  body: string;
}

const spec = JSON.parse(process.argv[2]) as N8nItemsSpec;

/** As n8n's loader makes a package's class: `new (require(file)[className])()`. */
const make = <T>(entry: PackageClass): T => new (require(entry.file) as Record<string, new () => T>)[entry.className]();

let sent = 0;
let recording: SentRequest[] | undefined;
diagnostics.subscribe('http.client.request.created', (message) => {
  sent += 1;
  if (!recording) return;
  const list = recording;
  const { request } = message as { request: ClientRequest };
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = request.write.bind(request) as (...args: unknown[]) => boolean;
  const end = request.end.bind(request) as (...args: unknown[]) => ClientRequest;
  request.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ClientRequest['write'];
  request.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk);
    list.push({ method: request.method, url: `${request.protocol}//${String(request.getHeader('host'))}${request.path}`, body: Buffer.concat(chunks).toString() });
    return end(chunk, ...rest);
  }) as ClientRequest['end'];
});

let resets = 0;
/** Asks the bench to reset the sandbox's rate limits, and waits until it has. */
function resetLimits(): Promise<void> {
  return new Promise((resolve) => {
    const id = ++resets;
    const onMessage = (message: { type?: string; id?: number }) => {
      if (message?.type !== 'reset-done' || message.id !== id) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send?.({ type: 'reset', id });
  });
}

/** One side of the comparison: a node type and the parameters it runs with, connected to the saved credential. */
interface Side {
  nodeType: AnyNodeType;
  parameters: Record<string, unknown>;
  credentials: CredentialStore;
}

async function run(side: Side, items: number) {
  const run = await runNode(side.nodeType, side.parameters as never, Array.from({ length: items }, () => ({})), side.credentials);
  const name = side.nodeType.description.displayName;
  if (run.error) throw new Error(`${name} failed: ${run.error.message} ${run.error.description ?? ''}`);
  if (run.items.length !== items) throw new Error(`${name} put out ${run.items.length} items for ${items}; the comparison is about one item out per item in.`);
}

/** The one request a side sends for one item. */
async function requestOf(side: Side): Promise<SentRequest> {
  await resetLimits();
  const requests: SentRequest[] = [];
  recording = requests;
  try {
    await run(side, 1);
  } finally {
    recording = undefined;
  }
  if (requests.length !== 1) throw new Error(`${side.nodeType.description.displayName} sent ${requests.length} requests for one item; the comparison is about one request per item.`);
  return requests[0];
}

async function timed(side: Side): Promise<N8nRunSample> {
  await resetLimits();
  const before = sent;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(side, spec.items);
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { msPerItem: elapsed / spec.items, cpuMsPerItem: (used.user + used.system) / 1000 / spec.items, requests: sent - before };
}

/** The request as the report shows it: method and path, the query's names without their values (they are the sandbox's data). */
function shown(request: SentRequest): string {
  const url = new URL(request.url);
  const query = [...url.searchParams.keys()].map((key) => `${key}=…`).join('&');
  return `${request.method} ${url.pathname}${query ? `?${query}` : ''}`;
}

async function main() {
  const credentialType = make<CredentialType>(spec.credential);
  const credentials = new CredentialStore([credentialType]);
  credentials.add(credentialType.name, spec.credentialData);
  const node: Side = { nodeType: make<AnyNodeType>(spec.node), parameters: spec.parameters, credentials };
  const ours = await requestOf(node);
  const bare: Side = { nodeType: new BareRequestNode(credentialType.name), parameters: { method: ours.method, url: ours.url, body: ours.body }, credentials };
  const theirs = await requestOf(bare);
  if (ours.method !== theirs.method || ours.url !== theirs.url || ours.body !== theirs.body) {
    throw new Error(`The bare node sent ${theirs.method} ${theirs.url} ${theirs.body} where the node sent ${ours.method} ${ours.url} ${ours.body}.`);
  }
  await timed(node);
  await timed(bare);
  const nodeRuns: N8nRunSample[] = [];
  const bareRuns: N8nRunSample[] = [];
  for (let round = 0; round < spec.rounds; round += 1) {
    if (round % 2) {
      bareRuns.push(await timed(bare));
      nodeRuns.push(await timed(node));
    } else {
      nodeRuns.push(await timed(node));
      bareRuns.push(await timed(bare));
    }
  }
  return { request: shown(ours), nodeRuns, bareRuns };
}

main().then(
  (result) => process.stdout.write(`BENCH ${JSON.stringify({ ok: true, ...result })}\n`, () => process.exit(0)),
  (error: unknown) => {
    const detail = error instanceof Error && error.stack ? error.stack : String(error);
    process.stdout.write(`BENCH ${JSON.stringify({ ok: false, error: detail })}\n`, () => process.exit(1));
  },
);
