/**
 * The Cerbo node run by n8n's engine in this process against the sandbox, with the package's Basic
 * credential: every action and search, every dropdown, and what a health-record node must never do: keep a
 * patient's details or the secret key in anything n8n stores of a failed run. The patient comes from the
 * items before the node, mapped by expressions, as in a workflow.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { cerboHandle, type CerboHandle } from '../../sandbox/cerbo';
import { CerboApi } from '../packages/cerbo/credentials/CerboApi.credentials';
import { Cerbo } from '../packages/cerbo/nodes/Cerbo/Cerbo.node';
import { CredentialStore } from './harness';
import { everythingOf, keptOf, NodeUnderTest, succeededOf } from './runtime-sandbox';

let sandbox: Sandbox;
let cerbo: CerboHandle;
let node: NodeUnderTest;

/** The node with a Cerbo credential for `user` of the sandbox's demo practice. */
function asUser(user: { username: string; password: string }, subdomain = cerbo.credentials.subdomain): NodeUnderTest {
  const credentials = new CredentialStore([new CerboApi()]);
  credentials.add('cerboApi', { subdomain, ...user, baseUrl: `${sandbox.url}/cerbo/{subdomain}` });
  return new NodeUnderTest(new Cerbo(), credentials);
}

beforeAll(async () => {
  sandbox = await startSandbox();
  cerbo = cerboHandle(sandbox.services);
  node = asUser({ username: cerbo.credentials.username, password: cerbo.credentials.password });
});

afterAll(async () => {
  await sandbox.close();
});

afterEach(() => {
  sandbox.faults.clear();
});

const ZONE = 'America/New_York';

/** A patient as the step before the node hands it on, and the node's fields mapping it. */
const patient = { first: 'Imogen', last: `Thackeray${Date.now().toString(36)}`, born: '7 March 1980', sex: 'F', email: 'imogen.t@example.net', city: 'Albany' };
const mapped = {
  first_name: '={{ $json.first }}',
  last_name: '={{ $json.last }}',
  dob: '={{ $json.born }}',
  sex: '={{ $json.sex }}',
  email1: '={{ $json.email }}',
  city: '={{ $json.city }}',
};

describe('every action and search, every dropdown', () => {
  let created: IDataObject;

  it('Create Patient creates the chart mapped from the item; Find Patient finds it; the Patient dropdown lists it', async () => {
    const run = await node.run('create_patient', mapped, [patient]);
    expect(run.error).toBeUndefined();
    created = run.items[0].json;
    expect(created).toMatchObject({ first_name: 'Imogen', last_name: patient.last, dob: '1980-03-07', sex: 'F', email1: patient.email });

    expect((await node.items('find_patient', { last_name: patient.last, dob: '03/07/1980' })).map((found) => found.id)).toEqual([created.id]);
    expect(await node.dropdown('patients', 'create_appointment')).toContainEqual({ name: `${patient.last}, Imogen (1980-03-07)`, value: created.id });
  });

  it('Find or Create Patient returns the chart found, or the one it made, saying which', async () => {
    const found = await node.run('find_or_create_patient', mapped, [patient]);
    expect(found.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: created.id, created: false })]);
    const other = { ...patient, first: 'Octavia' };
    const made = await node.run('find_or_create_patient', mapped, [other]);
    expect(made.items.map((item) => item.json)).toEqual([expect.objectContaining({ first_name: 'Octavia', created: true })]);
  });

  it('Update Patient changes only what is filled in', async () => {
    const updated = await node.record('update_patient', { pt_id: created.id as string, city: 'Troy' });
    expect(updated).toMatchObject({ id: created.id, city: 'Troy', dob: '1980-03-07', first_name: 'Imogen' });
  });

  it('Create Appointment books the patient with providers and a type from the dropdowns, in the workflow\'s time zone', async () => {
    const providers = await node.dropdown('providers', 'create_appointment');
    expect(providers.map((provider) => provider.name)).toEqual(['Ana Lopez', 'Ben Okafor']);
    const types = await node.dropdown('appointment_types', 'create_appointment');
    expect(types).toContainEqual({ name: 'Follow-up', value: 'Follow-up' });

    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const run = await node.run(
      'create_appointment',
      { provider_ids: [providers[1].value as string], pt_id: created.id as string, appointment_type: 'Follow-up', start_date_time: `${day} 10:00`, end_date_time: `${day} 10:30`, title: 'Follow-up visit' },
      [{}],
      { timezone: ZONE },
    );
    expect(run.error).toBeUndefined();
    const booked = run.items[0].json as { start_date_time: string; associated_providers: Array<{ id: string }>; patient_details: { id: string } };
    expect(booked.start_date_time).toMatch(new RegExp(`^${day}T10:00:00-0[45]:00$`));
    expect(booked.associated_providers.map((provider) => provider.id)).toEqual([providers[1].value]);
    expect(booked.patient_details.id).toBe(created.id);
  });

  it('API Request reads the chart back', async () => {
    const read = await node.record('api_request', { method: 'GET', path: `/patients/${String(created.id)}` });
    expect(read).toMatchObject({ id: created.id, status: 200, data: { id: created.id, last_name: patient.last } });
  });
});

describe('a health record in a failed run', () => {
  /** What of the patient must appear nowhere n8n keeps of the node's run. */
  const identifying = [patient.last, patient.email, '1980-03-07', '7 March 1980'];

  it('refused by the API user\'s permissions: the profile and endpoint named, nothing of the patient or the secret kept', async () => {
    const restricted = asUser(cerbo.credentials.restricted);
    const run = await restricted.run('create_patient', mapped, [{ ...patient, first: 'Marguerite' }]);
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '403' });
    expect(run.error?.message).toMatch(/^Cerbo refused POST \/api\/v1\/patients \(HTTP 403\): the permission profile of this API user/);
    const kept = keptOf(run);
    for (const value of [...identifying, 'Marguerite', cerbo.credentials.restricted.password]) expect(kept).not.toContain(value);
  });

  it('a server error with Continue On Fail: the item\'s error holds nothing of the patient', async () => {
    sandbox.faults.add({ kind: 'status', service: 'cerbo', status: 500, path: '/patients' });
    const run = await node.run('create_patient', mapped, [patient], { node: { onError: 'continueRegularOutput' } });
    expect(run.items).toEqual([{ json: { error: expect.stringMatching(/^Cerbo refused the request \(HTTP 500, /) }, pairedItem: { item: 0 } }]);
    for (const value of identifying) expect(keptOf(run)).not.toContain(value);
  });

  it('a connection dropped during a search: the kit\'s message, and nothing of the patient searched for (it was in the query)', async () => {
    sandbox.faults.add({ kind: 'reset', service: 'cerbo', path: '/patients/search' });
    const run = await node.run('find_patient', { last_name: '={{ $json.last }}', dob: '={{ $json.born }}' }, [patient]);
    expect(run.error).toMatchObject({ name: 'NodeApiError', message: 'Cerbo could not be reached: the connection failed (ECONNRESET). Try again in a few minutes.' });
    for (const value of identifying) expect(keptOf(run)).not.toContain(value);
  });

  it('a wrong secret key: the kit\'s reconnect message, the key nowhere', async () => {
    const wrong = asUser({ username: cerbo.credentials.username, password: 'sk_not_the_secret_key' });
    const run = await wrong.run('find_patient', { last_name: patient.last });
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
    expect(run.error?.message).toMatch(/^Cerbo no longer accepts this connection's credentials\. Check the API user in Cerbo/);
    expect(keptOf(run)).not.toContain('sk_not_the_secret_key');
  });

  it('an unknown practice: the subdomain named', async () => {
    const run = await asUser({ username: cerbo.credentials.username, password: cerbo.credentials.password }, 'no-such-practice').run('find_patient', { last_name: 'Any' });
    expect(run.error?.message).toBe('Cerbo has no practice at this subdomain (HTTP 404). Check the Subdomain of the connection and reconnect.');
  });
});

// Last, after every other test of this file: an operation or dropdown added to the connector fails here until a test runs it.
it('ran every operation of the node and filled every dropdown', () => {
  expect(succeededOf(new Cerbo())).toEqual(everythingOf(new Cerbo()));
});
