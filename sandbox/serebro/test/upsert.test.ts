import { connect, liveLocation, v2 } from './helpers';

describe('Serebro sandbox: POST /v2/contacts/upsert (docs/apis.md §1.3a)', () => {
  const live = liveLocation(['contact.created', 'contact.updated']);
  const fieldId = (fieldKey: string, locationId = live.location) =>
    live.handle.store.customFields.find((f) => f.locationId === locationId && f.fieldKey === fieldKey)?.id as string;

  it('creates the contact when none matches: 201 {contact, new: true} and contact.created', async () => {
    const created = await live.call('POST', '/contacts/upsert', {
      email: 'Nora.Wells@Example.com',
      firstName: 'Nora',
      tags: ['Lead'],
      customFields: [{ id: fieldId('contact.lead_score'), value: 12 }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      new: true,
      contact: { email: 'nora.wells@example.com', firstName: 'Nora', name: 'Nora', tags: ['lead'], locationId: live.location },
    });
    const contact = (await live.call('GET', `/contacts/${created.body?.contact.id}`)).body;
    expect(created.body?.contact).toEqual(contact);
    expect(contact?.customFields).toEqual([{ id: fieldId('contact.lead_score'), value: 12 }]);
    expect((await live.deliveriesOf(contact?.id)).map((event) => [event.type, event.data])).toEqual([['contact.created', contact]]);
  });

  it('updates the contact matched by email: given fields set, tags added, custom fields merged, the rest kept', async () => {
    const maya = live.handle.store.contacts.find((c) => c.locationId === live.location && c.firstName === 'Maya') as { id: string };
    const before = (await live.call('GET', `/contacts/${maya.id}`)).body as Record<string, unknown>;
    const updated = await live.call('POST', '/contacts/upsert', {
      email: 'MAYA.LOPEZ@example.com',
      lastName: 'Lopez-Grant',
      firstName: '',
      city: null,
      tags: ['Returning', 'VIP'],
      customFields: [
        { id: fieldId('contact.lead_score'), value: 90 },
        { id: fieldId('contact.birthday'), value: '1988-04-17' },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body?.new).toBe(false);
    const after = (await live.call('GET', `/contacts/${maya.id}`)).body as Record<string, unknown>;
    expect(updated.body?.contact).toEqual(after);
    expect(after).toMatchObject({
      id: maya.id,
      firstName: 'Maya', // sent empty: left as it was
      lastName: 'Lopez-Grant',
      name: 'Maya Lopez-Grant',
      city: before.city, // sent null: left as it was
      phone: before.phone,
      tags: ['vip', 'newsletter', 'returning'],
      createdAt: before.createdAt,
    });
    expect(after.customFields).toEqual([
      { id: fieldId('contact.lead_score'), value: 90 },
      { id: fieldId('contact.preferred_contact_method'), value: 'Email' },
      { id: fieldId('contact.interests'), value: ['Massage Therapy', 'Nutrition'] },
      { id: fieldId('contact.birthday'), value: '1988-04-17' },
    ]);
    expect((await live.deliveriesOf(maya.id)).map((event) => [event.type, event.data])).toEqual([['contact.updated', after]]);
  });

  it('matches by phone when no email matches, whatever the phone format, and fills in the email', async () => {
    const jordan = live.handle.store.contacts.find((c) => c.locationId === live.location && c.firstName === 'Jordan') as { id: string };
    const updated = await live.call('POST', '/contacts/upsert', { phone: '(312) 555-0102', email: 'jordan.k@work.example' });
    expect(updated.status).toBe(200);
    // Matched by phone, the contact takes the new email; its phone stays as stored.
    expect(updated.body).toMatchObject({ new: false, contact: { id: jordan.id, email: 'jordan.k@work.example', phone: '+13125550102' } });
  });

  it('prefers the email match over the phone match', async () => {
    const [maya, priya] = ['Maya', 'Priya'].map((name) => live.handle.store.contacts.find((c) => c.locationId === live.location && c.firstName === name)) as Array<{
      id: string;
      email: string;
      phone: string;
    }>;
    const updated = await live.call('POST', '/contacts/upsert', { email: priya.email, phone: maya.phone, companyName: 'Shah Studio' });
    // The phone sent is one of the fields given, so the contact found by email takes it.
    expect(updated.body).toMatchObject({ new: false, contact: { id: priya.id, companyName: 'Shah Studio', phone: maya.phone } });
  });

  it('answers 422 missing_identifier without email and phone, and validates like a create', async () => {
    for (const body of [{ firstName: 'Only', lastName: 'Names' }, {}, { email: '', phone: null }]) {
      const refused = await live.call('POST', '/contacts/upsert', body);
      expect(refused.status).toBe(422);
      expect(refused.body?.error.code).toBe('missing_identifier');
    }
    expect((await live.call('POST', '/contacts/upsert', { email: 'not-an-email' })).body?.error).toMatchObject({
      code: 'validation_error',
      details: { field: 'email' },
    });
    expect((await live.call('POST', '/contacts/upsert', { email: 'x@example.com', tags: 'vip' })).body?.error.details).toEqual({ field: 'tags' });
    const badField = await live.call('POST', '/contacts/upsert', {
      email: 'x@example.com',
      customFields: [{ id: fieldId('contact.lead_score'), value: 'high' }],
    });
    expect(badField.body?.error).toMatchObject({ code: 'invalid_custom_field', details: { field: fieldId('contact.lead_score') } });
    expect((await live.call('GET', '/contacts?email=x%40example.com')).body?.data).toEqual([]);
    const readOnly = v2(live.sandbox, (await connect(live.sandbox, { scope: 'contacts:read' })).access_token);
    expect((await readOnly('POST', '/contacts/upsert', { email: 'x@example.com' })).status).toBe(403);
  });

  it('gives the email to a contact found by phone that has none, and keeps its phone as stored', async () => {
    const walkIn = await live.call('POST', '/contacts', { firstName: 'Walk-in', phone: '+13125550177' });
    const found = await live.call('POST', '/contacts/upsert', { phone: '312.555.0177', email: 'walk.in@example.com' });
    expect(found.body).toEqual({
      new: false,
      contact: expect.objectContaining({ id: walkIn.body?.id, firstName: 'Walk-in', email: 'walk.in@example.com', phone: '+13125550177' }),
    });
  });

  it('upserts within the Location an Agency token names', async () => {
    const agency = v2(live.sandbox, (await connect(live.sandbox, { location: live.handle.store.company.id })).access_token);
    const other = live.handle.store.locations[1].id;
    expect((await agency('POST', '/contacts/upsert', { email: 'nora.wells@example.com' })).body?.error.details).toEqual({ field: 'locationId' });
    // Nora exists in the first Location only: in the second she is new.
    const created = await agency('POST', '/contacts/upsert', {
      locationId: other,
      email: 'nora.wells@example.com',
      customFields: [{ id: fieldId('contact.preferred_contact_method', other), value: 'SMS' }],
    });
    expect(created.status).toBe(201);
    expect(created.body?.contact).toMatchObject({ locationId: other, customFields: [{ value: 'SMS' }] });
    const again = await agency('POST', '/contacts/upsert', { locationId: other, email: 'nora.wells@example.com', tags: ['lakeside'] });
    expect(again.body).toMatchObject({ new: false, contact: { id: created.body?.contact.id, tags: ['lakeside'] } });
    // The first Location's field ids are not fields of the second.
    const foreign = await agency('POST', '/contacts/upsert', {
      locationId: other,
      email: 'nora.wells@example.com',
      customFields: [{ id: fieldId('contact.lead_score'), value: 1 }],
    });
    expect(foreign.body?.error).toMatchObject({ code: 'invalid_custom_field', details: { field: fieldId('contact.lead_score') } });
  });
});
