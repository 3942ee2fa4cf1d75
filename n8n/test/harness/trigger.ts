/**
 * A trigger node in a published workflow, driven as n8n's server drives one, with n8n-core's own contexts:
 * HookContext for the webhook methods (checkExists then create when n8n activates, delete when it stops,
 * as its WebhookService and ActiveWorkflowManager call them), WebhookContext for each delivery, PollContext
 * and TriggersAndPollers for polls, WorkflowExecute for the execution a trigger starts.
 *
 * What n8n's server (not installed here: its CLI package) does around them is done here as it does it:
 * - an HTTP server stands at n8n's webhook URLs (`/webhook/…`, `/webhook-test/…`), keeps the raw body as
 *   n8n's body parser does (`rawBody`), and answers as n8n does: a node that answered itself
 *   (`noWebhookResponse`) is left alone, no `workflowData` is 200 "Webhook call received" with no execution,
 *   `workflowData` starts an execution, a node that threw is a 500;
 * - the workflow's static data is kept as n8n's database keeps it, as JSON, read again for every call and
 *   saved where n8n saves it: after activating and deactivating, after an execution, after a poll that
 *   found nothing (not the poll made on activation, which n8n runs as a test of the trigger);
 * - "Listen for test event" is n8n's TestWebhooks: the node's methods run in manual mode for the test URL
 *   on a workflow of its own (static data starting empty), the delivery runs with that static data, and
 *   the test webhook is deleted after it, with the static data kept when it was created.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, PollContext, TriggersAndPollers, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
  NodeConnectionTypes,
  Workflow,
  createRunExecutionData,
  type IDataObject,
  type INode,
  type INodeExecutionData,
  type INodeParameters,
  type INodeType,
  type IWebhookData,
  type IWebhookResponseData,
  type WorkflowActivateMode,
  type WorkflowExecuteMode,
} from 'n8n-workflow';
import { additionalDataFor } from './additional-data';
import type { CredentialStore } from './credentials';
import { StoreCredentialsHelper } from './credentials';
import { NodeTypeRegistry } from './node-types';

/** The trigger node's id for webhooks (n8n gives each webhook node one): part of its URLs. */
const WEBHOOK_ID = '5b0c3f0e-7a53-4c8e-9d0a-1f2e3d4c5b6a';

const CONNECTION_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** An answer the webhook endpoint gave. */
export interface Answer {
  status: number;
  body: string;
}

/** What one delivery came to: the answer, and the items of the execution it started (undefined: none started). */
export interface Delivery extends Answer {
  execution?: IDataObject[];
}

/** A response with what n8n's express adds to it and a webhook node uses: `status()` and `json()`. */
type ExpressLike = ServerResponse & { status(code: number): ExpressLike; json(body: unknown): ExpressLike };

function expressLike(response: ServerResponse): ExpressLike {
  return Object.assign(response, {
    status(code: number) {
      response.statusCode = code;
      return response as ExpressLike;
    },
    json(body: unknown) {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(body));
      return response;
    },
  }) as ExpressLike;
}

async function rawBodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Static data as n8n saves it: JSON, without n8n's change marker. */
const saved = (staticData: IDataObject) => JSON.stringify(staticData, (key, value: unknown) => (key === '__dataChanged' ? undefined : value));

export class TriggerWorkflow {
  /** The workflow's static data as n8n's database holds it. */
  private staticDataJson = '{}';
  /** The items of every execution the trigger started, in order. */
  readonly executions: IDataObject[][] = [];
  /** Every answer of the webhook endpoints, in order. */
  readonly answers: Answer[] = [];
  /** Every request that reached the webhook endpoints, as it came (to replay one). */
  readonly received: Array<{ url: string; headers: Record<string, string>; rawBody: string }> = [];
  /** The test webhook being listened for: the static data its creation left. */
  private listening?: { staticData: IDataObject; done: Promise<void>; finish: () => void };
  private server?: Server;
  private origin = '';
  /** The path of n8n's production webhook URLs (its `WEBHOOK_URL`): changing it changes the node's URL. */
  webhookRoot = 'webhook';

  constructor(
    readonly nodeType: INodeType,
    public parameters: INodeParameters,
    readonly credentials: CredentialStore,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.receive(request, expressLike(response)));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get name(): string {
    return this.nodeType.description.defaults.name ?? this.nodeType.description.displayName;
  }

  /** The node's production webhook URL, as n8n builds it. */
  get productionUrl(): string {
    return `${this.origin}/${this.webhookRoot}/${WEBHOOK_ID}/webhook`;
  }

  get testUrl(): string {
    return `${this.origin}/webhook-test/${WEBHOOK_ID}/webhook`;
  }

  /** The node's static data as saved. */
  staticData(): IDataObject {
    return ((JSON.parse(this.staticDataJson) as IDataObject)[`node:${this.name}`] as IDataObject | undefined) ?? {};
  }

  /** The node's static data as a saved workflow would hold it (a state built by a test). */
  restoreStaticData(node: IDataObject): void {
    this.staticDataJson = JSON.stringify({ [`node:${this.name}`]: node });
  }

  /** What happens to a workflow whose static data is lost (imported again, reset): nothing of the node is kept. */
  forgetStaticData(): void {
    this.staticDataJson = '{}';
  }

  private node(): INode {
    const stored = this.credentials.firstOfType(this.nodeType.description.credentials?.[0]?.name ?? '');
    const type = this.nodeType.description.credentials?.[0]?.name ?? '';
    return {
      id: 'trigger',
      name: this.name,
      type: this.nodeType.description.name,
      typeVersion: 1,
      position: [0, 0],
      parameters: this.parameters,
      webhookId: WEBHOOK_ID,
      ...(stored ? { credentials: { [type]: { id: stored.id, name: stored.name } } } : {}),
    };
  }

  /** The workflow as n8n builds it for a call, with the static data given (the saved one by default). */
  private workflow(staticData: IDataObject = JSON.parse(this.staticDataJson) as IDataObject) {
    const nodeTypes = new NodeTypeRegistry([this.nodeType]);
    const node = this.node();
    const workflow = new Workflow({ id: 'trigger-workflow', name: 'Trigger workflow', nodes: [node], connections: {}, active: true, nodeTypes, staticData, settings: { executionOrder: 'v1' } });
    const workflowData = { id: workflow.id, name: 'Trigger workflow', active: true, isArchived: false, activeVersionId: null, createdAt: new Date(), updatedAt: new Date(), nodes: [node], connections: {}, settings: workflow.settings };
    const credentialsHelper = new StoreCredentialsHelper(this.credentials, nodeTypes, node);
    const { additionalData } = additionalDataFor(workflowData, credentialsHelper);
    additionalData.webhookBaseUrl = `${this.origin}/${this.webhookRoot}`;
    additionalData.webhookTestBaseUrl = `${this.origin}/webhook-test`;
    return { workflow, node: workflow.getNode(node.name) as INode, additionalData, workflowData };
  }

  private webhookData(built: ReturnType<TriggerWorkflow['workflow']>, isTest: boolean): IWebhookData {
    const [description] = this.nodeType.description.webhooks ?? [];
    if (!description) throw new Error(`${this.nodeType.description.name} has no webhook.`);
    return { httpMethod: 'POST', node: built.node.name, path: `${WEBHOOK_ID}/webhook`, webhookDescription: description, workflowId: built.workflow.id, workflowExecuteAdditionalData: built.additionalData, webhookId: WEBHOOK_ID, isTest };
  }

  private async webhookMethod(method: 'checkExists' | 'create' | 'delete', built: ReturnType<TriggerWorkflow['workflow']>, mode: WorkflowExecuteMode, activation: WorkflowActivateMode, isTest: boolean) {
    const run = this.nodeType.webhookMethods?.default?.[method];
    if (!run) throw new Error(`${this.nodeType.description.name} has no webhook method ${method}.`);
    const context = new HookContext(built.workflow, built.node, built.additionalData, mode, activation, this.webhookData(built, isTest));
    return (await run.call(context)) as boolean;
  }

  /** Publishing (or n8n starting with the workflow published): checkExists, then create if it answers false; the static data saved. */
  async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
    const built = this.workflow();
    if (!(await this.webhookMethod('checkExists', built, 'trigger', activation, false))) await this.webhookMethod('create', built, 'trigger', activation, false);
    this.staticDataJson = saved(built.workflow.staticData);
  }

  /** Unpublishing: delete, in n8n's internal mode; the static data saved. */
  async deactivate(): Promise<void> {
    const built = this.workflow();
    await this.webhookMethod('delete', built, 'internal', 'update', false);
    this.staticDataJson = saved(built.workflow.staticData);
  }

  /** "Listen for test event": the test webhook created on a workflow of its own; resolves when it is set up. */
  async listenForTestEvent(): Promise<void> {
    const built = this.workflow({});
    if (!(await this.webhookMethod('checkExists', built, 'manual', 'manual', true))) await this.webhookMethod('create', built, 'manual', 'manual', true);
    let finish = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.listening = { staticData: JSON.parse(saved(built.workflow.staticData)) as IDataObject, done, finish };
  }

  /** Resolves when the test event has come and its test webhook has been deleted. */
  async testEventHandled(): Promise<void> {
    await this.listening?.done;
  }

  /** The test webhook deleted, as n8n deletes it after the test event or when listening stops. */
  async stopListening(): Promise<void> {
    const listening = this.listening;
    if (!listening) return;
    this.listening = undefined;
    await this.webhookMethod('delete', this.workflow(listening.staticData), 'internal', 'update', true);
    listening.finish();
  }

  /** Sends a request to one of the node's webhook URLs, as a sender would: what it was answered, and what it started. */
  async deliver(url: string, rawBody: string, headers: Record<string, string>): Promise<Delivery> {
    const executions = this.executions.length;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
    const answer = { status: response.status, body: await response.text() };
    return { ...answer, execution: this.executions.length > executions ? this.executions[this.executions.length - 1] : undefined };
  }

  private async receive(request: IncomingMessage, response: ExpressLike): Promise<void> {
    const rawBody = await rawBodyOf(request);
    // What a sender chose to send: the connection's own headers are not part of a delivery to replay.
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !CONNECTION_HEADERS.has(entry[0])),
    );
    this.received.push({ url: `${this.origin}${request.url ?? ''}`, headers, rawBody: rawBody.toString('utf8') });
    const isTest = request.url?.startsWith('/webhook-test/') ?? false;
    const production = request.url === new URL(this.productionUrl).pathname;
    const listening = this.listening;
    if ((!isTest && !production) || (isTest && !listening)) {
      response.status(404).json({ message: 'The requested webhook is not registered.' });
      this.answers.push({ status: 404, body: '' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = {};
    }
    Object.assign(request, { rawBody, body });
    const built = this.workflow(isTest ? listening?.staticData : undefined);
    if (isTest && listening) built.workflow.setTestStaticData(listening.staticData);
    const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
    const webhookData = this.webhookData(built, isTest);
    const context = new WebhookContext(built.workflow, built.node, { ...built.additionalData, httpRequest: request as never, httpResponse: response as never }, mode, webhookData, [], null);
    let result: IWebhookResponseData;
    try {
      result = await (this.nodeType.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context);
    } catch (error) {
      response.status(500).json({ message: 'Error in workflow' });
      this.answers.push({ status: 500, body: (error as Error).message });
      return;
    }
    if (!result.noWebhookResponse) response.status(200).json(result.workflowData ? { message: 'Workflow was started' } : { message: 'Webhook call received' });
    this.answers.push({ status: response.statusCode, body: '' });
    if (!result.workflowData) return;
    this.executions.push(await this.execute(built, result.workflowData, mode));
    if (isTest) await this.stopListening();
    else this.staticDataJson = saved(built.workflow.staticData);
  }

  /** The execution a trigger starts with its items: n8n's engine runs the workflow from the trigger node. */
  private async execute(built: ReturnType<TriggerWorkflow['workflow']>, data: INodeExecutionData[][], mode: WorkflowExecuteMode): Promise<IDataObject[]> {
    const { additionalData, finished } = additionalDataFor(built.workflowData, new StoreCredentialsHelper(this.credentials, new NodeTypeRegistry([this.nodeType]), built.node));
    const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: built.node, data: { [NodeConnectionTypes.Main]: data }, source: null }] } });
    const [, run] = await Promise.all([new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(built.workflow), finished]);
    if (run.data.resultData.error) throw new Error(`The execution failed: ${run.data.resultData.error.message}`);
    const output = run.data.resultData.runData[built.node.name]?.at(-1)?.data?.[NodeConnectionTypes.Main]?.[0] ?? [];
    return output.map((item) => item.json);
  }

  /**
   * One poll of the published workflow (n8n's poll on activation when `onActivation`, a scheduled one otherwise):
   * the items of the execution it started, or undefined when it found nothing. As n8n, the static data is saved
   * after an execution, and after a scheduled poll that found nothing.
   */
  async poll(onActivation = false): Promise<IDataObject[] | undefined> {
    const built = this.workflow();
    const context = new PollContext(built.workflow, built.node, built.additionalData, 'trigger', onActivation ? 'activate' : 'init');
    const result = await new TriggersAndPollers().runPollFunction(built.workflow, built.node, context);
    if (result === null) {
      if (!onActivation) this.staticDataJson = saved(built.workflow.staticData);
      return undefined;
    }
    this.staticDataJson = saved(built.workflow.staticData);
    const items = await this.execute(built, result, 'trigger');
    this.executions.push(items);
    return items;
  }

  /** "Fetch Test Event": a manual run of the polling trigger, by n8n's engine; the items it shows. */
  async manualPoll(): Promise<IDataObject[]> {
    const built = this.workflow();
    const { additionalData, finished } = additionalDataFor(built.workflowData, new StoreCredentialsHelper(this.credentials, new NodeTypeRegistry([this.nodeType]), built.node));
    const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: built.node, data: { [NodeConnectionTypes.Main]: [[{ json: {} }]] }, source: null }] } });
    const [, run] = await Promise.all([new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(built.workflow), finished]);
    if (run.data.resultData.error) throw new Error(`The manual run failed: ${run.data.resultData.error.message}`);
    // A manual run's changes to the static data are not saved by n8n.
    return (run.data.resultData.runData[built.node.name]?.at(-1)?.data?.[NodeConnectionTypes.Main]?.[0] ?? []).map((item) => item.json);
  }
}
