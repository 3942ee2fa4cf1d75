/**
 * What the in-process tests of the three nodes share: a node's operation parameters as the editor saves
 * them, one run of an operation through n8n's engine (the harness), and everything n8n keeps of a run as
 * text, to look for what must not be there.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeCredentialsDetails, INodeParameters, INodeType } from 'n8n-workflow';
import { CredentialStore, loadOptions, resourceMapping, runNode, START, type NodeRun } from './harness';

/** The parameters the editor saves for `operation`: the resource its description shows it under, the operation, its fields. */
export function parametersOf(node: INodeType, operation: string, fields: INodeParameters = {}): INodeParameters {
  const chooser = node.description.properties.find(
    (property) => property.name === 'operation' && property.options?.some((option) => 'value' in option && option.value === operation),
  );
  const resource = chooser?.displayOptions?.show?.resource?.[0];
  if (typeof resource !== 'string') throw new Error(`${node.description.name} has no operation "${operation}".`);
  return { resource, operation, ...fields };
}

/** What a test file ran without an error, by node: the operations, the dropdowns and the resource mappers. */
const succeeded = new Map<string, { operations: Set<string>; dropdowns: Set<string>; mappers: Set<string> }>();

function succeededWith(node: INodeType) {
  const name = node.description.name;
  if (!succeeded.has(name)) succeeded.set(name, { operations: new Set(), dropdowns: new Set(), mappers: new Set() });
  return succeeded.get(name) as { operations: Set<string>; dropdowns: Set<string>; mappers: Set<string> };
}

/** Every operation of the node, every dropdown method and every resource-mapper method, sorted: what a test file must have run. */
export function everythingOf(node: INodeType): { operations: string[]; dropdowns: string[]; mappers: string[] } {
  const operations = node.description.properties
    .filter((property) => property.name === 'operation')
    .flatMap((property) => (property.options ?? []).map((option) => ('value' in option ? String(option.value) : '')));
  return {
    operations: [...new Set(operations)].sort(),
    dropdowns: Object.keys(node.methods?.loadOptions ?? {}).sort(),
    mappers: Object.keys(node.methods?.resourceMapping ?? {}).sort(),
  };
}

/** The operations, dropdowns and resource mappers of the node this test file ran without an error, sorted. */
export function succeededOf(node: INodeType): { operations: string[]; dropdowns: string[]; mappers: string[] } {
  const { operations, dropdowns, mappers } = succeededWith(node);
  return { operations: [...operations].sort(), dropdowns: [...dropdowns].sort(), mappers: [...mappers].sort() };
}

/** One node of a service with its saved credential, run as n8n runs it. */
export class NodeUnderTest {
  constructor(
    readonly node: INodeType,
    readonly credentials: CredentialStore,
  ) {}

  /** Runs `operation` on `items` (one empty item by default); `node` sets what else the editor saves (onError). */
  async run(operation: string, fields: INodeParameters = {}, items: IDataObject[] = [{}], node: Parameters<typeof runNode>[4] = {}): Promise<NodeRun> {
    const run = await runNode(this.node, parametersOf(this.node, operation, fields), items, this.credentials, node);
    // Continue On Fail puts out `{error}` alone for an item that failed.
    const failedItem = (json: IDataObject) => Object.keys(json).length === 1 && typeof json.error === 'string';
    if (!run.error && !run.items.some((item) => failedItem(item.json))) succeededWith(this.node).operations.add(operation);
    return run;
  }

  /** The items a run of `operation` put out, failing the test with n8n's error if it failed. */
  async items(operation: string, fields: INodeParameters = {}, items: IDataObject[] = [{}]): Promise<IDataObject[]> {
    const run = await this.run(operation, fields, items);
    if (run.error) throw new Error(`${operation} failed: ${run.error.message}`);
    return run.items.map((item) => item.json);
  }

  /** The one record a run of `operation` put out. */
  async record<T = IDataObject>(operation: string, fields: INodeParameters = {}): Promise<T> {
    const items = await this.items(operation, fields);
    expect(items).toHaveLength(1);
    return items[0] as T;
  }

  /** A dropdown's choices, with the node's parameters as the editor holds them while `operation` is open. */
  async dropdown(method: string, operation: string, fields: INodeParameters = {}) {
    const choices = await loadOptions(this.node, method, parametersOf(this.node, operation, fields), this.credentials);
    succeededWith(this.node).dropdowns.add(method);
    return choices;
  }

  /**
   * A resource mapper's fields, as the editor reads them while `operation` is open with `fields` chosen, with
   * the node's first saved credential or the one `chosen` (`{ <type>: { id, name } }`).
   */
  async mapperFields(method: string, operation: string, fields: INodeParameters = {}, chosen?: Record<string, INodeCredentialsDetails>) {
    const mapped = await resourceMapping(this.node, method, parametersOf(this.node, operation, fields), this.credentials, chosen);
    succeededWith(this.node).mappers.add(method);
    return mapped;
  }
}

/**
 * Everything n8n keeps of a run of the node, as text: the error as it is stored, and the run data of every
 * node but Start (whose items are the test's own input).
 */
export const keptOf = (run: NodeRun): string =>
  JSON.stringify({ error: run.error, runData: Object.fromEntries(Object.entries(run.runData).filter(([name]) => name !== START)) });

/** A server on this machine that counts what reaches it: a redirect's target that must receive nothing. */
export async function elsewhere(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`);
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
