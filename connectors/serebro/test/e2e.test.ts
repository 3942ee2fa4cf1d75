/**
 * The connector end to end against the sandbox twin, no nock: OAuth code flow, a contact created
 * through the action arrives as a signed webhook that the trigger accepts, a workflow run completes
 * and fires its trigger, and an access token that expires mid-run is refreshed with rotation.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { serebroHandle } from '../../../sandbox/serebro';
import { authorizeUrl, decideOnConsentPage } from '../../../sandbox/serebro/test/helpers';
import { locationField } from '../src/fields';
import { App, authentication, clearCache, hookOf, run } from './app';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  content: string;
}

/** A tiny webhook receiver standing in for Zapier's hook URLs. */
class Receiver {
  readonly received: Received[] = [];
  private waiters: Array<{ path: string; resolve: (r: Received) => void }> = [];
  server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit = { path: request.url ?? '', headers: request.headers, content: Buffer.concat(chunks).toString('utf8') };
      this.received.push(hit);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      for (const waiter of this.waiters.filter((w) => w.path === hit.path)) waiter.resolve(hit);
      this.waiters = this.waiters.filter((w) => w.path !== hit.path);
    });
  });
  url = '';

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next delivery to `path` (one already received counts). */
  next(path: string, after = 0): Promise<Received> {
    const seen = this.received.filter((r) => r.path === path).slice(after);
    if (seen.length) return Promise.resolve(seen[0]);
    return new Promise((resolve) => this.waiters.push({ path, resolve }));
  }
}

/** Zapier hands a hook's request to `perform` with `Http-` prefixed header names. */
function asRawRequest(hit: Received) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(hit.headers)) {
    if (typeof value === 'string') headers[`Http-${key.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())}`] = value;
  }
  return { method: 'POST' as const, querystring: '', headers, content: hit.content };
}

describe('Serebro AI connector against the sandbox', () => {
  let sandbox: Sandbox;
  const receiver = new Receiver();
  const savedEnv = { ...process.env };
  let authData: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true, accessTokenTtlSeconds: 3, webhookRetryBaseMs: 20, workflowStepMs: 20 });
    Object.assign(process.env, sandbox.services.serebro.env(sandbox.url));
    await receiver.start();
  });

  afterAll(async () => {
    process.env = savedEnv;
    await new Promise((resolve) => receiver.server.close(resolve));
    await sandbox.close();
  });

  /** What Zapier does with `autoRefresh`: on RefreshAuthError, refresh the token once and retry. */
  async function withRefresh<T>(attempt: (auth: Record<string, string>) => Promise<T>): Promise<T> {
    try {
      return await attempt(authData);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'RefreshAuthError') throw error;
      const refreshed = await run(authentication.oauth2Config.refreshAccessToken, { authData });
      authData = { ...authData, ...(refreshed as Record<string, string>) };
      return attempt(authData);
    }
  }

  /** The OAuth code flow as Zapier runs it: authorize URL → consent (auto-approved) → code → tokens. */
  async function authorize(state: string): Promise<{ code: string; redirectUri: string; tokens: Record<string, string> }> {
    const redirectUri = `${receiver.url}/oauth/callback`;
    const authorizeUrl = (await run(authentication.oauth2Config.authorizeUrl, {
      inputData: { state, redirect_uri: redirectUri },
    })) as string;
    expect(authorizeUrl.startsWith(`${sandbox.url}/serebro/oauth/authorize?`)).toBe(true);
    expect(authorizeUrl).not.toContain(process.env.CLIENT_SECRET as string);

    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') as string);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') as string;
    const tokens = (await run(authentication.oauth2Config.getAccessToken, {
      inputData: { code, redirect_uri: redirectUri },
    })) as Record<string, string>;
    return { code, redirectUri, tokens };
  }

  it('authorizes with the code flow and labels the connection', async () => {
    const handle = serebroHandle(sandbox.services);
    const first = await authorize('state-1');
    expect(first.tokens).toMatchObject({ user_type: 'Location', location_id: handle.store.locations[0].id, company_id: handle.store.company.id });
    expect(first.tokens.access_token).toMatch(/^sat_/);
    expect(first.tokens.refresh_token).toMatch(/^srt_/);

    // A code is single use; replaying it also revokes what it issued (RFC 6749 §4.1.2).
    await expect(
      run(authentication.oauth2Config.getAccessToken, {
        inputData: { code: first.code, redirect_uri: first.redirectUri },
      }),
    ).rejects.toThrow(/already used/);
    await expect(run(authentication.test, { authData: first.tokens })).rejects.toThrow(
      expect.objectContaining({ name: 'RefreshAuthError' }),
    );

    authData = (await authorize('state-2')).tokens;
    const me = await run(authentication.test, { authData });
    expect(me).toMatchObject({ user_type: 'Location', location: { id: handle.store.locations[0].id } });
    const label = await run(authentication.connectionLabel, { authData, inputData: me });
    expect(label).toBe(`Northwind Downtown Clinic – ${handle.store.user.email}`);
  });

  let contactId = '';

  it('creates a contact and fires New Contact with a signed delivery', async () => {
    const trigger = hookOf('contact_created');
    const subscribeData = (await withRefresh((auth) =>
      run(trigger.performSubscribe, { authData: auth, targetUrl: `${receiver.url}/hooks/contact` }),
    )) as { id: string; secret: string };
    expect(subscribeData.id).toMatch(/^whk_/);
    expect(subscribeData.secret).toMatch(/^whsec_/);

    const contact = (await withRefresh((auth) =>
      run(App.creates.create_contact.operation.perform, {
        authData: auth,
        inputData: { email: 'Dana.Fox@Example.com', firstName: 'Dana', lastName: 'Fox', tags: ['zapier', 'lead'] },
      }),
    )) as { id: string; email: string; tags: string[] };
    expect(contact).toMatchObject({ email: 'dana.fox@example.com', name: 'Dana Fox', tags: ['zapier', 'lead'] });
    contactId = contact.id;

    const hit = await receiver.next('/hooks/contact');
    expect(hit.headers['x-serebro-event']).toBe('contact.created');
    const fired = await run(trigger.perform, { authData, rawRequest: asRawRequest(hit), subscribeData });
    expect(fired).toEqual([{ ...contact, customFieldValues: {} }]);

    // The same delivery with a forged body is refused.
    const forged = { ...asRawRequest(hit), content: hit.content.replace('Dana', 'Mallory') };
    await expect(run(trigger.perform, { authData, rawRequest: forged, subscribeData })).rejects.toThrow(
      /signature does not match/,
    );

    // The Zap editor's sample has exactly the shape of a live event.
    const listed = (await withRefresh((auth) => run(trigger.performList, { authData: auth }))) as Array<
      Record<string, unknown>
    >;
    expect(listed[0]).toEqual({ ...contact, customFieldValues: {} });

    await withRefresh((auth) => run(trigger.performUnsubscribe, { authData: auth, subscribeData }));
    expect(serebroHandle(sandbox.services).store.subscriptions).toHaveLength(0);

    // The same step run again (its first answer lost) gets the contact it made; someone else with
    // that email is refused, naming the existing contact.
    const again = (inputData: Record<string, unknown>) =>
      withRefresh((auth) => run(App.creates.create_contact.operation.perform, { authData: auth, inputData }));
    await expect(again({ email: 'dana.fox@example.com', firstName: 'Dana', lastName: 'Fox' })).resolves.toMatchObject({ id: contact.id });
    await expect(again({ email: 'dana.fox@example.com', firstName: 'Dan', lastName: 'Foxworth' })).rejects.toThrow(
      new RegExp(`already exists in Serebro AI \\(contact ID ${contact.id}\\)`),
    );
  });

  it('executes a workflow and fires Workflow Execution Completed', async () => {
    const trigger = hookOf('workflow_execution_completed');
    // The Workflow dropdown pages with z.cursor, which needs Zapier's RPC: its unit test covers it.
    const workflow = serebroHandle(sandbox.services).store.workflows.find(
      (w) => w.name === 'Welcome New Contact' && w.locationId === authData.location_id,
    ) as { id: string };

    const subscribeData = await withRefresh((auth) =>
      run(trigger.performSubscribe, {
        authData: auth,
        targetUrl: `${receiver.url}/hooks/workflow`,
        inputData: { workflowId: workflow.id },
      }),
    );
    const execution = (await withRefresh((auth) =>
      run(App.creates.execute_workflow.operation.perform, {
        authData: auth,
        inputData: { workflowId: workflow.id, contactId, data: { source: 'zapier' } },
      }),
    )) as { id: string; status: string };
    expect(execution).toMatchObject({ workflowId: workflow.id, contactId, status: 'queued' });

    const hit = await receiver.next('/hooks/workflow');
    const fired = (await run(trigger.perform, {
      authData,
      inputData: { workflowId: workflow.id },
      rawRequest: asRawRequest(hit),
      subscribeData,
    })) as Array<{ id: string; status: string; finishedAt: string }>;
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ id: execution.id, status: 'succeeded' });
    expect(fired[0].finishedAt).toEqual(expect.any(String));

    const listed = (await withRefresh((auth) =>
      run(trigger.performList, { authData: auth, inputData: { workflowId: workflow.id } }),
    )) as Array<Record<string, unknown>>;
    expect(listed[0]).toEqual(fired[0]);

    await withRefresh((auth) => run(trigger.performUnsubscribe, { authData: auth, subscribeData }));
    expect(serebroHandle(sandbox.services).store.subscriptions).toHaveLength(0);
  });

  it('works for an Agency connection in the Location it picks, and fires New Appointment Booked', async () => {
    const handle = serebroHandle(sandbox.services);
    const lakeside = handle.store.locations[1];
    // The consent page, as a user choosing the Agency submits it.
    const redirectUri = `${receiver.url}/oauth/callback`;
    const authorize = authorizeUrl(sandbox, { redirect_uri: redirectUri, state: 'agency', scope: handle.credentials.scopes.join(' ') });
    const back = await decideOnConsentPage(sandbox, authorize, { location: handle.store.company.id });
    const code = back.searchParams.get('code') as string;
    const agency = await run<Record<string, string>>(authentication.oauth2Config.getAccessToken, { inputData: { code, redirect_uri: redirectUri } });
    expect(agency).toMatchObject({ user_type: 'Company', location_id: '' });
    const me = await run(authentication.test, { authData: agency });
    expect(await run(authentication.connectionLabel, { inputData: me })).toBe(`Northwind Wellness Group (Agency) – ${handle.store.user.email}`);

    const create = App.creates.create_appointment.operation;
    const fields = await run<Array<{ key: string }>>(locationField, { authData: agency });
    expect(fields.map((f) => f.key)).toEqual(['locationId']);

    const trigger = hookOf('appointment_booked');
    const service = handle.store.services.find((s) => s.locationId === lakeside.id) as { id: string };
    const staff = handle.store.staff.find((s) => s.locationId === lakeside.id) as { id: string };
    const inputData = { locationId: lakeside.id, serviceId: service.id };
    const subscribeData = await run(trigger.performSubscribe, { authData: agency, targetUrl: `${receiver.url}/hooks/appointment`, inputData });
    expect(subscribeData).toMatchObject({ locationId: lakeside.id });

    const contact = await run<{ id: string; locationId: string }>(App.creates.create_contact.operation.perform, {
      authData: agency,
      inputData: { locationId: lakeside.id, firstName: 'Noor', phone: '+13125550177' },
    });
    expect(contact.locationId).toBe(lakeside.id);
    const book = (startTime: string, endTime: string) =>
      run<{ id: string; locationId: string }>(create.perform, {
        authData: agency,
        inputData: { locationId: lakeside.id, contactId: contact.id, serviceId: service.id, staffId: staff.id, startTime, endTime },
      });
    const appointment = await book('2026-12-02T10:00:00-06:00', '2026-12-02T10:45:00-06:00');
    expect(appointment).toMatchObject({ locationId: lakeside.id, startTime: '2026-12-02T16:00:00Z', status: 'booked' });

    const hit = await receiver.next('/hooks/appointment');
    await expect(run(trigger.perform, { authData: agency, inputData, subscribeData, rawRequest: asRawRequest(hit) })).resolves.toEqual([appointment]);
    await expect(run(trigger.performList, { authData: agency, inputData })).resolves.toEqual([appointment]);

    // The same slot again: the staff member is taken.
    await expect(book('2026-12-02T16:15:00Z', '2026-12-02T16:30:00Z')).rejects.toThrow(/already booked for this staff member/);

    await run(trigger.performUnsubscribe, { authData: agency, subscribeData, inputData: {} });
    expect(handle.store.subscriptions.map((s) => s.id)).not.toContain((subscribeData as { id: string }).id);
  });

  it('refreshes a token that expires mid-run, and the old refresh token stops working', async () => {
    const handle = serebroHandle(sandbox.services);
    expect(handle.expireAccessTokens(authData.access_token)).toBe(1);
    const search = App.searches.find_contact.operation.perform;
    await expect(run(search, { authData, inputData: { email: 'dana.fox@example.com' } })).rejects.toThrow(
      expect.objectContaining({ name: 'RefreshAuthError' }),
    );

    const oldRefresh = authData.refresh_token;
    const refreshed = (await run(authentication.oauth2Config.refreshAccessToken, { authData })) as Record<
      string,
      string
    >;
    expect(refreshed.refresh_token).not.toBe(oldRefresh);
    expect(refreshed).toMatchObject({ user_type: 'Location', location_id: authData.location_id });
    authData = { ...authData, ...refreshed };

    await expect(
      run(authentication.oauth2Config.refreshAccessToken, {
        authData: { ...authData, refresh_token: oldRefresh },
      }),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'ExpiredAuthError', message: expect.stringMatching(/Reconnect your Serebro AI account/) }),
    );

    const found = (await run(search, { authData, inputData: { email: 'dana.fox@example.com' } })) as Array<{
      id: string;
    }>;
    expect(found.map((c) => c.id)).toEqual([contactId]);
  });
  describe('issue 14: tags, upsert, custom fields by name, New Opportunity, Appointment Canceled, Find Opportunity', () => {
    /** Requests the sandbox receives while `during` runs (method and path), as Zapier's step would pay for them. */
    async function requestsDuring<T>(during: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
      const requests: string[] = [];
      const listener = (request: { method?: string; url?: string }) => requests.push(`${request.method} ${(request.url ?? '').split('?')[0]}`);
      sandbox.app.server.on('request', listener);
      try {
        return { result: await during(), requests };
      } finally {
        sandbox.app.server.off('request', listener);
      }
    }
    const step = <T>(fn: unknown, inputData: Record<string, unknown>) => withRefresh((auth) => run<T>(fn, { authData: auth, inputData }));
    const location = () => serebroHandle(sandbox.services).store;

    // Tokens live 3 s here: a fresh one per test keeps a refresh out of the requests counted.
    beforeEach(async () => {
      authData = { ...authData, ...(await run<Record<string, string>>(authentication.oauth2Config.refreshAccessToken, { authData })) };
    });

    it('adds and removes tags in one request each, keeping the contact\'s other tags', async () => {
      const contact = await step<{ id: string; tags: string[] }>(App.creates.create_contact.operation.perform, {
        email: 'tag.keeper@example.com',
        firstName: 'Tag',
        tags: ['vip', 'newsletter'],
      });
      const added = await requestsDuring(() =>
        step<{ id: string; tags: string[] }>(App.creates.add_contact_tags.operation.perform, { contactId: contact.id, tags: ['Webinar-2026', 'vip'] }),
      );
      expect(added.result).toEqual({ id: contact.id, tags: ['vip', 'newsletter', 'webinar-2026'] });
      expect(added.requests).toEqual([`POST /serebro/v2/contacts/${contact.id}/tags`]);
      const removed = await requestsDuring(() =>
        step<{ id: string; tags: string[] }>(App.creates.remove_contact_tags.operation.perform, { contactId: contact.id, tags: ['newsletter', 'absent'] }),
      );
      expect(removed.result).toEqual({ id: contact.id, tags: ['vip', 'webinar-2026'] });
      expect(removed.requests).toEqual([`DELETE /serebro/v2/contacts/${contact.id}/tags`]);
      expect(location().contacts.find((c) => c.id === contact.id)?.tags).toEqual(['vip', 'webinar-2026']);
      // The new tag joins the Location's tags, which the Tags dropdown lists (it pages with z.cursor: unit-tested).
      expect(location().tags.filter((tag) => tag.locationId === authData.location_id).map((tag) => tag.name)).toContain('webinar-2026');
    });

    it('Create or Update Contact creates, then updates the same contact (new true, then false), in one request each', async () => {
      const upsert = App.creates.upsert_contact.operation.perform;
      const first = await requestsDuring(() =>
        step<{ id: string; new: boolean; tags: string[] }>(upsert, { email: 'upsert.me@example.com', firstName: 'Ulla', tags: ['lead'] }),
      );
      expect(first.result).toMatchObject({ new: true, email: 'upsert.me@example.com', firstName: 'Ulla', tags: ['lead'] });
      expect(first.requests).toEqual(['POST /serebro/v2/contacts/upsert']);
      const second = await requestsDuring(() =>
        step<{ id: string; new: boolean; tags: string[] }>(upsert, { email: 'UPSERT.me@example.com', lastName: 'Berg', tags: ['customer'] }),
      );
      expect(second.result).toMatchObject({ id: first.result.id, new: false, firstName: 'Ulla', lastName: 'Berg', tags: ['lead', 'customer'] });
      expect(second.requests).toEqual(['POST /serebro/v2/contacts/upsert']);
      await expect(step(upsert, { firstName: 'Nobody' })).rejects.toThrow(/Fill in Email or Phone/);
    });

    it('a custom field filled in by name lands in the contact with its type, at one extra request per step', async () => {
      const fields = await step<Array<{ key: string; label: string; type: string }>>(
        (App.creates.create_contact.operation.inputFields as unknown[]).filter((f) => typeof f === 'function')[1],
        {},
      );
      const byLabel = (label: string) => fields.find((field) => field.label === label) as { key: string; type: string };
      expect(byLabel('Lead Score').type).toBe('number');
      expect(byLabel('Birthday').type).toBe('datetime');
      const inputData = {
        email: 'custom.fields@example.com',
        firstName: 'Cyra',
        [byLabel('Lead Score').key]: '85',
        [byLabel('Birthday').key]: '1990-03-07T00:00:00-06:00',
        [byLabel('Interests').key]: ['Yoga', 'nutrition'],
        [byLabel('Preferred Contact Method').key]: 'SMS',
      };
      clearCache();
      const created = await requestsDuring(() =>
        step<{ id: string; customFields: Array<{ id: string; value: unknown }> }>(App.creates.create_contact.operation.perform, inputData),
      );
      expect(created.requests).toEqual(['GET /serebro/v2/custom-fields', 'POST /serebro/v2/contacts']);
      const id = (label: string) => byLabel(label).key.replace(/^cf__/, '');
      expect(created.result.customFields).toEqual(
        expect.arrayContaining([
          { id: id('Lead Score'), value: 85 },
          { id: id('Birthday'), value: '1990-03-07' },
          { id: id('Interests'), value: ['Yoga', 'Nutrition'] },
          { id: id('Preferred Contact Method'), value: 'SMS' },
        ]),
      );
      // Found again: the values come back under readable keys, the definitions read from the cache.
      const found = await requestsDuring(() =>
        step<Array<{ customFieldValues: Record<string, unknown> }>>(App.searches.find_contact.operation.perform, { email: 'custom.fields@example.com' }),
      );
      expect(found.result[0].customFieldValues).toEqual({ lead_score: 85, birthday: '1990-03-07', interests: ['Yoga', 'Nutrition'], preferred_contact_method: 'SMS' });
      expect(found.requests).toEqual(['GET /serebro/v2/contacts']);
      // A value the field cannot take is refused before anything is sent.
      const refused = await requestsDuring(() =>
        step(App.creates.update_contact.operation.perform, { contactId: created.result.id, [byLabel('Lead Score').key]: 'high' }).catch((e: Error) => e),
      );
      expect((refused.result as Error).message).toMatch(/Lead Score must be a number, not \\"high\\"/);
      expect(refused.requests).toEqual([]);
    });

    it('New Opportunity delivers through its subscription, Find Opportunity finds it, Appointment Canceled delivers a cancellation', async () => {
      const store = location();
      const pipeline = store.pipelines.find((p) => p.locationId === authData.location_id) as { id: string; stages: Array<{ id: string }> };
      const contact = await step<{ id: string }>(App.creates.upsert_contact.operation.perform, { email: 'deal.maker@example.com', firstName: 'Dee' });

      const created = hookOf('opportunity_created');
      const subscribeData = await withRefresh((auth) =>
        run(created.performSubscribe, { authData: auth, targetUrl: `${receiver.url}/hooks/opportunity`, inputData: { pipelineId: pipeline.id } }),
      );
      const opportunity = await step<{ id: string }>(App.creates.create_opportunity.operation.perform, {
        name: 'Dee – Membership',
        pipelineId: pipeline.id,
        stageId: pipeline.stages[0].id,
        contactId: contact.id,
        monetaryValue: '900',
      });
      const hit = await receiver.next('/hooks/opportunity');
      expect(hit.headers['x-serebro-event']).toBe('opportunity.created');
      const fired = await run<Array<{ id: string }>>(created.perform, {
        authData,
        inputData: { pipelineId: pipeline.id },
        rawRequest: asRawRequest(hit),
        subscribeData,
      });
      expect(fired).toEqual([{ ...opportunity, customFieldValues: {} }]);
      await withRefresh((auth) => run(created.performUnsubscribe, { authData: auth, subscribeData }));

      const found = await step<Array<{ id: string }>>(App.searches.find_opportunity.operation.perform, { contactId: contact.id, status: 'open' });
      expect(found.map((item) => item.id)).toEqual([opportunity.id]);
      await expect(step(App.searches.find_opportunity.operation.perform, { contactId: contact.id, status: 'won' })).resolves.toEqual([]);

      const canceledHook = hookOf('appointment_canceled');
      const service = store.services.find((s) => s.locationId === authData.location_id) as { id: string };
      const staff = store.staff.find((s) => s.locationId === authData.location_id) as { id: string };
      const filters = { serviceId: service.id, staffId: staff.id };
      const canceledSubscription = await withRefresh((auth) =>
        run<{ id: string; secret: string }>(canceledHook.performSubscribe, { authData: auth, targetUrl: `${receiver.url}/hooks/canceled`, inputData: filters }),
      );
      const appointment = await step<{ id: string }>(App.creates.create_appointment.operation.perform, {
        contactId: contact.id,
        ...filters,
        startTime: '2026-12-03T15:00:00Z',
        endTime: '2026-12-03T15:30:00Z',
      });
      const canceled = await step<{ id: string; status: string }>(App.creates.cancel_appointment.operation.perform, { appointmentId: appointment.id });
      const canceledHit = await receiver.next('/hooks/canceled');
      expect(canceledHit.headers['x-serebro-event']).toBe('appointment.canceled');
      await expect(
        run(canceledHook.perform, { authData, inputData: filters, rawRequest: asRawRequest(canceledHit), subscribeData: canceledSubscription }),
      ).resolves.toEqual([canceled]);
      // Another staff member's cancellations do not trigger this Zap; the sample has the live shape.
      await expect(
        run(canceledHook.perform, {
          authData,
          inputData: { ...filters, staffId: 'stf_someone_else' },
          rawRequest: asRawRequest(canceledHit),
          subscribeData: { ...canceledSubscription, id: 'whk_other' },
        }),
      ).resolves.toEqual([]);
      const listed = await withRefresh((auth) => run<Array<{ id: string }>>(canceledHook.performList, { authData: auth, inputData: filters }));
      expect(listed[0]).toEqual(canceled);
      await withRefresh((auth) => run(canceledHook.performUnsubscribe, { authData: auth, subscribeData: canceledSubscription }));
      expect(location().subscriptions).toHaveLength(0);
    });
  });
});
