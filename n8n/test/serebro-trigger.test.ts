/**
 * The Serebro AI Trigger node driven as n8n's server drives a published webhook trigger (n8n-core's
 * HookContext and WebhookContext, the harness standing at n8n's webhook URLs) against the sandbox, which
 * subscribes, signs and delivers as Serebro AI does: every event of the Zapier app with its filters, raised
 * by the Serebro AI action node; the lifecycle with the sandbox's subscriptions checked after each step; a
 * subscription the static data lost (Serebro AI lists subscriptions, so it is found and removed); and
 * "Listen for test event".
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { operations } from '../../connectors/serebro/operations';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroSignature } from '../../sandbox/core/signatures';
import { serebroHandle, type SerebroHandle } from '../../sandbox/serebro';
import { connect } from '../../sandbox/serebro/test/helpers';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { Serebro } from '../packages/serebro/nodes/Serebro/Serebro.node';
import { SerebroTrigger } from '../packages/serebro/nodes/SerebroTrigger/SerebroTrigger.node';
import { CredentialStore, TriggerWorkflow, until } from './harness';
import { NodeUnderTest } from './runtime-sandbox';

let sandbox: Sandbox;
let serebro: SerebroHandle;
let credentials: CredentialStore;
let node: NodeUnderTest;
const workflows: TriggerWorkflow[] = [];

const RUN = Date.now().toString(36);
/** A week ahead, so that bookings are never in the past. */
const BOOKING_DAY = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  sandbox = await startSandbox({ webhookRetryBaseMs: 50, workflowStepMs: 20 });
  serebro = serebroHandle(sandbox.services);
  credentials = new CredentialStore([new SerebroOAuth2Api()]);
  credentials.add('serebroOAuth2Api', {
    baseUrl: `${sandbox.url}/serebro`,
    clientId: serebro.credentials.clientId,
    clientSecret: serebro.credentials.clientSecret,
    oauthTokenData: await connect(sandbox),
  });
  node = new NodeUnderTest(new Serebro(), credentials);
});

afterAll(async () => {
  await Promise.all(workflows.map((workflow) => workflow.close()));
  await sandbox.close();
});

async function workflowWith(parameters: INodeParameters): Promise<TriggerWorkflow> {
  const workflow = new TriggerWorkflow(new SerebroTrigger(), parameters, credentials);
  await workflow.start();
  workflows.push(workflow);
  return workflow;
}

/** The sandbox's subscriptions delivering to `urls`, as Serebro AI holds them. */
const hooksFor = (...urls: string[]) =>
  serebro.store.subscriptions.filter((subscription) => urls.includes(subscription.url)).map(({ id, events, url }) => ({ id, events, url }));

/** Runs `act`, then waits until `count` more deliveries to `workflow` have been answered. */
async function delivered<T>(workflow: TriggerWorkflow, count: number, act: () => Promise<T>): Promise<T> {
  const answered = workflow.answers.length;
  const result = await act();
  await until(`${count} deliveries`, () => workflow.answers.length >= answered + count);
  return result;
}

/** The `data` of the last event Serebro AI delivered to `url`. */
function lastDelivered(url: string): IDataObject {
  const record = sandbox.webhooks.log.filter((delivery) => delivery.url === url).at(-1);
  return (record?.body as { data: IDataObject }).data;
}

/** The fields of the Zapier trigger's sample: an item of the same shape has every one of them. */
function sampleKeysOf(key: string): string[] {
  const trigger = operations.triggers.find((module) => module.default.key === key);
  return Object.keys((trigger?.default as { operation: { sample: IDataObject } }).operation.sample);
}

describe('each event of the Zapier app gives the items of a signed delivery, with its filters', () => {
  let contact: IDataObject;

  it('New Contact (contact_created): the contact, its custom-field values under readable keys as on Zapier', async () => {
    const workflow = await workflowWith({ event: 'contact_created' });
    await workflow.activate();
    const field = serebro.store.customFields.find((candidate) => candidate.locationId === serebro.store.locations[0].id && candidate.fieldKey === 'contact.insurance_provider');
    if (!field) throw new Error('the sandbox has no Insurance Provider field');
    contact = await delivered(workflow, 1, () =>
      node.record('create_contact', { email: `trigger.${RUN}@example.com`, firstName: 'Tess', customFields: { pairs: [{ key: field.id, value: 'Acme Health' }] } }),
    );
    expect(workflow.executions).toHaveLength(1);
    const [item] = workflow.executions[0];
    expect(item).toEqual({ ...lastDelivered(workflow.productionUrl), customFieldValues: { insurance_provider: 'Acme Health' } });
    expect(item).toMatchObject({ id: contact.id, email: `trigger.${RUN}@example.com` });
    expect(Object.keys(item)).toEqual(expect.arrayContaining(sampleKeysOf('contact_created')));
    await workflow.deactivate();
  });

  it('Updated Contact (contact_updated): the contact as it is now', async () => {
    const workflow = await workflowWith({ event: 'contact_updated' });
    await workflow.activate();
    await delivered(workflow, 1, () => node.record('update_contact', { contactId: contact.id as string, lastName: `Updated ${RUN}` }));
    expect(workflow.executions).toEqual([[expect.objectContaining({ id: contact.id, lastName: `Updated ${RUN}`, customFieldValues: expect.any(Object) })]]);
    await workflow.deactivate();
  });

  it('New Appointment Booked (appointment_booked) for one service, and Appointment Canceled (appointment_canceled) for one staff member', async () => {
    const services = await node.dropdown('services', 'create_appointment');
    const [staffMember, otherStaff] = await node.dropdown('staff', 'create_appointment');
    const [wanted, other] = services;
    const booked = await workflowWith({ event: 'appointment_booked', serviceId: wanted.value });
    const canceled = await workflowWith({ event: 'appointment_canceled', staffId: staffMember.value });
    await booked.activate();
    await canceled.activate();
    const book = (serviceId: unknown, staffId: unknown, hour: number) =>
      node.record('create_appointment', {
        contactId: contact.id as string,
        serviceId: serviceId as string,
        staffId: staffId as string,
        startTime: `${BOOKING_DAY}T${hour}:00:00Z`,
        endTime: `${BOOKING_DAY}T${hour}:30:00Z`,
      });
    await delivered(booked, 1, () => book(other.value, staffMember.value, 10));
    const appointment = await delivered(booked, 1, () => book(wanted.value, staffMember.value, 11));
    expect(booked.executions).toEqual([[expect.objectContaining({ id: appointment.id, serviceId: wanted.value, status: 'booked' })]]);
    expect(Object.keys(booked.executions[0][0])).toEqual(expect.arrayContaining(sampleKeysOf('appointment_booked')));

    const elsewhere = otherStaff ? await book(wanted.value, otherStaff.value, 12) : undefined;
    if (elsewhere) await delivered(canceled, 1, () => node.record('cancel_appointment', { appointmentId: elsewhere.id as string }));
    await delivered(canceled, 1, () => node.record('cancel_appointment', { appointmentId: appointment.id as string }));
    expect(canceled.executions).toEqual([[expect.objectContaining({ id: appointment.id, staffId: staffMember.value, status: 'canceled' })]]);
    await booked.deactivate();
    await canceled.deactivate();
  });

  it('New Opportunity (opportunity_created) and Opportunity Stage Changed (opportunity_stage_changed) into one stage', async () => {
    const [pipeline] = await node.dropdown('pipelines', 'create_opportunity');
    const stages = await node.dropdown('stages', 'create_opportunity', { pipelineId: pipeline.value });
    const created = await workflowWith({ event: 'opportunity_created' });
    const moved = await workflowWith({ event: 'opportunity_stage_changed', pipelineId: pipeline.value, stageId: stages[2].value });
    await created.activate();
    await moved.activate();
    const opportunity = await delivered(created, 1, () =>
      node.record('create_opportunity', { name: `Trigger deal ${RUN}`, pipelineId: pipeline.value as string, stageId: stages[0].value as string, contactId: contact.id as string }),
    );
    expect(created.executions).toEqual([[expect.objectContaining({ id: opportunity.id, stageId: stages[0].value, customFieldValues: expect.any(Object) })]]);
    expect(Object.keys(created.executions[0][0])).toEqual(expect.arrayContaining(sampleKeysOf('opportunity_created')));

    await delivered(moved, 1, () => node.record('update_opportunity', { opportunityId: opportunity.id as string, stageId: stages[1].value as string }));
    await delivered(moved, 1, () => node.record('update_opportunity', { opportunityId: opportunity.id as string, stageId: stages[2].value as string }));
    expect(moved.executions).toEqual([[expect.objectContaining({ id: opportunity.id, stageId: stages[2].value })]]);
    await created.deactivate();
    await moved.deactivate();
  });

  it('Workflow Execution Completed (workflow_execution_completed) that succeeded: the finished run', async () => {
    const [workflowChoice] = await node.dropdown('workflows', 'execute_workflow');
    const completed = await workflowWith({ event: 'workflow_execution_completed', workflowId: workflowChoice.value, status: 'succeeded' });
    await completed.activate();
    const execution = await node.record('execute_workflow', { workflowId: workflowChoice.value as string, contactId: contact.id as string });
    await until('the finished run', () => completed.executions.length === 1);
    expect(completed.executions).toEqual([[expect.objectContaining({ id: execution.id, workflowId: workflowChoice.value, status: 'succeeded' })]]);
    expect(Object.keys(completed.executions[0][0])).toEqual(expect.arrayContaining(sampleKeysOf('workflow_execution_completed')));
    await completed.deactivate();
  });
});

describe('the lifecycle of a published workflow, the sandbox\'s subscriptions checked after each step', () => {
  let workflow: TriggerWorkflow;
  let hookId: string;

  beforeAll(async () => {
    workflow = await workflowWith({ event: 'contact_created' });
  });

  it('publishing subscribes the node\'s URL to its event, once', async () => {
    await workflow.activate();
    const hooks = hooksFor(workflow.productionUrl);
    expect(hooks).toEqual([{ id: expect.stringMatching(/^whk_/), events: ['contact.created'], url: workflow.productionUrl }]);
    hookId = hooks[0].id;
  });

  it('a signed delivery gives the contact; its replay is answered 200 and starts nothing', async () => {
    const contact = await delivered(workflow, 1, () => node.record('create_contact', { email: `cycle.${RUN}@example.com` }));
    expect(workflow.executions.at(-1)).toEqual([expect.objectContaining({ id: contact.id })]);
    const delivery = workflow.received.at(-1);
    if (!delivery) throw new Error('nothing was delivered');
    expect(await workflow.deliver(delivery.url, delivery.rawBody, delivery.headers)).toMatchObject({ status: 200, execution: undefined });
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
  });

  it('forged, unsigned and stale deliveries are answered 401 and start nothing', async () => {
    const delivery = workflow.received.at(-1);
    if (!delivery) throw new Error('nothing was delivered');
    const executions = workflow.executions.length;
    const forged = delivery.rawBody.replace(/"id":"evt_[^"]+"/, '"id":"evt_forged"');
    const { 'x-serebro-signature': _signature, ...unsigned } = delivery.headers;
    // Signed with the subscription's own secret, but an hour ago: a captured delivery sent again later.
    const secret = String((workflow.staticData().subscription as IDataObject).secret);
    const stale = { ...unsigned, 'x-serebro-signature': serebroSignature(secret, forged, Math.floor(Date.now() / 1000) - 3600) };
    for (const [body, headers] of [[forged, delivery.headers], [forged, unsigned], [forged, stale]] as const) {
      expect(await workflow.deliver(delivery.url, body, headers)).toMatchObject({ status: 401, execution: undefined });
    }
    expect(workflow.executions).toHaveLength(executions);
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
  });

  it('publishing again keeps the one subscription; one removed in Serebro AI meanwhile is made again', async () => {
    await workflow.activate('update');
    expect(hooksFor(workflow.productionUrl).map((hook) => hook.id)).toEqual([hookId]);
    serebro.store.subscriptions.splice(serebro.store.subscriptions.findIndex((subscription) => subscription.id === hookId), 1);
    await workflow.activate('init');
    const hooks = hooksFor(workflow.productionUrl);
    expect(hooks).toEqual([{ id: expect.not.stringMatching(hookId), events: ['contact.created'], url: workflow.productionUrl }]);
    hookId = hooks[0].id;
  });

  it('static data lost (the workflow imported again): publishing finds the subscription for its URL and leaves exactly one', async () => {
    workflow.forgetStaticData();
    await workflow.activate('activate');
    const hooks = hooksFor(workflow.productionUrl);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].id).not.toBe(hookId);
    expect((workflow.staticData().subscription as IDataObject).id).toBe(hooks[0].id);
  });

  it('unpublishing removes it; with the static data lost, unpublishing still removes the one for its URL', async () => {
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
    await workflow.activate();
    workflow.forgetStaticData();
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl)).toEqual([]);
  });

  it('another node\'s subscription, at another URL, is never touched', async () => {
    const other = await workflowWith({ event: 'contact_created' });
    await other.activate();
    await workflow.activate();
    workflow.forgetStaticData();
    await workflow.deactivate();
    expect(hooksFor(workflow.productionUrl, other.productionUrl).map((hook) => hook.url)).toEqual([other.productionUrl]);
    await other.deactivate();
  });
});

describe('"Listen for test event"', () => {
  it('subscribes the test URL, runs the event that comes, then removes the test subscription', async () => {
    const workflow = await workflowWith({ event: 'contact_created' });
    await workflow.listenForTestEvent();
    expect(hooksFor(workflow.testUrl)).toHaveLength(1);
    const contact = await node.record('create_contact', { email: `listen.${RUN}@example.com` });
    await workflow.testEventHandled();
    expect(workflow.executions).toEqual([[expect.objectContaining({ id: contact.id })]]);
    expect(hooksFor(workflow.testUrl, workflow.productionUrl)).toEqual([]);
  });
});
