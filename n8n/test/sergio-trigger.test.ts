/**
 * The Sergio Trigger node driven as n8n's server drives a published webhook trigger (n8n-core's HookContext
 * and WebhookContext, the harness standing at n8n's webhook URLs) against the sandbox, which subscribes,
 * signs and delivers as Sergio does: both events with their filter, the whole lifecycle with the sandbox's
 * subscriptions checked after each step, the orders n8n calls the methods in, and "Listen for test event".
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { sergioHandle, type SergioHandle } from '../../sandbox/sergio';
import { SergioApi } from '../packages/sergio/credentials/SergioApi.credentials';
import { SergioTrigger } from '../packages/sergio/nodes/SergioTrigger/SergioTrigger.node';
import { CredentialStore, TriggerWorkflow, until } from './harness';

let sandbox: Sandbox;
let sergio: SergioHandle;
let credentials: CredentialStore;
const workflows: TriggerWorkflow[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ webhookRetryBaseMs: 50 });
  sergio = sergioHandle(sandbox.services);
  credentials = new CredentialStore([new SergioApi()]);
  credentials.add('sergioApi', { apiKey: sergio.credentials.apiKey, baseUrl: `${sandbox.url}/sergio` });
});

// Sergio allows 10 subscription requests a minute per key (docs/apis.md §2); these tests make more.
beforeEach(async () => {
  await fetch(`${sandbox.url}/sergio/_admin/reset-rate-limits`, { method: 'POST' });
});

afterAll(async () => {
  await Promise.all(workflows.map((workflow) => workflow.close()));
  await sandbox.close();
});

/** A published workflow starting with the Sergio Trigger node set to `parameters`. */
async function workflowWith(parameters: INodeParameters): Promise<TriggerWorkflow> {
  const workflow = new TriggerWorkflow(new SergioTrigger(), parameters, credentials);
  await workflow.start();
  workflows.push(workflow);
  return workflow;
}

/** The sandbox's subscriptions delivering to `urls`, as Sergio holds them. */
const hooksFor = (...urls: string[]) =>
  [...sergio.store.subscriptions.values()].filter((subscription) => urls.includes(subscription.target_url)).map(({ id, event, target_url }) => ({ id, event, url: target_url }));

async function admin(path: string, body: IDataObject): Promise<IDataObject> {
  const response = await fetch(`${sandbox.url}/sergio/_admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
  return (await response.json()) as IDataObject;
}

/** Books a job in Sergio (`job.created`), and waits until its delivery to `workflow` has been answered. */
async function bookJob(workflow: TriggerWorkflow): Promise<IDataObject> {
  const answered = workflow.answers.length;
  const job = await admin('/jobs', {});
  await until('the job.created delivery', () => workflow.answers.length > answered);
  return job;
}

/** The `data` of the last event Sergio delivered to `url`: what the Zapier trigger's perform returns for it. */
function lastDelivered(url: string): IDataObject {
  const record = sandbox.webhooks.log.filter((delivery) => delivery.url === url).at(-1);
  return (record?.body as { data: IDataObject }).data;
}

describe('each event gives the items of a signed delivery from Sergio, with its filter', () => {
  it('New Job (new_job): the job booked, exactly as delivered', async () => {
    const workflow = await workflowWith({ event: 'new_job' });
    await workflow.activate();
    const job = await bookJob(workflow);
    expect(workflow.executions).toEqual([[lastDelivered(workflow.productionUrl)]]);
    expect(workflow.executions[0][0]).toMatchObject({ id: job.id, status: 'scheduled', customer: { id: expect.any(String) } });
    await workflow.deactivate();
  });

  it('Job Status Changed (job_status_changed) to Completed: a move to In Progress starts nothing, the move to Completed gives the change', async () => {
    const workflow = await workflowWith({ event: 'job_status_changed', status: 'completed' });
    await workflow.activate();
    const job = await admin('/jobs', {});
    for (const status of ['in_progress', 'completed']) {
      const answered = workflow.answers.length;
      await admin(`/jobs/${String(job.id)}/status`, { status });
      await until(`the move to ${status}`, () => workflow.answers.length > answered);
    }
    expect(workflow.answers.slice(-2).map((answer) => answer.status)).toEqual([200, 200]);
    expect(workflow.executions).toEqual([[lastDelivered(workflow.productionUrl)]]);
    expect(workflow.executions[0][0]).toMatchObject({ job: { id: job.id }, previous_status: 'in_progress', status: 'completed' });
    await workflow.deactivate();
  });
});

describe('the lifecycle of a published workflow, the sandbox\'s subscriptions checked after each step', () => {
  let workflow: TriggerWorkflow;
  let hookId: string;

  beforeAll(async () => {
    workflow = await workflowWith({ event: 'new_job' });
  });

  it('publishing subscribes the node\'s URL to its event, once, and keeps the subscription in the static data', async () => {
    await workflow.activate();
    const hooks = hooksFor(workflow.productionUrl);
    expect(hooks).toEqual([{ id: expect.stringMatching(/^sub_/), event: 'job.created', url: workflow.productionUrl }]);
    hookId = hooks[0].id;
    expect(workflow.staticData().subscription).toEqual({ id: hookId, secret: expect.stringMatching(/^whsec_/), url: workflow.productionUrl, inputs: expect.stringContaining('"new_job"') });
  });

  it('a signed delivery starts an execution with the job; a replay of it is answered 200 and starts none', async () => {
    const job = await bookJob(workflow);
    expect(workflow.executions.at(-1)).toEqual([expect.objectContaining({ id: job.id })]);
    const delivery = workflow.received.at(-1);
    if (!delivery) throw new Error('nothing was delivered');
    const replay = await workflow.deliver(delivery.url, delivery.rawBody, delivery.headers);
    expect(replay).toMatchObject({ status: 200, execution: undefined });
    // Without its delivery header too: the signed event id is what is remembered.
    const { 'x-sergio-delivery': _id, ...withoutId } = delivery.headers;
    expect(await workflow.deliver(delivery.url, delivery.rawBody, withoutId)).toMatchObject({ status: 200, execution: undefined });
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
  });

  it('a forged delivery (the body changed under its signature) and an unsigned one are answered 401 and start nothing', async () => {
    const delivery = workflow.received.at(-1);
    if (!delivery) throw new Error('nothing was delivered');
    const executions = workflow.executions.length;
    const forged = delivery.rawBody.replace(/"id":"evt_[^"]+"/, '"id":"evt_forged"');
    expect(await workflow.deliver(delivery.url, forged, delivery.headers)).toMatchObject({ status: 401, execution: undefined });
    const { 'x-sergio-signature': _signature, ...unsigned } = delivery.headers;
    const refused = await workflow.deliver(delivery.url, forged, unsigned);
    expect(refused).toMatchObject({ status: 401, execution: undefined });
    expect(JSON.parse(refused.body)).toEqual({ message: expect.stringMatching(/^Refused a webhook delivery: /) });
    expect(workflow.executions).toHaveLength(executions);
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
  });

  it('publishing again (saving, restarting n8n) keeps the one subscription', async () => {
    await workflow.activate('update');
    await workflow.activate('init');
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
  });

  it('unpublishing removes it and forgets it; unpublishing again changes nothing', async () => {
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
    expect(workflow.staticData()).toEqual({});
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
  });
});

describe('other orders', () => {
  it('a new URL (n8n\'s webhook URL changed): publishing again removes the subscription to the old one', async () => {
    const workflow = await workflowWith({ event: 'new_job' });
    await workflow.activate();
    const oldUrl = workflow.productionUrl;
    workflow.webhookRoot = 'hooks';
    await workflow.activate('init');
    expect(hooksFor(oldUrl, workflow.productionUrl)).toEqual([{ id: expect.any(String), event: 'job.created', url: workflow.productionUrl }]);
    await workflow.deactivate();
    expect(hooksFor(oldUrl, workflow.productionUrl)).toEqual([]);
  });

  it('another event chosen: publishing again subscribes to it and removes the first', async () => {
    const workflow = await workflowWith({ event: 'new_job' });
    await workflow.activate();
    workflow.parameters = { event: 'job_status_changed' };
    await workflow.activate('update');
    expect(hooksFor(workflow.productionUrl)).toEqual([{ id: expect.any(String), event: 'job.status_changed', url: workflow.productionUrl }]);
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
  });

  it('a subscription removed in Sergio: unpublishing still ends cleanly', async () => {
    const workflow = await workflowWith({ event: 'new_job' });
    await workflow.activate();
    sergio.store.subscriptions.delete(String((workflow.staticData().subscription as IDataObject).id));
    await workflow.deactivate();
    expect(workflow.staticData()).toEqual({});
  });
});

describe('"Listen for test event"', () => {
  it('subscribes the test URL beside the published one, runs the event that comes, then removes the test subscription', async () => {
    const workflow = await workflowWith({ event: 'new_job' });
    await workflow.activate();
    await workflow.listenForTestEvent();
    expect(hooksFor(workflow.productionUrl, workflow.testUrl).map((hook) => hook.url).sort()).toEqual([workflow.productionUrl, workflow.testUrl].sort());
    const job = await admin('/jobs', {});
    await workflow.testEventHandled();
    await until('the published workflow\'s delivery', () => workflow.executions.length === 2);
    expect(workflow.executions.map((items) => items[0].id)).toEqual([job.id, job.id]);
    expect(hooksFor(workflow.productionUrl, workflow.testUrl).map((hook) => hook.url)).toEqual([workflow.productionUrl]);
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl, workflow.testUrl)).toEqual([]);
  });

  it('stopping without an event removes the test subscription too', async () => {
    const workflow = await workflowWith({ event: 'job_status_changed' });
    await workflow.listenForTestEvent();
    expect(hooksFor(workflow.testUrl)).toHaveLength(1);
    await workflow.stopListening();
    expect(hooksFor(workflow.testUrl)).toEqual([]);
  });
});

describe('a credential Sergio refuses', () => {
  it('publishing fails with the connector\'s message, naming no key', async () => {
    const revoked = new CredentialStore([new SergioApi()]);
    revoked.add('sergioApi', { apiKey: sergio.credentials.revokedApiKey, baseUrl: `${sandbox.url}/sergio` });
    const workflow = new TriggerWorkflow(new SergioTrigger(), { event: 'new_job' }, revoked);
    await workflow.start();
    workflows.push(workflow);
    const failure = await workflow.activate().catch((error: Error) => error);
    expect(failure).toMatchObject({ name: 'NodeApiError', message: expect.stringMatching(/^Sergio no longer accepts this connection's credentials\./) });
    expect(JSON.stringify(failure)).not.toContain(sergio.credentials.revokedApiKey);
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
  });
});
