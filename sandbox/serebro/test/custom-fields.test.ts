import { startSandbox, type Sandbox } from '../..';
import { serebroHandle, type SerebroHandle } from '..';
import { connect, startReceiver, v2 } from './helpers';

const DATA_TYPES = ['TEXT', 'LARGE_TEXT', 'NUMERICAL', 'MONETARY', 'DATE', 'CHECKBOX', 'SINGLE_OPTIONS', 'MULTIPLE_OPTIONS', 'PHONE', 'EMAIL'];

interface Field {
  id: string;
  name: string;
  fieldKey: string;
  model: string;
  dataType: string;
  picklistOptions?: string[];
}

describe('Serebro sandbox: custom fields (docs/apis.md §1.3a)', () => {
  let sandbox: Sandbox;
  let handle: SerebroHandle;
  let call: ReturnType<typeof v2>;
  let location: string;
  let contactFields: Field[];
  let opportunityFields: Field[];
  const byKey = (fields: Field[], key: string) => fields.find((f) => f.fieldKey === key) as Field;

  beforeAll(async () => {
    sandbox = await startSandbox({ webhookRetryBaseMs: 5 });
    handle = serebroHandle(sandbox.services);
    location = handle.store.locations[0].id;
    call = v2(sandbox, (await connect(sandbox)).access_token);
    contactFields = (await call('GET', '/custom-fields?model=contact')).body?.data;
    opportunityFields = (await call('GET', '/custom-fields?model=opportunity')).body?.data;
  });

  afterAll(() => sandbox.close());

  it('lists each model’s fields, one of every data type, with options only where they belong', async () => {
    for (const [model, fields] of [
      ['contact', contactFields],
      ['opportunity', opportunityFields],
    ] as const) {
      expect(fields.map((f) => f.dataType).sort()).toEqual([...DATA_TYPES].sort());
      for (const field of fields) {
        expect(field).toMatchObject({ id: expect.stringMatching(/^cf_/), model, fieldKey: expect.stringMatching(new RegExp(`^${model}\\.[a-z_]+$`)) });
        expect(Object.keys(field).sort()).toEqual(
          ['id', 'name', 'fieldKey', 'model', 'dataType', ...(field.picklistOptions ? ['picklistOptions'] : [])].sort(),
        );
        expect(!!field.picklistOptions).toBe(['CHECKBOX', 'SINGLE_OPTIONS', 'MULTIPLE_OPTIONS'].includes(field.dataType));
      }
    }
    expect(byKey(contactFields, 'contact.lead_score')).toMatchObject({ name: 'Lead Score', dataType: 'NUMERICAL' });
    expect(byKey(contactFields, 'contact.preferred_contact_method').picklistOptions).toEqual(['Email', 'Phone', 'SMS']);
    const seeded = (await call('GET', '/contacts?email=maya.lopez%40example.com')).body?.data[0];
    expect(seeded.customFields).toContainEqual({ id: byKey(contactFields, 'contact.lead_score').id, value: 85 });
  });

  it('needs model=contact|opportunity and the model’s read scope', async () => {
    expect((await call('GET', '/custom-fields')).body?.error).toMatchObject({ code: 'validation_error', details: { field: 'model' } });
    expect((await call('GET', '/custom-fields?model=invoice')).body?.error.details).toEqual({ field: 'model' });
    const contactsOnly = v2(sandbox, (await connect(sandbox, { scope: 'contacts:read' })).access_token);
    expect((await contactsOnly('GET', '/custom-fields?model=contact')).status).toBe(200);
    expect((await contactsOnly('GET', '/custom-fields?model=opportunity')).body?.error.details).toEqual({ requiredScope: 'opportunities:read' });
  });

  it('stores a value of every type on a contact and changes only the ids a write names', async () => {
    const id = (key: string) => byKey(contactFields, key).id;
    const values: Record<string, unknown> = {
      'contact.insurance_provider': 'Blue Lake Health',
      'contact.intake_notes': 'Prefers mornings.\nLower back pain since May.',
      'contact.lead_score': 72.5,
      'contact.lifetime_value': 1250,
      'contact.birthday': '1990-02-28',
      'contact.newsletter': ['Weekly Tips'],
      'contact.preferred_contact_method': 'SMS',
      'contact.interests': ['Yoga', 'Nutrition'],
      'contact.emergency_contact_phone': '+1 312 555 0188',
      'contact.work_email': 'ann@clinic.example',
    };
    const created = await call('POST', '/contacts', {
      firstName: 'Ann',
      customFields: Object.entries(values).map(([key, value]) => ({ id: id(key), value })),
    });
    expect(created.status).toBe(201);
    expect(created.body?.customFields).toEqual(Object.entries(values).map(([key, value]) => ({ id: id(key), value })));

    const patched = await call('PATCH', `/contacts/${created.body?.id}`, {
      customFields: [
        { id: id('contact.lead_score'), value: 80 },
        { id: id('contact.work_email'), value: null },
        { id: id('contact.intake_notes'), value: '' },
      ],
    });
    const after = new Map((patched.body?.customFields as Array<{ id: string; value: unknown }>).map((f) => [f.id, f.value]));
    expect(after.get(id('contact.lead_score'))).toBe(80);
    expect(after.has(id('contact.work_email'))).toBe(false);
    expect(after.has(id('contact.intake_notes'))).toBe(false);
    expect(after.get(id('contact.interests'))).toEqual(['Yoga', 'Nutrition']);
    expect(after.size).toBe(8);
    // PUT replaces the contact's fields but changes custom fields only by id, like any write.
    const replaced = await call('PUT', `/contacts/${created.body?.id}`, { firstName: 'Ann', customFields: [{ id: id('contact.lead_score'), value: 81 }] });
    expect(replaced.body?.customFields).toHaveLength(8);
    expect(replaced.body?.customFields).toContainEqual({ id: id('contact.lead_score'), value: 81 });
    expect((await call('PUT', `/contacts/${created.body?.id}`, { firstName: 'Ann' })).body?.customFields).toHaveLength(8);
  });

  it.each([
    ['an unknown id', 'cf_nope', 1, /cf_nope is not a contact field/],
    ['a number as text', 'contact.lead_score', '72', /"Lead Score" must be a number/],
    ['money as text', 'contact.lifetime_value', '$1,250', /"Lifetime Value" must be a number/],
    ['a US date', 'contact.birthday', '02/28/1990', /"Birthday" must be a date written YYYY-MM-DD/],
    ['a date that does not exist', 'contact.birthday', '2026-02-30', /"Birthday"/],
    ['an option not offered', 'contact.preferred_contact_method', 'Fax', /"Preferred Contact Method" must be one of its options: Email, Phone, SMS/],
    ['a list for a single option', 'contact.preferred_contact_method', ['Email'], /"Preferred Contact Method"/],
    ['one option outside a list', 'contact.interests', 'Yoga', /"Interests" must be a list of its options/],
    ['an option not offered in a list', 'contact.interests', ['Yoga', 'Pilates'], /"Interests" has no option "Pilates"/],
    ['a boolean for a checkbox', 'contact.newsletter', true, /"Newsletter" must be a list of its options/],
    ['a number for text', 'contact.insurance_provider', 12, /"Insurance Provider" must be a string/],
    ['a bad email', 'contact.work_email', 'ann at clinic', /"Work Email" must be an email address/],
    ['a bad phone', 'contact.emergency_contact_phone', 'call me', /"Emergency Contact Phone" must be a phone number/],
    ['an opportunity field on a contact', 'opportunity.deal_source', 'Website', /is not a contact field/],
  ])('refuses %s with 422 invalid_custom_field naming the field', async (_case, key, value, message) => {
    const field = [...contactFields, ...opportunityFields].find((f) => f.fieldKey === key);
    const id = field ? field.id : key;
    const before = handle.store.contacts.length;
    const refused = await call('POST', '/contacts', { firstName: 'Refused', customFields: [{ id, value }] });
    expect(refused.status).toBe(422);
    expect(refused.body?.error).toMatchObject({ code: 'invalid_custom_field', message: expect.stringMatching(message), details: { field: id } });
    expect(handle.store.contacts.length).toBe(before);
    const maya = handle.store.contacts.find((c) => c.locationId === location) as { id: string };
    expect((await call('PATCH', `/contacts/${maya.id}`, { customFields: [{ id, value }] })).body?.error.code).toBe('invalid_custom_field');
  });

  it('keeps custom fields on opportunities: create, PATCH merges by id, GET reads one; invalid values refused', async () => {
    const id = (key: string) => byKey(opportunityFields, key).id;
    const pipeline = handle.store.pipelines.find((p) => p.locationId === location) as { id: string; stages: Array<{ id: string }> };
    const contact = handle.store.contacts.find((c) => c.locationId === location) as { id: string };
    const base = { name: 'Membership', pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id };
    const created = await call('POST', '/opportunities', {
      ...base,
      customFields: [
        { id: id('opportunity.deal_source'), value: 'Referral' },
        { id: id('opportunity.deposit_amount'), value: 99.5 },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body?.customFields).toEqual([
      { id: id('opportunity.deal_source'), value: 'Referral' },
      { id: id('opportunity.deposit_amount'), value: 99.5 },
    ]);
    const patched = await call('PATCH', `/opportunities/${created.body?.id}`, {
      customFields: [
        { id: id('opportunity.expected_close_date'), value: '2026-12-15' },
        { id: id('opportunity.follow_up_channels'), value: ['Email', 'SMS'] },
        { id: id('opportunity.deal_source'), value: 'Event' },
      ],
    });
    expect(patched.body?.customFields).toEqual([
      { id: id('opportunity.deal_source'), value: 'Event' },
      { id: id('opportunity.deposit_amount'), value: 99.5 },
      { id: id('opportunity.expected_close_date'), value: '2026-12-15' },
      { id: id('opportunity.follow_up_channels'), value: ['Email', 'SMS'] },
    ]);
    expect((await call('GET', `/opportunities/${created.body?.id}`)).body).toEqual(patched.body);
    expect((await call('GET', '/opportunities/opp_nope')).status).toBe(404);

    const badCreate = await call('POST', '/opportunities', { ...base, customFields: [{ id: id('opportunity.win_probability'), value: 'likely' }] });
    expect(badCreate.body?.error).toMatchObject({
      code: 'invalid_custom_field',
      message: expect.stringContaining('"Win Probability"'),
      details: { field: id('opportunity.win_probability') },
    });
    const contactField = byKey(contactFields, 'contact.lead_score').id;
    const badPatch = await call('PATCH', `/opportunities/${created.body?.id}`, { stageId: pipeline.stages[1].id, customFields: [{ id: contactField, value: 1 }] });
    expect(badPatch.body?.error).toMatchObject({ code: 'invalid_custom_field', details: { field: contactField } });
    // A refused write changes nothing.
    expect((await call('GET', `/opportunities/${created.body?.id}`)).body).toEqual(patched.body);
  });

  it('serves Agency tokens the fields of the Location they name, whose ids are its own', async () => {
    const agency = v2(sandbox, (await connect(sandbox, { location: handle.store.company.id })).access_token);
    const other = handle.store.locations[1].id;
    expect((await agency('GET', '/custom-fields?model=contact')).body?.error.details).toEqual({ field: 'locationId' });
    const theirs = (await agency('GET', `/custom-fields?model=contact&locationId=${other}`)).body?.data as Field[];
    expect(theirs.map((f) => f.fieldKey)).toEqual(contactFields.map((f) => f.fieldKey));
    expect(theirs.map((f) => f.id)).not.toEqual(expect.arrayContaining([contactFields[0].id]));
    const score = byKey(theirs, 'contact.lead_score').id;
    const created = await agency('POST', '/contacts', { locationId: other, firstName: 'Lake', customFields: [{ id: score, value: 3 }] });
    expect(created.body).toMatchObject({ locationId: other, customFields: [{ id: score, value: 3 }] });
    const foreign = await agency('POST', '/contacts', { locationId: other, firstName: 'Lake', customFields: [{ id: contactFields[0].id, value: 'x' }] });
    expect(foreign.body?.error).toMatchObject({ code: 'invalid_custom_field', details: { field: contactFields[0].id } });
  });
});

describe('Serebro sandbox: events carry the resource as GET returns it', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ webhookRetryBaseMs: 5 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await sandbox.close();
  });

  it('opportunity.created, contact.updated from a tag write and appointment.canceled', async () => {
    const handle = serebroHandle(sandbox.services);
    const location = handle.store.locations[0].id;
    const call = v2(sandbox, (await connect(sandbox)).access_token);
    await call('POST', '/webhooks', { url: `${receiver.url}/all`, events: ['opportunity.created', 'contact.updated', 'appointment.canceled'] });
    const pipeline = handle.store.pipelines.find((p) => p.locationId === location) as { id: string; stages: Array<{ id: string }> };
    const contact = handle.store.contacts.find((c) => c.locationId === location) as { id: string };
    const source = handle.store.customFields.find((f) => f.locationId === location && f.fieldKey === 'opportunity.deal_source') as { id: string };
    const created = await call('POST', '/opportunities', {
      name: 'Package',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      contactId: contact.id,
      customFields: [{ id: source.id, value: 'Website' }],
    });
    // Changed right away: the event still shows the opportunity as it was created.
    await call('PATCH', `/opportunities/${created.body?.id}`, { monetaryValue: 10 });
    await call('POST', `/contacts/${contact.id}/tags`, { tags: ['event-check'] });
    const service = handle.store.services.find((s) => s.locationId === location) as { id: string };
    const staff = handle.store.staff.find((s) => s.locationId === location) as { id: string };
    const booked = await call('POST', '/appointments', {
      contactId: contact.id,
      serviceId: service.id,
      staffId: staff.id,
      startTime: '2026-12-03T15:00:00Z',
      endTime: '2026-12-03T15:30:00Z',
    });
    await call('DELETE', `/appointments/${booked.body?.id}`);
    await sandbox.webhooks.drain();

    const events = receiver.at('/all');
    expect(events.map((event) => event.type)).toEqual(['opportunity.created', 'contact.updated', 'appointment.canceled']);
    expect(events[0].data).toEqual(created.body);
    expect(events[0].data).toMatchObject({ customFields: [{ id: source.id, value: 'Website' }], monetaryValue: null });
    expect(events[1].data).toEqual((await call('GET', `/contacts/${contact.id}`)).body);
    expect(events[2].data).toEqual((await call('GET', `/appointments/${booked.body?.id}`)).body);
    expect(events[2].data).toMatchObject({ status: 'canceled' });
  });
});
