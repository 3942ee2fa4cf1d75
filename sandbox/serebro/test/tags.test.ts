import { connect, liveLocation, v2 } from './helpers';

describe('Serebro sandbox: contact tags (docs/apis.md §1.3a)', () => {
  const live = liveLocation(['contact.updated']);

  const newContact = async (tags: string[]) => {
    const created = await live.call('POST', '/contacts', { firstName: 'Tag', lastName: 'Test', tags });
    expect(created.status).toBe(201);
    return created.body as { id: string; tags: string[] };
  };
  it('stores tags lower-case on create, PATCH and PUT, and filters by tag ignoring case', async () => {
    const contact = await newContact(['VIP', 'vip', ' Newsletter ']);
    expect(contact.tags).toEqual(['vip', 'newsletter']);
    expect((await live.call('PATCH', `/contacts/${contact.id}`, { tags: ['Gold', 'GOLD'] })).body?.tags).toEqual(['gold']);
    const byTag = await live.call('GET', '/contacts?tag=GOLD');
    expect(byTag.body?.data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    // PUT and PATCH with tags replace the whole list.
    expect((await live.call('PUT', `/contacts/${contact.id}`, { firstName: 'Tag', tags: ['Silver'] })).body?.tags).toEqual(['silver']);
  });

  it('adds tags with POST /contacts/{id}/tags, keeping those already there; adding again changes nothing', async () => {
    const contact = await newContact(['vip']);
    const added = await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['Web Form', 'VIP', 'web form'] });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ tags: ['vip', 'web form'] });
    const again = await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['WEB FORM'] });
    expect(again.body).toEqual({ tags: ['vip', 'web form'] });
    expect((await live.call('GET', `/contacts/${contact.id}`)).body?.tags).toEqual(['vip', 'web form']);

    // One contact.updated, for the change; none for the no-op.
    const events = await live.deliveriesOf(contact.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'contact.updated', locationId: live.location, data: { id: contact.id, tags: ['vip', 'web form'] } });
  });

  it('removes tags with DELETE /contacts/{id}/tags ignoring case; removing an absent tag changes nothing', async () => {
    const contact = await newContact(['vip', 'newsletter', 'referral']);
    const removed = await live.call('DELETE', `/contacts/${contact.id}/tags`, { tags: ['NEWSLETTER', 'never-there'] });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ tags: ['vip', 'referral'] });
    const before = (await live.call('GET', `/contacts/${contact.id}`)).body;
    const absent = await live.call('DELETE', `/contacts/${contact.id}/tags`, { tags: ['newsletter'] });
    expect(absent.body).toEqual({ tags: ['vip', 'referral'] });
    expect((await live.call('GET', `/contacts/${contact.id}`)).body).toEqual(before);

    const events = await live.deliveriesOf(contact.id);
    expect(events.map((event) => event.data.tags)).toEqual([['vip', 'referral']]);
  });

  it('refuses a tag write without tags (422), for an unknown contact (404) or without contacts:write (403)', async () => {
    const contact = await newContact([]);
    for (const body of [{}, { tags: [] }, { tags: 'vip' }, { tags: ['  '] }]) {
      const refused = await live.call('POST', `/contacts/${contact.id}/tags`, body);
      expect(refused.status).toBe(422);
      expect(refused.body?.error).toMatchObject({ code: 'validation_error', details: { field: 'tags' } });
    }
    expect((await live.call('DELETE', `/contacts/${contact.id}/tags`, {})).body?.error.details).toEqual({ field: 'tags' });
    expect((await live.call('POST', '/contacts/ct_nope/tags', { tags: ['vip'] })).status).toBe(404);
    const readOnly = v2(live.sandbox, (await connect(live.sandbox, { scope: 'contacts:read' })).access_token);
    const forbidden = await readOnly('POST', `/contacts/${contact.id}/tags`, { tags: ['vip'] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body?.error.details).toEqual({ requiredScope: 'contacts:write' });
    expect((await readOnly('GET', '/tags')).status).toBe(200);
  });

  it("lists the Location's tags, seeded and new, newest first and paged", async () => {
    const contact = await newContact([]);
    await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['Spring Promo'] });
    const all = await live.call('GET', '/tags?limit=100');
    const names = (all.body?.data as Array<{ id: string; name: string }>).map((tag) => tag.name);
    expect(names[0]).toBe('spring promo');
    expect(names).toEqual(expect.arrayContaining(['vip', 'newsletter', 'new-patient', 'referral', 'membership']));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(all.body?.data[0]).sort()).toEqual(['id', 'name']);
    expect(all.body?.data[0].id).toMatch(/^tag_/);

    const first = await live.call('GET', '/tags?limit=2');
    expect(first.body?.data).toEqual(all.body?.data.slice(0, 2));
    const second = await live.call('GET', `/tags?limit=2&cursor=${first.body?.meta.nextCursor}`);
    expect(second.body?.data).toEqual(all.body?.data.slice(2, 4));
    expect((await live.call('GET', '/tags?limit=0')).body?.error.details).toEqual({ field: 'limit' });
  });

  it('serves Agency tokens the tags of the Location they name, and tag writes there', async () => {
    const agency = v2(live.sandbox, (await connect(live.sandbox, { location: live.handle.store.company.id })).access_token);
    const other = live.handle.store.locations[1].id;
    expect((await agency('GET', '/tags')).body?.error).toMatchObject({ code: 'validation_error', details: { field: 'locationId' } });
    const contact = live.handle.store.contacts.find((c) => c.locationId === other) as { id: string; tags: string[] };
    const added = await agency('POST', `/contacts/${contact.id}/tags`, { locationId: other, tags: ['Lakeside Only'] });
    expect(added.body?.tags).toContain('lakeside only');
    expect((await agency('GET', `/tags?locationId=${other}`)).body?.data.map((t: { name: string }) => t.name)).toContain('lakeside only');
    // Location tokens never see another Location's tags or contacts.
    expect((await live.call('GET', '/tags?limit=100')).body?.data.map((t: { name: string }) => t.name)).not.toContain('lakeside only');
    expect((await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['x'] })).status).toBe(404);
    const removed = await agency('DELETE', `/contacts/${contact.id}/tags?locationId=${other}`, { tags: ['LAKESIDE ONLY'] });
    expect(removed.body?.tags).not.toContain('lakeside only');
  });

  it('counts tag requests against the rate limit like every other request', async () => {
    const contact = await newContact([]);
    const responses = [
      await live.call('GET', '/me'),
      await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['a'] }),
      await live.call('DELETE', `/contacts/${contact.id}/tags`, { tags: ['a'] }),
      await live.call('GET', '/tags'),
    ];
    const remaining = responses.map((response) => Number(response.headers.get('x-ratelimit-remaining')));
    expect(remaining.slice(1)).toEqual([remaining[0] - 1, remaining[0] - 2, remaining[0] - 3]);
    await fetch(`${live.sandbox.url}/serebro/_admin/exhaust-rate-limit`, { method: 'POST' });
    const limited = await live.call('POST', `/contacts/${contact.id}/tags`, { tags: ['b'] });
    expect(limited.status).toBe(429);
    expect(limited.body?.error.code).toBe('rate_limited');
    expect((await live.call('GET', '/tags')).status).toBe(429);
    await fetch(`${live.sandbox.url}/serebro/_admin/reset-rate-limits`, { method: 'POST' });
    expect((await live.call('GET', `/contacts/${contact.id}`)).body?.tags).toEqual([]);
  });
});
