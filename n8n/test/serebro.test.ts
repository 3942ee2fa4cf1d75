/**
 * The Serebro AI node run by n8n's engine in this process against the sandbox, connected through the code
 * flow and then kept by n8n's own OAuth 2.0 (the package's credential on oAuth2Api): every action and
 * search, every dropdown, an Agency connection acting in the Location chosen, an expired token refreshed
 * and rotated by n8n's helper, and a refresh token already used, which asks to reconnect.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle, type SerebroHandle } from '../../sandbox/serebro';
import { connect } from '../../sandbox/serebro/test/helpers';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { Serebro } from '../packages/serebro/nodes/Serebro/Serebro.node';
import { CredentialStore } from './harness';
import { everythingOf, keptOf, NodeUnderTest, succeededOf } from './runtime-sandbox';

let sandbox: Sandbox;
let serebro: SerebroHandle;

/** The node with a credential holding the tokens of a code flow for `location` (a Location, or the Agency). */
async function connected(location?: string): Promise<{ node: NodeUnderTest; credentials: CredentialStore; id: string; tokens: Awaited<ReturnType<typeof connect>> }> {
  const tokens = await connect(sandbox, location ? { location } : {});
  const credentials = new CredentialStore([new SerebroOAuth2Api()]);
  const { id } = credentials.add('serebroOAuth2Api', {
    baseUrl: `${sandbox.url}/serebro`,
    clientId: serebro.credentials.clientId,
    clientSecret: serebro.credentials.clientSecret,
    oauthTokenData: tokens,
  });
  return { node: new NodeUnderTest(new Serebro(), credentials), credentials, id: id as string, tokens };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  serebro = serebroHandle(sandbox.services);
});

afterAll(async () => {
  await sandbox.close();
});

const RUN = Date.now().toString(36);
/** A week ahead, so that bookings are never in the past. */
const BOOKING_DAY = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

describe('a Location connection: every action and search, every dropdown', () => {
  let node: NodeUnderTest;
  let contact: IDataObject;
  let pipelineId: string;
  let stageIds: string[];

  beforeAll(async () => {
    ({ node } = await connected());
  });

  it('the dropdowns list the Location\'s workflows, pipelines and their stages in order, services, staff and the Location itself', async () => {
    const [workflows, pipelines, services, staff, locations] = await Promise.all([
      node.dropdown('workflows', 'execute_workflow'),
      node.dropdown('pipelines', 'create_opportunity'),
      node.dropdown('services', 'create_appointment'),
      node.dropdown('staff', 'create_appointment'),
      node.dropdown('locations', 'create_contact'),
    ]);
    for (const list of [workflows, pipelines, services, staff]) expect(list.length).toBeGreaterThan(0);
    expect(locations).toEqual([{ name: serebro.store.locations[0].name, value: serebro.store.locations[0].id }]);

    pipelineId = pipelines[0].value as string;
    const stages = await node.dropdown('stages', 'create_opportunity', { pipelineId });
    const pipeline = serebro.store.pipelines.find((candidate) => candidate.id === pipelineId);
    expect(stages).toEqual([...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position).map(({ id, name }) => ({ name, value: id })));
    stageIds = stages.map((stage) => stage.value as string);
  });

  it('the Custom Fields mapper lists the Location\'s contact fields by name (serebro-custom-fields.test.ts tests it further)', async () => {
    const { fields } = await node.mapperFields('accountFields', 'create_contact');
    const definitions = serebro.store.customFieldsOf(serebro.store.locations[0].id, 'contact');
    expect(fields.map(({ id, displayName }) => ({ id, displayName }))).toEqual(definitions.map(({ id, name }) => ({ id: `cf__${id}`, displayName: name })));
  });

  it('Create Contact creates the contact; Find Contact finds it; the Contact dropdown lists it', async () => {
    const email = `grace.${RUN}@example.com`;
    contact = await node.record('create_contact', { email, firstName: 'Grace', lastName: `Engine ${RUN}`, tags: ['vip'] });
    expect(contact).toMatchObject({ email, firstName: 'Grace', lastName: `Engine ${RUN}`, tags: ['vip'] });
    expect((await node.items('find_contact', { email })).map((found) => found.id)).toEqual([contact.id]);
    expect(await node.dropdown('contacts', 'update_contact')).toContainEqual({ name: `Grace Engine ${RUN}`, value: contact.id });
  });

  it('Update Contact changes the fields given and keeps the others', async () => {
    const updated = await node.record('update_contact', { contactId: contact.id as string, firstName: 'Gracie' });
    expect(updated).toMatchObject({ id: contact.id, firstName: 'Gracie', lastName: contact.lastName, email: contact.email, tags: ['vip'] });
  });

  it('Add Tags and Remove Tags change some tags and keep the others; the Tags dropdown lists the new one', async () => {
    const added = await node.record('add_contact_tags', { contactId: contact.id as string, tags: [`Engine-${RUN}`, 'referral'] });
    expect(added).toEqual({ id: contact.id, tags: ['vip', `engine-${RUN}`, 'referral'] });
    const removed = await node.record('remove_contact_tags', { contactId: contact.id as string, tags: ['referral'] });
    expect(removed).toEqual({ id: contact.id, tags: ['vip', `engine-${RUN}`] });
    expect(await node.dropdown('tags', 'add_contact_tags')).toContainEqual({ name: `engine-${RUN}`, value: `engine-${RUN}` });
  });

  it('Create or Update Contact updates the contact with that email, or creates one', async () => {
    const upserted = await node.record('upsert_contact', { email: contact.email as string, companyName: `Engine Co ${RUN}` });
    expect(upserted).toMatchObject({ id: contact.id, new: false, companyName: `Engine Co ${RUN}`, firstName: 'Gracie' });
    const created = await node.record('upsert_contact', { email: `una.${RUN}@example.com`, firstName: 'Una' });
    expect(created).toMatchObject({ new: true, email: `una.${RUN}@example.com` });
  });

  it('Find or Create Contact returns the contact found, or the one it made, saying which', async () => {
    expect(await node.record('find_or_create_contact', { email: contact.email as string })).toMatchObject({ id: contact.id, created: false });
    const made = await node.record('find_or_create_contact', { email: `ida.${RUN}@example.com`, firstName: 'Ida' });
    expect(made).toMatchObject({ email: `ida.${RUN}@example.com`, firstName: 'Ida', created: true });
  });

  it('Execute Workflow queues the workflow chosen for the contact', async () => {
    const [workflow] = await node.dropdown('workflows', 'execute_workflow');
    const execution = await node.record('execute_workflow', { workflowId: workflow.value as string, contactId: contact.id as string, data: { pairs: [{ key: 'source', value: 'n8n' }] } });
    expect(execution).toMatchObject({ workflowId: workflow.value, contactId: contact.id, status: 'queued' });
  });

  it('Create Opportunity opens a deal the dropdown lists; Update Opportunity moves it and marks it won; Find Opportunity finds it', async () => {
    const opportunity = await node.record('create_opportunity', {
      name: `Engine deal ${RUN}`,
      pipelineId,
      stageId: stageIds[0],
      contactId: contact.id as string,
      monetaryValue: 1200,
    });
    expect(opportunity).toMatchObject({ name: `Engine deal ${RUN}`, pipelineId, stageId: stageIds[0], contactId: contact.id, monetaryValue: 1200, status: 'open' });
    expect((await node.dropdown('opportunities', 'update_opportunity')).map((choice) => choice.value)).toContain(opportunity.id);

    const won = await node.record('update_opportunity', { opportunityId: opportunity.id as string, stageId: stageIds[1], status: 'won' });
    expect(won).toMatchObject({ id: opportunity.id, stageId: stageIds[1], status: 'won', monetaryValue: 1200 });

    const found = await node.items('find_opportunity', { contactId: contact.id as string, status: 'won' });
    expect(found.map((deal) => deal.id)).toEqual([opportunity.id]);
  });

  it('Find or Create Opportunity creates the deal none matches, then finds it', async () => {
    const fields = { contactId: contact.id as string, pipelineId, stageId: stageIds[0], status: 'open', name: `Second deal ${RUN}` };
    const made = await node.record('find_or_create_opportunity', fields);
    expect(made).toMatchObject({ name: `Second deal ${RUN}`, contactId: contact.id, created: true });
    expect(await node.record('find_or_create_opportunity', fields)).toMatchObject({ id: made.id, created: false });
  });

  it('Create Appointment books the slot the Appointment dropdown then lists; Cancel Appointment cancels it', async () => {
    const [service] = await node.dropdown('services', 'create_appointment');
    const [staffMember] = await node.dropdown('staff', 'create_appointment');
    const appointment = await node.record('create_appointment', {
      contactId: contact.id as string,
      serviceId: service.value as string,
      staffId: staffMember.value as string,
      startTime: `${BOOKING_DAY}T15:00:00Z`,
      endTime: `${BOOKING_DAY}T15:45:00Z`,
      title: `Engine visit ${RUN}`,
    });
    expect(appointment).toMatchObject({ contactId: contact.id, startTime: `${BOOKING_DAY}T15:00:00Z`, endTime: `${BOOKING_DAY}T15:45:00Z`, status: 'booked' });
    expect((await node.dropdown('appointments', 'cancel_appointment')).map((choice) => choice.value)).toContain(appointment.id);

    const canceled = await node.record('cancel_appointment', { appointmentId: appointment.id as string });
    expect(canceled).toMatchObject({ id: appointment.id, status: 'canceled' });
  });

  it('API Request reads the contact back, handing on the rate-limit headers', async () => {
    const read = await node.record('api_request', { method: 'GET', path: `/contacts/${String(contact.id)}` });
    expect(read).toMatchObject({ id: contact.id, status: 200, data: { id: contact.id, email: contact.email } });
    expect((read.headers as IDataObject)['x-ratelimit-remaining']).toMatch(/^\d+$/);
  });

  it('reads the Location\'s custom-field definitions once per run of the node, whatever the number of items', async () => {
    // A fault that only counts: every request for the definitions is served as usual.
    sandbox.faults.add({ kind: 'latency', service: 'serebro', path: '/custom-fields', delayMs: 0 });
    const counted = () => sandbox.faults.injected;
    try {
      const before = counted();
      const run = await node.run('find_contact', { email: '={{ $json.email }}' }, [{ email: 'maya.lopez@example.com' }, { email: 'jordan.kim@example.com' }]);
      expect(run.items.map((item) => (item.json.customFieldValues as IDataObject).lead_score)).toEqual([85, 40]);
      expect(counted() - before).toBe(1);
      await node.run('find_contact', { email: 'maya.lopez@example.com' });
      expect(counted() - before).toBe(2);
    } finally {
      sandbox.faults.clear();
    }
  });

  it('Find Contact\'s Return All / Limit', async () => {
    const all = await node.items('find_contact', { name: `Engine ${RUN}`, returnAll: true });
    const limited = await node.items('find_contact', { name: 'a', returnAll: false, limit: 1 });
    expect(all.map((found) => found.id)).toEqual([contact.id]);
    expect(limited).toHaveLength(1);
  });
});

describe('an Agency connection', () => {
  let node: NodeUnderTest;

  beforeAll(async () => {
    ({ node } = await connected(serebro.store.company.id));
  });

  it('lists the Agency\'s Locations, and acts in the one chosen', async () => {
    const locations = await node.dropdown('locations', 'create_contact');
    expect(locations.map((location) => location.value)).toEqual(serebro.store.locations.map((location) => location.id));
    const locationId = locations[1].value as string;
    const created = await node.record('create_contact', { locationId, email: `agency.${RUN}@example.com`, firstName: 'Agnes' });
    expect(created).toMatchObject({ locationId, email: `agency.${RUN}@example.com` });
    expect((await node.dropdown('contacts', 'update_contact', { locationId })).map((choice) => choice.value)).toContain(created.id);
  });

  it('refuses to act without a Location before any request, naming the field', async () => {
    const run = await node.run('create_contact', { email: `nowhere.${RUN}@example.com` });
    expect(run.error).toMatchObject({ name: 'NodeOperationError', message: 'Location is required: this is an Agency connection, so choose the Location to work in.' });
  });
});

describe('tokens kept by n8n\'s OAuth 2.0', () => {
  it('an expired access token is refreshed by n8n\'s helper, the rotated refresh token saved and used by the next run', async () => {
    const { node, credentials, id, tokens } = await connected();
    serebro.expireAccessTokens();

    const run = await node.run('find_contact', { email: `grace.${RUN}@example.com` }, [{}, {}]);
    expect(run.error).toBeUndefined();
    // One refresh for the run: the second item used the token the first one saved.
    expect(credentials.writes).toHaveLength(1);
    const rotated = credentials.get(id).data.oauthTokenData as IDataObject;
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(serebro.store.refreshTokens.has(tokens.refresh_token)).toBe(false);
    expect(rotated).toMatchObject({ location_id: tokens.location_id, user_type: 'Location' });

    serebro.expireAccessTokens();
    expect((await node.run('find_contact', { email: `grace.${RUN}@example.com` })).error).toBeUndefined();
    expect(credentials.writes).toHaveLength(2);
    expect((credentials.get(id).data.oauthTokenData as IDataObject).refresh_token).not.toBe(rotated.refresh_token);
  });

  it('a refresh token already used: a clean error asking to reconnect, with no token or secret in what n8n keeps', async () => {
    const { node, credentials, id, tokens } = await connected();
    serebro.expireAccessTokens();
    await node.run('find_contact', { email: `grace.${RUN}@example.com` });
    // Another copy of the credential, from before that refresh, as a second n8n instance would hold it.
    const stale = new CredentialStore([new SerebroOAuth2Api()]);
    stale.add('serebroOAuth2Api', { ...credentials.get(id).data, oauthTokenData: tokens });
    serebro.expireAccessTokens();

    const run = await new NodeUnderTest(new Serebro(), stale).run('find_contact', { email: `grace.${RUN}@example.com` });
    expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
    expect(run.error?.message).toBe(
      "Serebro AI no longer accepts this credential's access token, and refreshing it did not help. Open the Serebro AI credential in n8n and reconnect it.",
    );
    const kept = keptOf(run);
    for (const secret of [tokens.access_token, tokens.refresh_token, serebro.credentials.clientSecret]) expect(kept).not.toContain(secret);
    expect(stale.writes).toEqual([]);
  });
});

// Last, after every other test of this file: an operation, dropdown or mapper added to the connector fails here until a test runs it.
it('ran every operation of the node, filled every dropdown and read every resource mapper', () => {
  expect(succeededOf(new Serebro())).toEqual(everythingOf(new Serebro()));
});
