/**
 * Issue 14: tags added and removed without replacing the others, Create or Update Contact, custom fields
 * by name (inputs, typed values, readable output), Find Opportunity and the tags dropdown, against nock.
 */
import { plainFieldsOf } from '../../../kit/schema';
import nock from 'nock';
import { contactSample, opportunitySample, tagSample } from '../src/schemas';
import { App, clearCache, performOf, run } from './app';
import {
  agencyAuth,
  api,
  contactCustomFields,
  customFieldsApi,
  failure,
  locationAuth,
  mockCursorStore,
  opportunityCustomFields,
  resetEnv,
  tripwire,
} from './helpers';

const { creates, searches } = App;

beforeEach(() => {
  resetEnv();
  clearCache();
});

type FieldFunction = (z: unknown, bundle: unknown) => unknown;
/** An operation's input field functions after the Location field (the custom fields by name). */
const customFieldFunction = (fields: unknown[]) => fields.filter((field) => typeof field === 'function')[1] as FieldFunction;
/** The dynamic output-field function (the static fields sit behind a function of their own, with `fields`). */
const outputFunction = (fields: unknown[]) =>
  fields.find((field) => typeof field === 'function' && plainFieldsOf(field)[0] === field) as FieldFunction;

describe.each([
  ['add_contact_tags', 'post'],
  ['remove_contact_tags', 'delete'],
] as const)('%s', (key, method) => {
  const perform = creates[key].operation.perform;

  it('sends only the tags given, in one request, and returns the contact\'s tags afterwards with its id', async () => {
    const after = method === 'post' ? ['vip', 'newsletter', 'webinar-2026'] : ['vip'];
    const scope = api()[method]('/v2/contacts/ct_1/tags', { tags: ['webinar-2026', 'newsletter'] }).reply(200, { tags: after });
    await expect(
      run(perform, { authData: locationAuth, inputData: { contactId: 'ct_1', tags: [' webinar-2026 ', 'newsletter', 'webinar-2026', ''] } }),
    ).resolves.toEqual({ id: 'ct_1', tags: after });
    expect(scope.isDone()).toBe(true);
  });

  it('sends the Agency Location (query for DELETE, body for POST) and splits comma-separated text', async () => {
    const scope =
      method === 'post'
        ? api().post('/v2/contacts/ct_1/tags', { tags: ['a', 'b'], locationId: 'loc_lakeside' }).reply(200, { tags: ['a', 'b'] })
        : api().delete('/v2/contacts/ct_1/tags', { tags: ['a', 'b'] }).query({ locationId: 'loc_lakeside' }).reply(200, { tags: [] });
    await run(perform, { authData: agencyAuth, inputData: { locationId: 'loc_lakeside', contactId: 'ct_1', tags: 'a, b' } });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ contactId: 'ct_1' }, /Tags is required/],
    [{ contactId: 'ct_1', tags: [' ', ''] }, /Tags is required/],
    [{ tags: ['vip'] }, /Contact is required/],
  ])('refuses %j before any request', async (inputData, message) => {
    const wire = tripwire();
    const error = await failure(run(perform, { authData: locationAuth, inputData }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(wire.sent()).toBe(false);
  });

  it('shows a contact that does not exist (404)', async () => {
    api()[method]('/v2/contacts/ct_gone/tags').reply(404, { error: { code: 'not_found', message: 'Contact ct_gone was not found' } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_gone', tags: ['vip'] } }));
    expect(error).toMatchObject({ status: 404, message: 'Serebro AI: Contact ct_gone was not found' });
  });

  it('refuses an answer without the tags list', async () => {
    api()[method]('/v2/contacts/ct_1/tags').reply(200, { ok: true });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_1', tags: ['vip'] } }));
    expect(error.message).toMatch(/does not understand \(HTTP 200, JSON of another shape\)/);
  });
});

describe('Update Contact', () => {
  it('says plainly that its Tags field replaces every tag, and points to Add/Remove Tags', () => {
    const tags = (creates.update_contact.operation.inputFields as Array<{ key?: string; helpText?: string }>).find((field) => field.key === 'tags');
    expect(tags?.helpText).toMatch(/^REPLACES all of the contact's tags/);
    expect(tags?.helpText).toMatch(/Add Tags to Contact or Remove Tags from Contact/);
  });
});

describe('Tags dropdown', () => {
  it("lists the Location's tags, and the Tags fields offer them while taking typed ones too", async () => {
    mockCursorStore();
    api()
      .get('/v2/tags')
      .query({ limit: '100' })
      .reply(200, { data: [tagSample, { id: 'tag_2', name: 'newsletter' }], meta: { nextCursor: null } });
    await expect(run(performOf('tags'), { authData: locationAuth, meta: { page: 0 } })).resolves.toEqual([tagSample, { id: 'tag_2', name: 'newsletter' }]);
    const field = (creates.add_contact_tags.operation.inputFields as unknown as Array<Record<string, unknown>>).find((f) => f.key === 'tags');
    expect(field).toMatchObject({ list: true, dynamic: 'tags.name.name', required: true });
  });
});

describe('Create or Update Contact', () => {
  const perform = creates.upsert_contact.operation.perform;

  it('upserts in one request and says whether the contact was created', async () => {
    const scope = api()
      .post('/v2/contacts/upsert', { firstName: 'Maya', email: 'maya.lopez@example.com', tags: ['vip'] })
      .reply(201, { contact: contactSample, new: true })
      .post('/v2/contacts/upsert', { phone: '+13125550101' })
      .reply(200, { contact: contactSample, new: false });
    await expect(
      run(perform, { authData: locationAuth, inputData: { firstName: 'Maya', email: 'maya.lopez@example.com', tags: ['vip'] } }),
    ).resolves.toEqual({ ...contactSample, new: true });
    await expect(run(perform, { authData: locationAuth, inputData: { phone: '+13125550101' } })).resolves.toEqual({ ...contactSample, new: false });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a contact without email and phone before any request, naming both', async () => {
    const wire = tripwire();
    const error = await failure(run(perform, { authData: locationAuth, inputData: { firstName: 'Maya', lastName: 'Lopez' } }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/Fill in Email or Phone/) });
    expect(wire.sent()).toBe(false);
  });

  it('shows the API\'s 422 when it refuses a custom field value', async () => {
    api()
      .post('/v2/contacts/upsert')
      .reply(422, { error: { code: 'invalid_custom_field', message: 'Custom field "Lead Score" must be a number', details: { field: 'cf_lead_score' } } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com', customFields: { cf_lead_score: 'x' } } }));
    expect(error).toMatchObject({ code: 'invalid_custom_field', status: 422, message: 'Serebro AI: Custom field "Lead Score" must be a number' });
  });

  it('refuses an answer without the contact', async () => {
    api().post('/v2/contacts/upsert').reply(200, { new: false });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }));
    expect(error.message).toMatch(/JSON of another shape/);
  });
});

describe('custom fields by name', () => {
  it('shows each custom field of the Location as its own input, typed after its data type', async () => {
    customFieldsApi('contact');
    const fields = await run<Array<Record<string, unknown>>>(customFieldFunction(creates.create_contact.operation.inputFields as unknown[]), {
      authData: locationAuth,
      inputData: {},
    });
    expect(fields).toEqual([
      { key: 'cf__cf_referral_source', label: 'Referral Source', required: false, type: 'string' },
      { key: 'cf__cf_lead_score', label: 'Lead Score', required: false, type: 'number' },
      { key: 'cf__cf_birthday', label: 'Birthday', required: false, type: 'datetime', helpText: expect.stringMatching(/YYYY-MM-DD/) },
      { key: 'cf__cf_contact_method', label: 'Preferred Contact Method', required: false, type: 'string', choices: ['Email', 'Phone', 'SMS'] },
      { key: 'cf__cf_interests', label: 'Interests', required: false, type: 'string', list: true, choices: ['Massage Therapy', 'Physiotherapy', 'Yoga'] },
      { key: 'cf__cf_newsletter', label: 'Newsletter', required: false, type: 'string', list: true, choices: ['Weekly Tips', 'Monthly Offers'] },
      { key: 'cf__cf_intake_notes', label: 'Intake Notes', required: false, type: 'text' },
      { key: 'cf__cf_lifetime_value', label: 'Lifetime Value', required: false, type: 'number' },
    ]);
  });

  it('goes on with the fields read so far when the API gives a cursor it already gave, or new ones for ever', async () => {
    const fn = customFieldFunction(creates.create_contact.operation.inputFields as unknown[]);
    for (const [cursorAfter, pages] of [
      [() => 'c_same', 2],
      [(n: number) => `c_${n}`, 5],
    ] as const) {
      clearCache();
      let asked = 0;
      api()
        .get('/v2/custom-fields')
        .query(true)
        .times(50)
        .reply(200, () => {
          const field = contactCustomFields[asked];
          asked += 1;
          return { data: [field], meta: { nextCursor: cursorAfter(asked) } };
        });
      const fields = await run<Array<{ label: string }>>(fn, { authData: locationAuth, inputData: {} });
      expect(fields.map((field) => field.label)).toEqual(contactCustomFields.slice(0, pages).map((field) => field.name));
      expect(asked).toBe(pages);
      nock.cleanAll();
    }
  });

  it('on an Agency connection, appears only once the Location is chosen, and reads that Location\'s fields', async () => {
    const fn = customFieldFunction(creates.create_opportunity.operation.inputFields as unknown[]);
    const wire = tripwire();
    await expect(run(fn, { authData: agencyAuth, inputData: {} })).resolves.toEqual([]);
    expect(wire.sent()).toBe(false);
    nock.cleanAll();
    const scope = customFieldsApi('opportunity', { locationId: 'loc_lakeside' });
    const fields = await run<Array<{ label: string }>>(fn, { authData: agencyAuth, inputData: { locationId: 'loc_lakeside' } });
    expect(fields.map((field) => field.label)).toEqual(['Deal Source', 'Win Probability']);
    expect(scope.isDone()).toBe(true);
  });

  it('sends the values typed for their fields, with the raw Custom Fields pairs, after one read of the definitions', async () => {
    const definitions = customFieldsApi('contact');
    const scope = api()
      .post('/v2/contacts', {
        email: 'maya.lopez@example.com',
        customFields: [
          { id: 'cf_legacy', value: 'kept' },
          { id: 'cf_lead_score', value: 85 },
          { id: 'cf_birthday', value: '1990-03-07' },
          { id: 'cf_contact_method', value: 'SMS' },
          { id: 'cf_interests', value: ['Yoga', 'Physiotherapy'] },
          { id: 'cf_newsletter', value: ['Weekly Tips'] },
          { id: 'cf_lifetime_value', value: 1200.5 },
        ],
      })
      .reply(201, contactSample);
    await run(creates.create_contact.operation.perform, {
      authData: locationAuth,
      inputData: {
        email: 'maya.lopez@example.com',
        customFields: { cf_legacy: 'kept' },
        cf__cf_lead_score: '85',
        // A Zap's datetime field arrives as a date and time: its date as written is sent.
        cf__cf_birthday: '1990-03-07T00:00:00-06:00',
        cf__cf_contact_method: 'sms',
        cf__cf_interests: ['Yoga', 'physiotherapy'],
        cf__cf_newsletter: 'Weekly Tips',
        cf__cf_lifetime_value: '1200.50',
        cf__cf_intake_notes: '',
      },
    });
    expect(definitions.isDone()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('reads the definitions from Zapier\'s cache on the next step: no second request', async () => {
    customFieldsApi('opportunity');
    const update = creates.update_opportunity.operation.perform;
    api().patch('/v2/opportunities/opp_1', { customFields: [{ id: 'cf_win_probability', value: 40 }] }).reply(200, opportunitySample);
    api().patch('/v2/opportunities/opp_1', { customFields: [{ id: 'cf_deal_source', value: 'Walk-in' }] }).reply(200, opportunitySample);
    await run(update, { authData: locationAuth, inputData: { opportunityId: 'opp_1', cf__cf_win_probability: '40' } });
    const wire = tripwire();
    await run(update, { authData: locationAuth, inputData: { opportunityId: 'opp_1', cf__cf_deal_source: 'walk-in' } });
    expect(wire.sent()).toBe(false);
  });

  it.each([
    [{ cf__cf_lead_score: 'high' }, 'Lead Score must be a number, not "high".'],
    [{ cf__cf_birthday: 'someday' }, 'Birthday must be a date such as 2026-12-01, not "someday".'],
    [{ cf__cf_birthday: '2026-02-30' }, 'Birthday must be a date such as 2026-12-01, not "2026-02-30".'],
    [{ cf__cf_contact_method: 'Fax' }, 'Preferred Contact Method must be one of Email, Phone, SMS, not "Fax".'],
    [{ cf__cf_interests: ['Yoga', 'Boxing'] }, 'Interests has no option "Boxing": choose from Massage Therapy, Physiotherapy, Yoga.'],
    [{ cf__cf_deleted: 'x' }, /custom field cf_deleted this step sets is no longer a contact field/],
  ])('refuses %j before sending the contact, naming the field', async (values, message) => {
    customFieldsApi('contact');
    const wire = tripwire();
    const error = await failure(run(creates.update_contact.operation.perform, { authData: locationAuth, inputData: { contactId: 'ct_1', ...values } }));
    expect(error).toMatchObject({ code: 'invalid_input', message: typeof message === 'string' ? message : expect.stringMatching(message) });
    expect(wire.sent()).toBe(false);
  });

  it('labels the readable custom-field outputs with the fields\' names', async () => {
    customFieldsApi('contact');
    const fields = await run(outputFunction(App.triggers.contact_created.operation.outputFields as unknown[]), { authData: locationAuth, inputData: {} });
    expect(fields).toEqual(
      expect.arrayContaining([
        { key: 'customFieldValues__lead_score', label: 'Lead Score', type: 'number' },
        { key: 'customFieldValues__interests', label: 'Interests', type: 'string', list: true },
      ]),
    );
    expect(fields).toHaveLength(contactCustomFields.length);
  });

  it('returns values of fields it does not know under their id, and records without values without reading definitions', async () => {
    customFieldsApi('opportunity');
    api()
      .get('/v2/opportunities')
      .query({ status: 'open', limit: '10' })
      .reply(200, {
        data: [
          { ...opportunitySample, customFields: [{ id: 'cf_win_probability', value: 70 }, { id: 'cf_new', value: 'x' }] },
          { ...opportunitySample, id: 'opp_2', customFields: [] },
        ],
        meta: { nextCursor: null },
      });
    await expect(run(searches.find_opportunity.operation.perform, { authData: locationAuth, inputData: { status: 'Open' } })).resolves.toEqual([
      expect.objectContaining({ customFieldValues: { win_probability: 70, cf_new: 'x' } }),
      expect.objectContaining({ id: 'opp_2', customFieldValues: {} }),
    ]);
    expect(opportunityCustomFields).toHaveLength(2);
  });
});

describe('Find Opportunity', () => {
  const perform = searches.find_opportunity.operation.perform;

  it('searches by contact, pipeline, stage and status', async () => {
    const scope = api()
      .get('/v2/opportunities')
      .query({ contactId: 'ct_1', pipelineId: 'pl_1', stageId: 'stg_1', status: 'won', limit: '10' })
      .reply(200, { data: [opportunitySample], meta: { nextCursor: null } });
    customFieldsApi('opportunity');
    await expect(
      run(perform, { authData: locationAuth, inputData: { contactId: 'ct_1', pipelineId: 'pl_1', stageId: 'stg_1', status: 'won' } }),
    ).resolves.toEqual([{ ...opportunitySample, customFieldValues: { deal_source: 'Referral' } }]);
    expect(scope.isDone()).toBe(true);
  });

  it('returns [] when nothing matches, without reading the custom fields', async () => {
    api()
      .get('/v2/opportunities')
      .query({ contactId: 'ct_none', limit: '10' })
      .reply(200, { data: [], meta: { nextCursor: null } });
    await expect(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_none' } })).resolves.toEqual([]);
  });

  it.each([
    [{}, /Fill in Contact, Pipeline, Stage or Status/],
    [{ status: 'maybe' }, /Status must be one of Open, Won, Lost or Abandoned/],
  ])('refuses %j before any request', async (inputData, message) => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData }))).message).toMatch(message);
    expect(wire.sent()).toBe(false);
  });

  it('says which permission is missing on a 403', async () => {
    api()
      .get('/v2/opportunities')
      .query(true)
      .reply(403, { error: { code: 'insufficient_scope', message: 'no', details: { requiredScope: 'opportunities:read' } } });
    expect((await failure(run(perform, { authData: locationAuth, inputData: { status: 'open' } }))).message).toMatch(/"opportunities:read" permission/);
  });

  it('is paired with Create Opportunity for Find or Create Opportunity', () => {
    expect(App.searchOrCreates?.find_opportunity).toMatchObject({ search: 'find_opportunity', create: 'create_opportunity' });
  });
});
