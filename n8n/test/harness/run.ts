import { LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
  NodeConnectionTypes,
  NodeHelpers,
  Workflow,
  createRunExecutionData,
  type ExecutionError,
  type ExecutionStatus,
  type IConnections,
  type IDataObject,
  type INode,
  type INodeCredentialsDetails,
  type INodeExecutionData,
  type INodeListSearchResult,
  type INodeParameters,
  type INodePropertyOptions,
  type INodeType,
  type IRunData,
  type IVersionedNodeType,
  type ResourceMapperFields,
  type IWorkflowBase,
  type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { additionalDataFor } from './additional-data';
import { CredentialStore, StoreCredentialsHelper } from './credentials';
import { NodeTypeRegistry, latestVersion } from './node-types';
import { START, StartNode } from './start-node';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** A node of the workflow: its name and type, and what n8n's editor would have saved for it (version, parameters, credentials, onError …). */
export type NodeSpec = Pick<INode, 'name' | 'type'> & Partial<Omit<INode, 'name' | 'type'>>;

export interface WorkflowSpec {
  /** The node types the nodes use (n8n's Start node is added). */
  nodeTypes: AnyNodeType[];
  /** The saved credentials and their types; nodes refer to them by `credentials: { <type>: { id, name } }`. */
  credentials?: CredentialStore;
  nodes: NodeSpec[];
  /** How the nodes connect, Start included; without it, Start and the nodes run in a line in the order given. */
  connections?: IConnections;
  /** The items Start emits (each one's `json`). */
  items?: IDataObject[];
  /** The workflow's time zone setting; n8n's default (America/New_York) when absent. */
  timezone?: string;
}

export interface WorkflowRun {
  /** What each node that ran put out (its first output, last run), by node name. */
  items: Record<string, INodeExecutionData[]>;
  /**
   * What stopped the run, as n8n keeps it for the editor and execution history: the failing node's
   * NodeApiError or NodeOperationError copied field by field (`name`, `message`, `description`,
   * `httpCode`, `context` …), so a secret in any field would be kept too. Undefined when the run finished.
   */
  error?: ExecutionError;
  status: ExecutionStatus;
  /** n8n's record of every node's runs, as execution history keeps it. */
  runData: IRunData;
}

/** A workflow in memory, as n8n's server builds one from a saved workflow before running it. */
function workflowOf(spec: Omit<WorkflowSpec, 'items'>) {
  const nodeTypes = new NodeTypeRegistry([new StartNode(), ...spec.nodeTypes]);
  const start: INode = { id: 'start', name: START, type: 'harnessStart', typeVersion: 1, position: [0, 0], parameters: {} };
  const nodes: INode[] = [
    start,
    ...spec.nodes.map((node, index) => ({
      id: `node-${index + 1}`,
      position: [(index + 1) * 220, 0] as [number, number],
      typeVersion: latestVersion(nodeTypes.getByName(node.type)),
      parameters: {},
      ...node,
    })),
  ];
  const connections = spec.connections ?? inLine(nodes.map((node) => node.name));
  const settings = { executionOrder: 'v1' as const, ...(spec.timezone ? { timezone: spec.timezone } : {}) };
  const workflowData: IWorkflowBase = {
    id: 'harness-workflow',
    name: 'Harness workflow',
    active: false,
    isArchived: false,
    activeVersionId: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    nodes,
    connections,
    settings,
  };
  const workflow = new Workflow({ id: workflowData.id, name: workflowData.name, nodes, connections, active: false, nodeTypes, settings });
  const credentialsHelper = new StoreCredentialsHelper(spec.credentials ?? new CredentialStore(), nodeTypes, start);
  return { workflow, workflowData, start, credentialsHelper };
}

/** Connections that run each named node after the one before it. */
export function inLine(names: string[]): IConnections {
  return Object.fromEntries(
    names.slice(0, -1).map((name, index) => [name, { [NodeConnectionTypes.Main]: [[{ node: names[index + 1], type: NodeConnectionTypes.Main, index: 0 }]] }]),
  );
}

/**
 * Runs a workflow with n8n-core's WorkflowExecute in this process, as n8n's server runs a manual
 * execution: Start gets `items`, each node runs once on what the one before it put out.
 */
export async function runWorkflow(spec: WorkflowSpec): Promise<WorkflowRun> {
  const { workflow, workflowData, start, credentialsHelper } = workflowOf(spec);
  const { additionalData, finished } = additionalDataFor(workflowData, credentialsHelper);
  const input = (spec.items ?? [{}]).map((json) => ({ json }));
  const runExecutionData = createRunExecutionData({
    executionData: { nodeExecutionStack: [{ node: start, data: { [NodeConnectionTypes.Main]: [input] }, source: null }] },
  });
  const [, run] = await Promise.all([new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow), finished]);
  const { runData, error } = run.data.resultData;
  const items = Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, runs.at(-1)?.data?.[NodeConnectionTypes.Main]?.[0] ?? []]));
  return { items, error, status: run.status, runData };
}

export interface NodeRun {
  /** What the node put out (its first output). */
  items: INodeExecutionData[];
  error?: ExecutionError;
  status: ExecutionStatus;
  runData: IRunData;
}

/** The node's name in the workflow: the one n8n's editor gives a new node of this type. */
function nameOf(nodeType: AnyNodeType): string {
  const { defaults, displayName } = NodeHelpers.getVersionedNodeType(nodeType, latestVersion(nodeType)).description;
  return defaults.name ?? displayName;
}

/**
 * The credentials a lone node is connected to: for each credential its type declares, the first saved
 * credential of that type, as a user with one account of each would pick.
 */
function credentialsFor(nodeType: AnyNodeType, version: number, store: CredentialStore | undefined): INode['credentials'] {
  const declared = NodeHelpers.getVersionedNodeType(nodeType, version).description.credentials ?? [];
  const chosen = declared.flatMap(({ name }) => {
    const stored = store?.firstOfType(name);
    return stored ? [[name, { id: stored.id, name: stored.name }] as const] : [];
  });
  return chosen.length > 0 ? Object.fromEntries(chosen) : undefined;
}

/**
 * Runs one node after Start on `items`, connected to the first saved credential of each type it
 * declares. `node` sets what else the editor would save for it (`onError: 'continueRegularOutput'`
 * for Continue On Fail, a `typeVersion`).
 */
export async function runNode(
  nodeType: AnyNodeType,
  parameters: INodeParameters,
  items: IDataObject[] = [{}],
  credentials?: CredentialStore,
  options: { node?: Partial<INode>; timezone?: string } = {},
): Promise<NodeRun> {
  const name = nameOf(nodeType);
  const typeVersion = options.node?.typeVersion ?? latestVersion(nodeType);
  const node: NodeSpec = {
    name,
    type: nodeType.description.name,
    typeVersion,
    parameters,
    credentials: credentialsFor(nodeType, typeVersion, credentials),
    ...options.node,
  };
  const run = await runWorkflow({ nodeTypes: [nodeType], credentials, nodes: [node], items, timezone: options.timezone });
  return { items: run.items[name] ?? [], error: run.error, status: run.status, runData: run.runData };
}

/**
 * What n8n's server does when the editor opens a dropdown: the node alone in a workflow, its current
 * parameters, and the method called in a LoadOptionsContext.
 */
function dropdownContext(
  nodeType: AnyNodeType,
  parameters: INodeParameters,
  credentials: CredentialStore | undefined,
  path: string,
  chosen?: Record<string, INodeCredentialsDetails>,
) {
  const typeVersion = latestVersion(nodeType);
  const spec: NodeSpec = { name: nameOf(nodeType), type: nodeType.description.name, typeVersion, parameters, credentials: chosen ?? credentialsFor(nodeType, typeVersion, credentials) };
  const { workflow, workflowData, credentialsHelper } = workflowOf({ nodeTypes: [nodeType], credentials, nodes: [spec], connections: {} });
  const { additionalData } = additionalDataFor(workflowData, credentialsHelper);
  const withParameters: IWorkflowExecuteAdditionalData = { ...additionalData, currentNodeParameters: parameters };
  const node = workflow.getNode(spec.name) as INode;
  return new LoadOptionsContext(workflow, node, withParameters, path);
}

/** The path of the field whose dropdown calls `method` (n8n resolves `&sibling` references against it). */
function pathOf(nodeType: INodeType, method: string): string {
  const property = nodeType.description.properties.find(
    ({ typeOptions, modes }) => typeOptions?.loadOptionsMethod === method || modes?.some((mode) => mode.typeOptions?.searchListMethod === method),
  );
  return `parameters.${property?.name ?? method}`;
}

/** The options of a dropdown filled by `methods.loadOptions[method]`, with the node's parameters as the editor holds them. */
export async function loadOptions(
  nodeType: AnyNodeType,
  method: string,
  parameters: INodeParameters = {},
  credentials?: CredentialStore,
): Promise<INodePropertyOptions[]> {
  const version = NodeHelpers.getVersionedNodeType(nodeType, latestVersion(nodeType));
  const load = version.methods?.loadOptions?.[method];
  if (!load) throw new Error(`${nodeType.description.name} has no loadOptions method "${method}".`);
  const context = dropdownContext(nodeType, parameters, credentials, pathOf(version, method));
  return await load.call(context);
}

/** One page of a searchable list filled by `methods.listSearch[method]`. */
export async function searchList(
  nodeType: AnyNodeType,
  method: string,
  parameters: INodeParameters = {},
  credentials?: CredentialStore,
  search: { filter?: string; paginationToken?: string } = {},
): Promise<INodeListSearchResult> {
  const version = NodeHelpers.getVersionedNodeType(nodeType, latestVersion(nodeType));
  const list = version.methods?.listSearch?.[method];
  if (!list) throw new Error(`${nodeType.description.name} has no listSearch method "${method}".`);
  const context = dropdownContext(nodeType, parameters, credentials, pathOf(version, method));
  return await list.call(context, search.filter, search.paginationToken);
}

/**
 * The fields of a resource mapper filled by `methods.resourceMapping[method]`, as n8n's server reads them when
 * the editor shows the mapper: the node's parameters as the editor holds them, and its credential (the first
 * saved one of each type, or those `chosen`, as a user picks another credential on the node).
 */
export async function resourceMapping(
  nodeType: AnyNodeType,
  method: string,
  parameters: INodeParameters = {},
  credentials?: CredentialStore,
  chosen?: Record<string, INodeCredentialsDetails>,
): Promise<ResourceMapperFields> {
  const version = NodeHelpers.getVersionedNodeType(nodeType, latestVersion(nodeType));
  const map = version.methods?.resourceMapping?.[method];
  if (!map) throw new Error(`${nodeType.description.name} has no resourceMapping method "${method}".`);
  const property = version.description.properties.find(({ typeOptions }) => typeOptions?.resourceMapper?.resourceMapperMethod === method);
  const context = dropdownContext(nodeType, parameters, credentials, `parameters.${property?.name ?? method}`, chosen);
  return await map.call(context);
}
