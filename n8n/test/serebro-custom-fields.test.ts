/**
 * Serebro AI's custom fields by name in n8n's engine, against the sandbox: the resource mapper reads the
 * fields of the Location the credential and the node choose (two Locations whose fields differ), each
 * operation that sets custom fields sends the mapped values typed as the Location defines them, a wrong
 * value is refused naming the field before anything is written, an empty mapper sends nothing, and the
 * searches return the values under readable keys.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle, type SerebroHandle } from '../../sandbox/serebro';
import type { CustomField } from '../../sandbox/serebro/store';
import { connect } from '../../sandbox/serebro/test/helpers';
import { SerebroOAuth2Api } from '../packages/serebro/credentials/SerebroOAuth2Api.credentials';
import { Serebro } from '../packages/serebro/nodes/Serebro/Serebro.node';
import { CredentialStore } from './harness';
import { NodeUnderTest } from './runtime-sandbox';

let sandbox: Sandbox;
let serebro: SerebroHandle;
let node: NodeUnderTest;
/** The node's credentials, as a user picks one on the node: a Location connection to each Location, and the Agency's. */
let credentialOf: Record<'downtown' | 'lakeside' | 'agency', Record<string, INodeCredentialsDetails>>;
let downtown: string;
let lakeside: string;

const RUN = Date.now().toString(36);
/** The methods that write. */
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];
const MAPPER = 'accountFields';

/** A field only the second Location has, so that the two Locations' fields differ by more than their IDs. */
const MEMBERSHIP_TIER: Omit<CustomField, 'id' | 'locationId'> = {
  name: 'Membership Tier',
  fieldKey: 'contact.membership_tier',
  model: 'contact',
  dataType: 'SINGLE_OPTIONS',
  picklistOptions: ['Silver', 'Gold'],
};

beforeAll(async () => {
  sandbox = await startSandbox();
  serebro = serebroHandle(sandbox.services);
  [downtown, lakeside] = serebro.store.locations.map((location) => location.id);
  serebro.store.customFields.push({ id: `cf_tier_${RUN}`, locationId: lakeside, ...MEMBERSHIP_TIER });

  const credentials = new CredentialStore([new SerebroOAuth2Api()]);
  const saved = async (location: string, name: string) => {
    const details = credentials.add(
      'serebroOAuth2Api',
      {
        baseUrl: `${sandbox.url}/serebro`,
        clientId: serebro.credentials.clientId,
        clientSecret: serebro.credentials.clientSecret,
        oauthTokenData: await connect(sandbox, { location }),
      },
      name,
    );
    return { serebroOAuth2Api: details };
  };
  credentialOf = {
    downtown: await saved(downtown, 'Downtown'),
    lakeside: await saved(lakeside, 'Lakeside'),
    agency: await saved(serebro.store.company.id, 'Agency'),
  };
  node = new NodeUnderTest(new Serebro(), credentials);
});

afterAll(async () => {
  await sandbox.close();
});

/** The Location's custom-field definitions of `model`, from the sandbox. */
const definitionsOf = (location: string, model: CustomField['model']) => serebro.store.customFieldsOf(location, model);

/** The ID of the Location's custom field with this fieldKey. */
function idOf(location: string, fieldKey: string): string {
  const field = serebro.store.customFields.find((candidate) => candidate.locationId === location && candidate.fieldKey === fieldKey);
  if (!field) throw new Error(`No custom field ${fieldKey} in ${location}`);
  return field.id;
}

/** The mapper's key of a field: its input key on Zapier. */
const keyOf = (location: string, fieldKey: string) => `cf__${idOf(location, fieldKey)}`;

/** The mapper's value as n8n's editor saves it: the values filled in (the editor drops empty ones) and the schema it was shown. */
const mapped = (value: Record<string, unknown> | null, schema: ResourceMapperField[]): INodeParameters =>
  ({ [MAPPER]: { mappingMode: 'defineBelow', value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: false } }) as INodeParameters;

/** A record's custom-field values in the sandbox, by fieldKey. */
function storedValues(record: { customFields: Array<{ id: string; value: unknown }> } | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { id, value } of record?.customFields ?? []) {
    values[serebro.store.customFields.find((field) => field.id === id)?.fieldKey ?? id] = value;
  }
  return values;
}

const storedContact = (id: unknown) => serebro.store.contacts.find((contact) => contact.id === id);
const storedOpportunity = (id: unknown) => serebro.store.opportunities.find((opportunity) => opportunity.id === id);

/** Counts the requests to Serebro AI with one of `methods` while `during` runs (a zero-delay fault only counts them). */
async function requestsDuring<T>(methods: string[], during: () => Promise<T>): Promise<{ result: T; requests: number }> {
  for (const method of methods) sandbox.faults.add({ kind: 'latency', service: 'serebro', method, delayMs: 0 });
  const before = sandbox.faults.injected;
  try {
    const result = await during();
    return { result, requests: sandbox.faults.injected - before };
  } finally {
    sandbox.faults.clear();
  }
}

describe('the Custom Fields mapper lists the fields of the Location chosen', () => {
  it('an Agency credential: nothing before a Location is chosen, then Downtown\'s fields, then Lakeside\'s when the Location changes', async () => {
    const none = await node.mapperFields(MAPPER, 'create_contact', {}, credentialOf.agency);
    expect(none).toEqual({ fields: [], emptyFieldsNotice: 'Choose Location first: the custom fields depend on it.' });

    const first = await node.mapperFields(MAPPER, 'create_contact', { locationId: downtown }, credentialOf.agency);
    expect(first.fields.map((field) => field.id)).toEqual(definitionsOf(downtown, 'contact').map((field) => `cf__${field.id}`));
    expect(first.fields.map((field) => field.displayName)).not.toContain('Membership Tier');

    const second = await node.mapperFields(MAPPER, 'create_contact', { locationId: lakeside }, credentialOf.agency);
    expect(second.fields.map((field) => field.id)).toEqual(definitionsOf(lakeside, 'contact').map((field) => `cf__${field.id}`));
    expect(second.fields.find((field) => field.displayName === 'Membership Tier')).toEqual({
      id: `cf__cf_tier_${RUN}`,
      displayName: 'Membership Tier',
      type: 'options',
      options: [
        { name: 'Silver', value: 'Silver' },
        { name: 'Gold', value: 'Gold' },
      ],
      required: false,
      display: true,
      defaultMatch: false,
      canBeUsedToMatch: false,
    });
    // No field of one Location is offered in the other.
    expect(second.fields.filter((field) => first.fields.some((other) => other.id === field.id))).toEqual([]);
  });

  it('each field typed as the Location defines it, with its options; opportunities get the opportunity fields', async () => {
    const { fields } = await node.mapperFields(MAPPER, 'update_contact', {}, credentialOf.downtown);
    const shown = (field: ResourceMapperField) => [field.displayName, field.type, field.options?.map((option) => option.value) ?? []];
    expect(fields.map(shown)).toEqual([
      ['Lead Score', 'number', []],
      ['Preferred Contact Method', 'options', ['Email', 'Phone', 'SMS']],
      ['Interests', 'array', ['Massage Therapy', 'Physiotherapy', 'Nutrition', 'Yoga']],
      ['Birthday', 'dateTime', []],
      ['Newsletter', 'array', ['Weekly Tips', 'Monthly Offers']],
      ['Insurance Provider', 'string', []],
      ['Intake Notes', 'string', []],
      ['Lifetime Value', 'number', []],
      ['Emergency Contact Phone', 'string', []],
      ['Work Email', 'string', []],
    ]);
    for (const field of fields) expect(field).toMatchObject({ required: false, display: true, defaultMatch: false, canBeUsedToMatch: false });

    for (const operation of ['create_opportunity', 'update_opportunity', 'find_or_create_opportunity']) {
      const opportunity = await node.mapperFields(MAPPER, operation, {}, credentialOf.downtown);
      expect(opportunity.fields.map((field) => field.displayName)).toEqual(definitionsOf(downtown, 'opportunity').map((field) => field.name));
    }
    for (const operation of ['create_contact', 'upsert_contact', 'find_or_create_contact']) {
      const contact = await node.mapperFields(MAPPER, operation, {}, credentialOf.downtown);
      expect(contact.fields.map((field) => field.id)).toEqual(fields.map((field) => field.id));
    }
  });

  it('a Location credential gives its own Location\'s fields; choosing the other credential gives the other\'s, and back', async () => {
    const ids = (mapper: ResourceMapperFields) => mapper.fields.map((field) => field.id);
    const ofDowntown = definitionsOf(downtown, 'contact').map((field) => `cf__${field.id}`);
    const ofLakeside = definitionsOf(lakeside, 'contact').map((field) => `cf__${field.id}`);
    expect(ofLakeside).toContain(`cf__cf_tier_${RUN}`);
    expect(ids(await node.mapperFields(MAPPER, 'create_contact', {}, credentialOf.downtown))).toEqual(ofDowntown);
    expect(ids(await node.mapperFields(MAPPER, 'create_contact', {}, credentialOf.lakeside))).toEqual(ofLakeside);
    expect(ids(await node.mapperFields(MAPPER, 'create_contact', {}, credentialOf.downtown))).toEqual(ofDowntown);
    // A Location connection is one Location: a Location chosen before (an Agency's) does not move it.
    expect(ids(await node.mapperFields(MAPPER, 'create_contact', { locationId: lakeside }, credentialOf.downtown))).toEqual(ofDowntown);
  });

  it('an operation without custom fields has none to show', async () => {
    expect(await node.mapperFields(MAPPER, 'add_contact_tags', {}, credentialOf.downtown)).toEqual({ fields: [] });
  });
});

describe('each operation sends the mapped custom fields, typed as the Location defines them', () => {
  let contactSchema: ResourceMapperField[];
  let opportunitySchema: ResourceMapperField[];
  let contactId: string;
  let opportunityId: string;
  let pipelineId: string;
  let stageIds: string[];
  const email = `mapper.${RUN}@example.com`;
  const run = (operation: string, fields: INodeParameters, items: IDataObject[] = [{}]) => node.run(operation, fields, items, { node: { credentials: credentialOf.downtown } });
  const recordOf = async (operation: string, fields: INodeParameters, items?: IDataObject[]) => {
    const result = await run(operation, fields, items);
    if (result.error) throw new Error(`${operation} failed: ${result.error.message}`);
    expect(result.items).toHaveLength(1);
    return result.items[0].json;
  };
  const key = (fieldKey: string) => keyOf(downtown, fieldKey);

  beforeAll(async () => {
    contactSchema = (await node.mapperFields(MAPPER, 'create_contact', {}, credentialOf.downtown)).fields;
    opportunitySchema = (await node.mapperFields(MAPPER, 'create_opportunity', {}, credentialOf.downtown)).fields;
    const pipeline = serebro.store.pipelines.find((candidate) => candidate.locationId === downtown);
    pipelineId = pipeline?.id as string;
    stageIds = (pipeline?.stages ?? []).map((stage) => stage.id);
  });

  it('Create Contact: a number, a date sent as YYYY-MM-DD and a list of options (as a list, or as JSON text)', async () => {
    const contact = await recordOf('create_contact', {
      email,
      firstName: 'Mapper',
      ...mapped({ [key('contact.lead_score')]: '72', [key('contact.birthday')]: '2026-12-01T00:00:00', [key('contact.interests')]: '["Yoga", "Nutrition"]' }, contactSchema),
    });
    contactId = contact.id as string;
    expect(storedValues(storedContact(contactId))).toEqual({ 'contact.lead_score': 72, 'contact.birthday': '2026-12-01', 'contact.interests': ['Yoga', 'Nutrition'] });
  });

  it('Update Contact: changes the fields mapped (an option from an earlier node in any case, a list) and keeps the others', async () => {
    await recordOf(
      'update_contact',
      {
        contactId,
        ...mapped(
          { [key('contact.preferred_contact_method')]: '={{ $json.method }}', [key('contact.newsletter')]: ['Weekly Tips', 'Monthly Offers'], [key('contact.lifetime_value')]: 1250.5 },
          contactSchema,
        ),
      },
      [{ method: 'phone' }],
    );
    expect(storedValues(storedContact(contactId))).toEqual({
      'contact.lead_score': 72,
      'contact.birthday': '2026-12-01',
      'contact.interests': ['Yoga', 'Nutrition'],
      'contact.preferred_contact_method': 'Phone',
      'contact.newsletter': ['Weekly Tips', 'Monthly Offers'],
      'contact.lifetime_value': 1250.5,
    });
  });

  it('Create or Update Contact: sets the fields mapped on the contact with that email', async () => {
    const upserted = await recordOf('upsert_contact', { email, ...mapped({ [key('contact.lead_score')]: 95, [key('contact.insurance_provider')]: 'Acme Health' }, contactSchema) });
    expect(upserted).toMatchObject({ id: contactId, new: false });
    expect(storedValues(storedContact(contactId))).toMatchObject({ 'contact.lead_score': 95, 'contact.insurance_provider': 'Acme Health', 'contact.birthday': '2026-12-01' });
  });

  it('Create Opportunity: a number, a date and a list of options (a text of an earlier node, split at its commas)', async () => {
    const opportunity = await recordOf(
      'create_opportunity',
      {
        name: `Mapped deal ${RUN}`,
        pipelineId,
        stageId: stageIds[0],
        contactId,
        ...mapped(
          { [key('opportunity.win_probability')]: '60', [key('opportunity.expected_close_date')]: '2027-01-15', [key('opportunity.services_discussed')]: '={{ $json.services }}' },
          opportunitySchema,
        ),
      },
      [{ services: 'Yoga, Massage Therapy' }],
    );
    opportunityId = opportunity.id as string;
    expect(storedValues(storedOpportunity(opportunityId))).toEqual({
      'opportunity.win_probability': 60,
      'opportunity.expected_close_date': '2027-01-15',
      'opportunity.services_discussed': ['Yoga', 'Massage Therapy'],
    });
  });

  it('Update Opportunity: a custom field alone is an update; the others are kept', async () => {
    await recordOf('update_opportunity', { opportunityId, ...mapped({ [key('opportunity.deposit_amount')]: 250.5, [key('opportunity.deal_source')]: 'Referral' }, opportunitySchema) });
    expect(storedValues(storedOpportunity(opportunityId))).toEqual({
      'opportunity.win_probability': 60,
      'opportunity.expected_close_date': '2027-01-15',
      'opportunity.services_discussed': ['Yoga', 'Massage Therapy'],
      'opportunity.deposit_amount': 250.5,
      'opportunity.deal_source': 'Referral',
    });
  });

  it('Find or Create Contact: the contact it makes gets the fields mapped (the search half gets none)', async () => {
    const made = await recordOf('find_or_create_contact', {
      email: `made.${RUN}@example.com`,
      firstName: 'Made',
      ...mapped({ [key('contact.lead_score')]: 12 }, contactSchema),
    });
    expect(made).toMatchObject({ created: true });
    expect(storedValues(storedContact(made.id))).toEqual({ 'contact.lead_score': 12 });
  });

  it('an Agency credential sends Lakeside\'s own field to Lakeside', async () => {
    const schema = (await node.mapperFields(MAPPER, 'create_contact', { locationId: lakeside }, credentialOf.agency)).fields;
    const result = await node.run('create_contact', { locationId: lakeside, email: `tier.${RUN}@example.com`, ...mapped({ [`cf__cf_tier_${RUN}`]: 'Gold' }, schema) }, [{}], {
      node: { credentials: credentialOf.agency },
    });
    expect(result.error).toBeUndefined();
    const contact = storedContact(result.items[0].json.id);
    expect(contact?.locationId).toBe(lakeside);
    expect(storedValues(contact)).toEqual({ 'contact.membership_tier': 'Gold' });
  });

  it('a value of the wrong type from an earlier node is refused naming the field by its label, before anything is written', async () => {
    const cases: Array<[string, string | string[], string]> = [
      ['contact.lead_score', 'lots', 'Lead Score must be a number, not "lots".'],
      ['contact.birthday', 'someday', 'Birthday must be a date such as 2026-12-01, not "someday".'],
      ['contact.interests', ['Yoga', 'Chess'], 'Interests has no option "Chess": choose from Massage Therapy, Physiotherapy, Nutrition, Yoga.'],
      ['contact.preferred_contact_method', 'Pigeon', 'Preferred Contact Method must be one of Email, Phone, SMS, not "Pigeon".'],
    ];
    const before = JSON.stringify(serebro.store.contacts);
    for (const [fieldKey, value, message] of cases) {
      for (const [operation, fields] of [
        ['create_contact', { email: `refused.${RUN}@example.com` }],
        ['update_contact', { contactId }],
        ['upsert_contact', { email }],
      ] as const) {
        const given = { ...fields, ...mapped({ [key(fieldKey)]: '={{ $json.value }}' }, contactSchema) };
        const { result, requests } = await requestsDuring(WRITES, () => run(operation, given, [{ value }]));
        expect(result.error).toMatchObject({ name: 'NodeOperationError', message });
        expect(requests).toBe(0);
      }
    }
    const opportunityFields = { opportunityId, ...mapped({ [key('opportunity.win_probability')]: '={{ $json.value }}' }, opportunitySchema) };
    for (const operation of ['update_opportunity', 'create_opportunity']) {
      const given = operation === 'create_opportunity' ? { ...opportunityFields, name: `Refused ${RUN}`, pipelineId, stageId: stageIds[0], contactId } : opportunityFields;
      const { result, requests } = await requestsDuring(WRITES, () => run(operation, given, [{ value: 'high' }]));
      expect(result.error).toMatchObject({ name: 'NodeOperationError', message: 'Win Probability must be a number, not "high".' });
      expect(requests).toBe(0);
    }
    expect(JSON.stringify(serebro.store.contacts)).toBe(before);
    expect(serebro.store.opportunities.filter((opportunity) => opportunity.name === `Refused ${RUN}`)).toEqual([]);
    expect(storedValues(storedOpportunity(opportunityId))).toMatchObject({ 'opportunity.win_probability': 60 });
  });

  it('a wrong value typed into the mapper itself never runs: n8n\'s own check of the mapper\'s types stops the workflow first', async () => {
    // The editor flags it on the field (by its label); a run of the workflow stops before the node, naming its ID.
    const { result, requests } = await requestsDuring(WRITES, () =>
      run('update_contact', { contactId, ...mapped({ [key('contact.lead_score')]: 'lots' }, contactSchema) }).then(
        () => 'ran',
        (error: Error) => error.message,
      ),
    );
    expect(result).toBe(`The 'Serebro AI' node has issues:\n- '${key('contact.lead_score')}' expects a number but we got 'lots'`);
    expect(requests).toBe(0);
  });

  it('an empty mapper sends nothing extra and reads no definitions', async () => {
    for (const value of [null, {}, { [key('contact.lead_score')]: null, [key('contact.interests')]: [] }]) {
      const { result: contact, requests } = await requestsDuring(['GET'], () => recordOf('create_contact', { email: `empty.${RUN}.${Math.random()}@example.com`, ...mapped(value, contactSchema) }));
      expect(storedContact(contact.id)?.customFields).toEqual([]);
      // Only the GETs a Create Contact always makes (none): the definitions are read only for a value to check.
      expect(requests).toBe(0);
    }
  });

  it('fields mapped in one Location are refused in another, never sent there: the definitions are read per Location, even within one run', async () => {
    const items = [{ locationId: downtown }, { locationId: lakeside }];
    const result = await node.run(
      'update_contact',
      { locationId: '={{ $json.locationId }}', contactId, ...mapped({ [key('contact.lead_score')]: 33 }, contactSchema) },
      items,
      { node: { credentials: credentialOf.agency, onError: 'continueRegularOutput' } },
    );
    expect(result.items.map((item) => item.json.error ?? item.json.id)).toEqual([
      contactId,
      `The custom field ${idOf(downtown, 'contact.lead_score')} this step sets is no longer a contact field of this Location: refresh the fields of this step and map it again.`,
    ]);
    expect(storedValues(storedContact(contactId))).toMatchObject({ 'contact.lead_score': 33 });
  });

  it('Custom Fields by ID still works beside the mapper; a field set both ways takes the value given by name', async () => {
    const leadScore = idOf(downtown, 'contact.lead_score');
    const insurance = idOf(downtown, 'contact.insurance_provider');
    await recordOf('update_contact', {
      contactId,
      customFields: { pairs: [{ key: leadScore, value: '1' }, { key: insurance, value: 'By ID Mutual' }] },
      ...mapped({ [key('contact.lead_score')]: 41 }, contactSchema),
    });
    expect(storedValues(storedContact(contactId))).toMatchObject({ 'contact.lead_score': 41, 'contact.insurance_provider': 'By ID Mutual' });
  });

  describe('searches return the custom-field values under readable keys', () => {
    it('Find Contact and Find or Create Contact (found)', async () => {
      const [found] = await node.items('find_contact', { email });
      expect(found.customFieldValues).toEqual({
        lead_score: 41,
        birthday: '2026-12-01',
        interests: ['Yoga', 'Nutrition'],
        preferred_contact_method: 'Phone',
        newsletter: ['Weekly Tips', 'Monthly Offers'],
        lifetime_value: 1250.5,
        insurance_provider: 'By ID Mutual',
      });
      expect(await node.record('find_or_create_contact', { email })).toMatchObject({ id: contactId, created: false, customFieldValues: found.customFieldValues as IDataObject });
    });

    it('Find Opportunity and Find or Create Opportunity (found)', async () => {
      const [found] = await node.items('find_opportunity', { contactId, pipelineId });
      expect(found).toMatchObject({ id: opportunityId });
      expect(found.customFieldValues).toEqual({
        win_probability: 60,
        expected_close_date: '2027-01-15',
        services_discussed: ['Yoga', 'Massage Therapy'],
        deposit_amount: 250.5,
        deal_source: 'Referral',
      });
      const again = await node.record('find_or_create_opportunity', { contactId, pipelineId, name: `Unused ${RUN}`, stageId: stageIds[0] });
      expect(again).toMatchObject({ id: opportunityId, created: false, customFieldValues: found.customFieldValues as IDataObject });
    });
  });
});
