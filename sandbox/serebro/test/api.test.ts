import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../..';
import { serebroHandle, type SerebroHandle } from '..';
import { serebroSigned } from '../../test/signed';
import { connect, v2 } from './helpers';

const RATE_HEADERS = [
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-max',
  'x-ratelimit-remaining',
];

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('Serebro sandbox v2 API', () => {
  let sandbox: Sandbox;
  let handle: SerebroHandle;
  let call: ReturnType<typeof v2>;
  let token: string;
  let receiver: Server;
  let receiverUrl = '';
  const hits: Hit[] = [];
  /** Answers 500 to the first delivery of each path, so retries are exercised. */
  const failedOnce = new Set<string>();

  beforeAll(async () => {
    sandbox = await startSandbox({ webhookRetryBaseMs: 5, workflowStepMs: 5 });
    handle = serebroHandle(sandbox.services);
    token = (await connect(sandbox)).access_token;
    call = v2(sandbox, token);
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const path = request.url ?? '';
        hits.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (path.startsWith('/flaky') && !failedOnce.has(path)) {
          failedOnce.add(path);
          response.writeHead(500).end();
        } else {
          response.writeHead(200).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await sandbox.close();
  });

  const subscribe = async (path: string, events: string[]) => {
    const created = await call('POST', '/webhooks', { url: `${receiverUrl}${path}`, events });
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string };
  };

  it('sends the five rate-limit headers on every response, errors included', async () => {
    for (const response of [await call('GET', '/me'), await call('GET', '/contacts?limit=500'), await v2(sandbox, 'bad')('GET', '/me')]) {
      for (const header of RATE_HEADERS) expect(response.headers.get(header)).toMatch(/^\d+$/);
    }
  });

  it('answers 401 invalid_token to a missing or unknown token', async () => {
    const response = await fetch(`${sandbox.url}/serebro/v2/contacts`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'invalid_token', message: 'The access token is invalid' } });
  });

  it('answers 429 without Retry-After once the burst of 100 in 10 s is used up', async () => {
    const limited = await connect(sandbox, { location: handle.store.locations[1].id });
    const other = v2(sandbox, limited.access_token);
    // The windows are aligned on the clock (every 10 s): starting late in one, the burst could run into the
    // next and be allowed more than 100 (a loaded CI machine once did). Start with at least 5 s of a window left.
    const left = 10_000 - (Date.now() % 10_000);
    if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 20));
    let last = await other('GET', '/me');
    let sent = 1;
    while (last.status !== 429 && sent < 150) {
      last = await other('GET', '/me');
      sent += 1;
    }
    expect(sent).toBe(101);
    expect(last.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(last.headers.get('retry-after')).toBeNull();
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(last.headers.get('x-ratelimit-interval-milliseconds')).toBe('10000');
    // Another Location's allowance is its own.
    expect((await call('GET', '/me')).status).toBe(200);
    await fetch(`${sandbox.url}/serebro/_admin/reset-rate-limits`, { method: 'POST' });
  });

  it('answers 429 with X-RateLimit-Daily-Remaining 0 once the day is used up', async () => {
    const exhaust = await fetch(`${sandbox.url}/serebro/_admin/exhaust-rate-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ window: 'daily' }),
    });
    expect(await exhaust.json()).toEqual({ exhausted: 'daily' });
    const refused = await call('GET', '/me');
    expect(refused.status).toBe(429);
    expect(refused.body?.error.message).toMatch(/resets at midnight UTC/);
    expect(refused.headers.get('x-ratelimit-daily-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBeNull();
    await fetch(`${sandbox.url}/serebro/_admin/reset-rate-limits`, { method: 'POST' });
    expect((await call('GET', '/me')).status).toBe(200);
  });

  it('answers an injected rate_limit fault exactly like a real 429', async () => {
    const response = await fetch(`${sandbox.url}/serebro/v2/me`, { headers: { authorization: `Bearer ${token}`, 'x-sandbox-fault': 'rate_limit' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    for (const header of RATE_HEADERS) expect(response.headers.get(header)).toMatch(/^\d+$/);
  });

  it('enforces scopes with 403 insufficient_scope naming the scope', async () => {
    const readOnly = await connect(sandbox, { scope: 'contacts:read' });
    const response = await v2(sandbox, readOnly.access_token)('POST', '/contacts', { email: 'x@example.com' });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: {
        code: 'insufficient_scope',
        message: 'This connection was not granted the contacts:write scope',
        details: { requiredScope: 'contacts:write' },
      },
    });
    expect((await v2(sandbox, readOnly.access_token)('POST', '/workflows/x/execute', {})).body?.error.details).toEqual({
      requiredScope: 'workflows:write',
    });
  });

  it('validates contacts (422 naming the field) and refuses a duplicate email with the existing id (409)', async () => {
    expect((await call('POST', '/contacts', {})).body?.error).toMatchObject({ code: 'validation_error', details: { field: 'email' } });
    expect((await call('POST', '/contacts', { email: 'nope' })).body?.error.details).toEqual({ field: 'email' });
    expect((await call('POST', '/contacts', { firstName: 'A', tags: 'vip' })).body?.error.details).toEqual({ field: 'tags' });
    expect((await call('POST', '/contacts', { firstName: 'A', customFields: [{ value: 1 }] })).body?.error.details).toEqual({
      field: 'customFields[0].id',
    });
    const existing = handle.store.contacts.find((c) => c.locationId === handle.store.locations[0].id) as { id: string; email: string };
    const duplicate = await call('POST', '/contacts', { email: existing.email.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body?.error).toMatchObject({ code: 'duplicate_contact', details: { contactId: existing.id } });
  });

  it('creates, reads, updates, filters and pages contacts, newest first', async () => {
    const created = await call('POST', '/contacts', { firstName: 'Lee', lastName: 'Park', phone: '+1 (312) 555-0199', tags: ['a', 'a', 'b'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Lee Park', phone: '+13125550199', tags: ['a', 'b'], dnd: false, email: null });
    const id = created.body?.id as string;
    expect((await call('GET', `/contacts/${id}`)).body).toEqual(created.body);
    const patched = await call('PATCH', `/contacts/${id}`, { city: 'Evanston' });
    expect(patched.body).toMatchObject({ city: 'Evanston', firstName: 'Lee' });
    expect((await call('GET', '/contacts?phone=3125550199')).body?.data.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await call('GET', '/contacts?name=lee%20pa')).body?.data.map((c: { id: string }) => c.id)).toEqual([id]);

    const first = await call('GET', '/contacts?limit=2');
    expect(first.body?.data[0].id).toBe(id);
    const second = await call('GET', `/contacts?limit=2&cursor=${first.body?.meta.nextCursor}`);
    const all = await call('GET', '/contacts?limit=100');
    expect([...(first.body?.data ?? []), ...(second.body?.data ?? [])].map((c: { id: string }) => c.id)).toEqual(
      all.body?.data.slice(0, 4).map((c: { id: string }) => c.id),
    );
    expect((await call('GET', '/contacts?cursor=forged')).body?.error.details).toEqual({ field: 'cursor' });
    const since = encodeURIComponent(new Date(Date.parse(created.body?.createdAt) - 1).toISOString());
    expect((await call('GET', `/contacts?createdAfter=${since}`)).body?.data.map((c: { id: string }) => c.id)).toContain(id);
    // PUT replaces: what it does not name is cleared.
    const replaced = await call('PUT', `/contacts/${id}`, { firstName: 'Lee', email: 'lee@example.com' });
    expect(replaced.body).toMatchObject({ firstName: 'Lee', lastName: null, city: null, phone: null, tags: [], email: 'lee@example.com', name: 'Lee' });
    expect((await call('DELETE', `/contacts/${id}`)).status).toBe(204);
    expect((await call('GET', '/contacts/ct_nope')).status).toBe(404);
  });

  it('books appointments: end after start (422), a taken slot (409), cancel', async () => {
    const location = handle.store.locations[0].id;
    const contact = handle.store.contacts.find((c) => c.locationId === location) as { id: string };
    const service = handle.store.services.find((s) => s.locationId === location) as { id: string };
    const staff = handle.store.staff.find((s) => s.locationId === location) as { id: string };
    const base = { contactId: contact.id, serviceId: service.id, staffId: staff.id };
    const backwards = await call('POST', '/appointments', { ...base, startTime: '2026-12-01T15:00:00Z', endTime: '2026-12-01T15:00:00Z' });
    expect(backwards.body?.error).toMatchObject({ code: 'validation_error', details: { field: 'endTime' } });
    const booked = await call('POST', '/appointments', { ...base, startTime: '2026-12-01T15:00:00Z', endTime: '2026-12-01T15:45:00Z' });
    expect(booked.body).toMatchObject({ status: 'booked', title: 'Initial Consultation' });
    const clash = await call('POST', '/appointments', { ...base, startTime: '2026-12-01T15:30:00+00:00', endTime: '2026-12-01T16:00:00Z' });
    expect(clash.status).toBe(409);
    expect(clash.body?.error.code).toBe('slot_unavailable');
    const canceled = await call('DELETE', `/appointments/${booked.body?.id}`);
    expect(canceled.body).toMatchObject({ id: booked.body?.id, status: 'canceled' });
    // The slot is free again.
    expect((await call('POST', '/appointments', { ...base, startTime: '2026-12-01T15:30:00Z', endTime: '2026-12-01T16:00:00Z' })).status).toBe(201);
  });

  it('creates and moves opportunities within their pipeline, emitting opportunity.stage_changed', async () => {
    const { secret } = await subscribe('/opportunity', ['opportunity.stage_changed']);
    const location = handle.store.locations[0].id;
    const [pipeline, otherPipeline] = handle.store.pipelines.filter((p) => p.locationId === location);
    const contact = handle.store.contacts.find((c) => c.locationId === location) as { id: string };
    const wrongStage = await call('POST', '/opportunities', {
      name: 'Deal',
      pipelineId: pipeline.id,
      stageId: otherPipeline.stages[0].id,
      contactId: contact.id,
    });
    expect(wrongStage.body?.error.details).toEqual({ field: 'stageId' });
    const created = await call('POST', '/opportunities', { name: 'Deal', pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id, monetaryValue: 900 });
    expect(created.body).toMatchObject({ status: 'open', monetaryValue: 900 });
    const moved = await call('PATCH', `/opportunities/${created.body?.id}`, { stageId: pipeline.stages[2].id, status: 'won' });
    expect(moved.body).toMatchObject({ stageId: pipeline.stages[2].id, status: 'won' });
    expect((await call('PATCH', `/opportunities/${created.body?.id}`, { status: 'maybe' })).body?.error.details).toEqual({ field: 'status' });

    await sandbox.webhooks.drain();
    const hit = hits.find((h) => h.path === '/opportunity') as Hit;
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'opportunity.stage_changed', locationId: location, data: moved.body });
    expect(serebroSigned(hit.headers['x-serebro-signature'], hit.body, secret)).toBe(true);
  });

  it('runs a workflow queued → running → succeeded and signs the completion event; drafts are refused', async () => {
    const location = handle.store.locations[0].id;
    const { secret } = await subscribe('/flaky/workflow', ['workflow.execution.completed']);
    const draft = handle.store.workflows.find((w) => w.locationId === location && w.status === 'draft') as { id: string };
    const refused = await call('POST', `/workflows/${draft.id}/execute`, {});
    expect(refused.status).toBe(422);
    expect(refused.body?.error.code).toBe('workflow_not_published');

    const published = (await call('GET', '/workflows?status=published')).body?.data as Array<{ id: string; status: string; name: string }>;
    expect(published.every((w) => w.status === 'published')).toBe(true);
    const welcome = published.find((w) => w.name === 'Welcome New Contact') as { id: string };
    const started = await call('POST', `/workflows/${welcome.id}/execute`, { data: { source: 'test' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', workflowId: welcome.id, contactId: null });

    // The delivery arrives once the run is over; the receiver refuses the first try, so it is retried.
    await new Promise<void>((resolve) => {
      const poll = () => (hits.filter((h) => h.path === '/flaky/workflow').length >= 2 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    const attempts = hits.filter((h) => h.path === '/flaky/workflow');
    expect(attempts[0].headers['x-serebro-delivery']).toBe(attempts[1].headers['x-serebro-delivery']);
    for (const attempt of attempts) {
      expect(serebroSigned(attempt.headers['x-serebro-signature'], attempt.body, secret)).toBe(true);
    }
    const event = JSON.parse(attempts[1].body);
    expect(event).toMatchObject({ type: 'workflow.execution.completed', data: { id: started.body?.id, status: 'succeeded' } });
    expect(event.id).toBe(attempts[1].headers['x-serebro-delivery']);
    expect((await call('GET', `/workflow-executions/${started.body?.id}`)).body).toMatchObject({ status: 'succeeded', error: null });
  });

  it('fails a workflow run that needs a contact and has none', async () => {
    const location = handle.store.locations[0].id;
    const reminder = handle.store.workflows.find((w) => w.locationId === location && w.needsContact) as { id: string };
    const started = await call('POST', `/workflows/${reminder.id}/execute`, {});
    await new Promise<void>((resolve) => {
      const poll = () => (handle.store.executions.find((x) => x.id === started.body?.id)?.finishedAt ? resolve() : setTimeout(poll, 5));
      poll();
    });
    const failed = await call('GET', `/workflow-executions?workflowId=${reminder.id}&status=failed`);
    expect(failed.body?.data[0]).toMatchObject({ id: started.body?.id, status: 'failed', error: 'This workflow needs a contact to run' });
  });

  it('validates webhook subscriptions, lists them without secrets and deletes them', async () => {
    expect((await call('POST', '/webhooks', { url: 'ftp://x', events: ['contact.created'] })).body?.error.details).toEqual({ field: 'url' });
    expect((await call('POST', '/webhooks', { url: 'https://x.example', events: ['contact.exploded'] })).body?.error.details).toEqual({
      field: 'events',
    });
    const created = await subscribe('/contacts', ['contact.created', 'contact.updated']);
    const listed = await call('GET', '/webhooks');
    const shown = (listed.body?.data as Array<Record<string, unknown>>).find((s) => s.id === created.id);
    expect(shown).toBeDefined();
    expect(shown).not.toHaveProperty('secret');
    expect((await call('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    expect((await call('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
  });
});

describe('Serebro sandbox legacy v1 API', () => {
  let sandbox: Sandbox;
  let handle: SerebroHandle;
  beforeAll(async () => {
    sandbox = await startSandbox();
    handle = serebroHandle(sandbox.services);
  });
  afterAll(() => sandbox.close());

  const get = async (path: string, key: string) => {
    const response = await fetch(`${sandbox.url}/serebro/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists a Location’s contacts with its API key, paging by startAfterId, with the rate-limit headers', async () => {
    const location = handle.store.locations[0].id;
    const key = handle.credentials.v1.locationApiKeys[location];
    const first = await get('/contacts?limit=2', key);
    expect(first.status).toBe(200);
    for (const header of RATE_HEADERS) expect(first.headers.get(header)).toMatch(/^\d+$/);
    const meta = first.body.meta as { total: number; startAfterId: string };
    expect(meta.total).toBe(3);
    const second = await get(`/contacts?limit=2&startAfterId=${meta.startAfterId}`, key);
    const ids = [...(first.body.contacts as Array<{ id: string }>), ...(second.body.contacts as Array<{ id: string }>)].map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect((second.body.meta as { startAfterId: string | null }).startAfterId).toBeNull();
    expect((await get(`/contacts/${ids[0]}`, key)).body).toMatchObject({ contact: { id: ids[0], locationId: location } });
  });

  it('needs a Location with the Agency key and refuses an unknown key', async () => {
    const agency = handle.credentials.v1.agencyApiKey;
    expect((await get('/workflows', agency)).status).toBe(422);
    const workflows = await get(`/workflows?locationId=${handle.store.locations[1].id}`, agency);
    expect((workflows.body.workflows as unknown[]).length).toBe(3);
    const refused = await get('/contacts', 'lk_unknown');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'invalid_api_key' } });
  });
});
