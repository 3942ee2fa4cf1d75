/**
 * One bulk run, in a fresh process: an n8n package's node run once by n8n-core's WorkflowExecute (the in-process
 * harness, n8n/test/harness) on every input item at once, each item's values mapped by expressions
 * (`={{ $json.email }}`), as a workflow that read a sheet hands its rows to one node execution. Continue On Fail
 * is on, so that an item that fails is counted and the run goes on. Run under `node --import tsx`, as the harness
 * is TypeScript. argv: <spec JSON> (N8nBulkSpec). Prints one line `BENCH {...}`. It never asks for the sandbox's
 * limits to be reset: the run is measured against them.
 */
import { performance } from 'node:perf_hooks';
import { CredentialStore, runNode, type AnyNodeType } from '../../n8n/test/harness';
import type { PackageClass } from './n8n-items';

type CredentialType = NonNullable<ConstructorParameters<typeof CredentialStore>[0]>[number];

export interface N8nBulkSpec {
  node: PackageClass;
  credential: PackageClass;
  /** The credential as saved in n8n, its rate-limit field scaled with the sandbox's limits. */
  credentialData: Parameters<CredentialStore['add']>[1];
  /** The node's parameters, as n8n's editor saves them: each field an expression over the item. */
  parameters: Record<string, unknown>;
  items: NonNullable<Parameters<typeof runNode>[2]>;
}

/** What the run gave: its time, the items out, and those that failed (the first failure's message, if any). */
export interface N8nBulkReport {
  ms: number;
  itemsOut: number;
  failed: number;
  firstFailure?: string;
}

const spec = JSON.parse(process.argv[2]) as N8nBulkSpec;

/** As n8n's loader makes a package's class: `new (require(file)[className])()`. */
const make = <T>(entry: PackageClass): T => new (require(entry.file) as Record<string, new () => T>)[entry.className]();

async function main(): Promise<N8nBulkReport> {
  const credentialType = make<CredentialType>(spec.credential);
  const credentials = new CredentialStore([credentialType]);
  credentials.add(credentialType.name, spec.credentialData);
  const node = make<AnyNodeType>(spec.node);
  const started = performance.now();
  const run = await runNode(node, spec.parameters as never, spec.items, credentials, { node: { onError: 'continueRegularOutput' } });
  const ms = performance.now() - started;
  if (run.error) throw new Error(`${node.description.displayName} failed as a whole: ${run.error.message} ${run.error.description ?? ''}`);
  const failures = run.items.filter((item) => typeof item.json.error === 'string').map((item) => String(item.json.error));
  return { ms, itemsOut: run.items.length, failed: failures.length, firstFailure: failures[0] };
}

main().then(
  (report) => process.stdout.write(`BENCH ${JSON.stringify({ ok: true, ...report })}\n`, () => process.exit(0)),
  (error: unknown) => {
    const detail = error instanceof Error && error.stack ? error.stack : String(error);
    process.stdout.write(`BENCH ${JSON.stringify({ ok: false, error: detail })}\n`, () => process.exit(1));
  },
);
