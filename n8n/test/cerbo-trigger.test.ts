/**
 * The Cerbo Trigger node polled as n8n polls a published workflow (n8n-core's PollContext and
 * TriggersAndPollers, the execution by WorkflowExecute), and run by hand ("Fetch Test Event") by n8n's
 * engine, against the sandbox: the first poll primes, later polls give only new records, none twice, the
 * memory stays bounded, and a manual run shows the most recent record without touching the memory. Both
 * events of the Zapier app, New Patient and New Appointment (with its Provider filter).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { cerboHandle, type CerboHandle } from '../../sandbox/cerbo';
import { RECORDS_KEPT } from '../runtime/trigger-memory';
import { CerboApi } from '../packages/cerbo/credentials/CerboApi.credentials';
import { Cerbo } from '../packages/cerbo/nodes/Cerbo/Cerbo.node';
import { CerboTrigger } from '../packages/cerbo/nodes/CerboTrigger/CerboTrigger.node';
import { CredentialStore, TriggerWorkflow } from './harness';
import { NodeUnderTest } from './runtime-sandbox';

let sandbox: Sandbox;
let cerbo: CerboHandle;
let credentials: CredentialStore;
let node: NodeUnderTest;
const workflows: TriggerWorkflow[] = [];
const RUN = Date.now().toString(36);
let made = 0;

beforeAll(async () => {
  sandbox = await startSandbox();
  cerbo = cerboHandle(sandbox.services);
  credentials = new CredentialStore([new CerboApi()]);
  credentials.add('cerboApi', { subdomain: cerbo.credentials.subdomain, username: cerbo.credentials.username, password: cerbo.credentials.password, baseUrl: `${sandbox.url}/cerbo/{subdomain}` });
  node = new NodeUnderTest(new Cerbo(), credentials);
});

afterAll(async () => {
  await Promise.all(workflows.map((workflow) => workflow.close()));
  await sandbox.close();
});

async function workflowWith(parameters: INodeParameters): Promise<TriggerWorkflow> {
  const workflow = new TriggerWorkflow(new CerboTrigger(), parameters, credentials);
  await workflow.start();
  workflows.push(workflow);
  return workflow;
}

/** Adds a patient to the practice through the Cerbo node. */
async function addPatient(): Promise<IDataObject> {
  made += 1;
  return node.record('create_patient', { first_name: 'Poll', last_name: `Tester${RUN}x${made}`, dob: '1990-01-0' + String((made % 9) + 1), sex: 'F' });
}

const idsOf = (items: IDataObject[] | undefined) => (items ?? []).map((item) => item.id);

describe('New Patient (new_patient)', () => {
  let workflow: TriggerWorkflow;

  beforeAll(async () => {
    workflow = await workflowWith({ event: 'new_patient' });
  });

  it('primes: the poll on publishing and the first scheduled poll give nothing, though the practice has patients', async () => {
    await addPatient();
    expect(await workflow.poll(true)).toBeUndefined();
    expect(await workflow.poll()).toBeUndefined();
    expect(workflow.executions).toEqual([]);
    expect((workflow.staticData().polled as { ids: string[] }).ids.length).toBeGreaterThan(0);
  });

  it('a later poll gives the patients added since, newest first, each once; the poll after gives nothing', async () => {
    const first = await addPatient();
    const second = await addPatient();
    const items = await workflow.poll();
    expect(idsOf(items)).toEqual([second.id, first.id]);
    expect(items?.[0]).toMatchObject({ id: second.id, last_name: second.last_name, dob: second.dob });
    expect(await workflow.poll()).toBeUndefined();
    const third = await addPatient();
    expect(idsOf(await workflow.poll())).toEqual([third.id]);
    expect(workflow.executions.map(idsOf)).toEqual([[second.id, first.id], [third.id]]);
  });

  it('a manual run shows the most recent patient, one item, and leaves the memory as it was', async () => {
    const newest = await addPatient();
    const before = workflow.staticData();
    expect(idsOf(await workflow.manualPoll())).toEqual([newest.id]);
    expect(workflow.staticData()).toEqual(before);
    // Not taken by the manual run: the next poll of the published workflow still gives it.
    expect(idsOf(await workflow.poll())).toEqual([newest.id]);
  });

  it(`remembers at most ${RECORDS_KEPT} records, forgetting the oldest first`, async () => {
    const polled = workflow.staticData().polled as { inputs: string; ids: string[] };
    const old = Array.from({ length: RECORDS_KEPT }, (_, index) => `old-${index}`);
    workflow.restoreStaticData({ polled: { inputs: polled.inputs, ids: [...old, ...polled.ids] } });
    const newest = await addPatient();
    expect(idsOf(await workflow.poll())).toEqual([newest.id]);
    const ids = (workflow.staticData().polled as { ids: string[] }).ids;
    expect(ids).toHaveLength(RECORDS_KEPT);
    expect(ids.at(-1)).toBe(newest.id);
    expect(ids).not.toContain('old-0');
  });

  it('another event chosen primes again rather than taking every record of its list for new', async () => {
    workflow.parameters = { event: 'new_appointment' };
    expect(await workflow.poll()).toBeUndefined();
    workflow.parameters = { event: 'new_patient' };
    expect(await workflow.poll()).toBeUndefined();
  });
});

describe('a poll the API rate limits', () => {
  it('fails naming the time a trigger node gives a step, not a Timeout option it does not have', async () => {
    const workflow = await workflowWith({ event: 'new_patient' });
    sandbox.faults.add({ kind: 'rate_limit', service: 'cerbo', method: 'GET', retryAfter: 60, times: 1 });
    const failure = await workflow.poll().then(
      () => undefined,
      (error: Error) => error,
    );
    sandbox.faults.clear();
    expect(failure?.message).toBe(
      'Cerbo is rate limiting requests (HTTP 429) and asks to wait 60 seconds. That is more than is left of the 60 seconds a trigger node gives a step. Try again after that.',
    );
  });
});

describe('New Appointment (new_appointment) with a Provider filter', () => {
  it('primes, then gives only the new appointments with the provider chosen', async () => {
    const providers = await node.dropdown('providers', 'create_appointment');
    const [wanted, other] = providers;
    const workflow = await workflowWith({ event: 'new_appointment', provider_id: wanted.value });
    expect(await workflow.poll()).toBeUndefined();
    const patient = await addPatient();
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const book = async (providerId: unknown, hour: number) =>
      node.record('create_appointment', { provider_ids: [providerId as string], pt_id: patient.id as string, appointment_type: 'Follow-up', start_date_time: `${day} ${hour}:00`, end_date_time: `${day} ${hour}:30` });
    const withOther = await book(other.value, 9);
    const withWanted = await book(wanted.value, 10);
    const items = await workflow.poll();
    expect(idsOf(items)).toEqual([withWanted.id]);
    expect(idsOf(items)).not.toContain(withOther.id);
    expect(items?.[0]).toMatchObject({ id: withWanted.id, associated_providers: [expect.objectContaining({ id: wanted.value })] });
    expect(await workflow.poll()).toBeUndefined();
    expect(idsOf(await workflow.manualPoll())).toEqual([withWanted.id]);
  });
});
