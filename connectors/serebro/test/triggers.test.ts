import { serebroSignature as signSerebro } from '../../../sandbox/core/signatures';
import {
  appointmentSample,
  contactSample,
  executionSample,
  opportunitySample,
  pipelineSample,
  workflowSample,
} from '../src/schemas';
import { clearCache, hookOf, performOf, run } from './app';
import { agencyAuth, api, customFieldsApi, failure, locationAuth, mockCursorStore, resetEnv, tripwire } from './helpers';

const SECRET = 'whsec_unit_secret';
const subscribeData = { id: 'whk_1', secret: SECRET };

function delivery(type: string, data: unknown, options: { secret?: string; t?: number; signed?: boolean } = {}) {
  const content = JSON.stringify({ id: 'evt_1', type, createdAt: '2026-11-24T18:00:00Z', locationId: 'loc_downtown', data });
  const t = options.t ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'Http-X-Serebro-Event': type, 'Http-X-Serebro-Delivery': 'evt_1' };
  if (options.signed !== false) headers['Http-X-Serebro-Signature'] = signSerebro(options.secret ?? SECRET, content, t);
  return { method: 'POST', querystring: '', headers, content };
}

/** Contacts and opportunities also carry their custom-field values by readable key (`model` names the definitions read). */
const CONTACT_VALUES = { model: 'contact', values: { referral_source: 'Instagram' } } as const;
const OPPORTUNITY_VALUES = { model: 'opportunity', values: { deal_source: 'Referral' } } as const;
const PLAIN = { model: undefined, values: undefined };

const HOOKS = [
  { key: 'contact_created', event: 'contact.created', item: contactSample, list: '/v2/contacts', query: { limit: '10' }, ...CONTACT_VALUES },
  { key: 'contact_updated', event: 'contact.updated', item: contactSample, list: '/v2/contacts', query: { limit: '10' }, ...CONTACT_VALUES },
  { key: 'appointment_booked', event: 'appointment.booked', item: appointmentSample, list: '/v2/appointments', query: { limit: '10' }, ...PLAIN },
  {
    key: 'appointment_canceled',
    event: 'appointment.canceled',
    item: { ...appointmentSample, status: 'canceled' },
    list: '/v2/appointments',
    query: { status: 'canceled', limit: '10' },
    ...PLAIN,
  },
  {
    key: 'opportunity_created',
    event: 'opportunity.created',
    item: opportunitySample,
    list: '/v2/opportunities',
    query: { limit: '10' },
    ...OPPORTUNITY_VALUES,
  },
  {
    key: 'opportunity_stage_changed',
    event: 'opportunity.stage_changed',
    item: opportunitySample,
    list: '/v2/opportunities',
    query: { limit: '10' },
    ...OPPORTUNITY_VALUES,
  },
  {
    key: 'workflow_execution_completed',
    event: 'workflow.execution.completed',
    item: executionSample,
    list: '/v2/workflow-executions',
    query: { limit: '25' },
    ...PLAIN,
  },
] as const;

describe.each(HOOKS)('REST hook $key', ({ key, event, item, list, query, model, values }) => {
  /** What the trigger returns for `record`: with its custom-field values by name where the record has custom fields. */
  const returned = (record: Record<string, unknown>) => (model ? { ...record, customFieldValues: values } : record);
  const definitions = () => (model ? customFieldsApi(model) : undefined);
  const trigger = hookOf(key);
  beforeEach(() => {
    resetEnv();
    clearCache();
  });

  it('subscribes the target URL to its event and keeps the id and secret', async () => {
    const scope = api()
      .post('/v2/webhooks', { url: 'https://hooks.zapier.com/hooks/standard/1/abc', events: [event] })
      .reply(201, { id: 'whk_1', url: 'https://hooks.zapier.com/hooks/standard/1/abc', events: [event], secret: SECRET, createdAt: '2026-11-24T18:00:00Z' });
    await expect(
      run(trigger.performSubscribe, { authData: locationAuth, targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc' }),
    ).resolves.toEqual(subscribeData);
    expect(scope.isDone()).toBe(true);
  });

  it('subscribes in the chosen Location on an Agency connection and unsubscribes there', async () => {
    api()
      .post('/v2/webhooks', { url: 'https://hooks.zapier.com/x', events: [event], locationId: 'loc_lakeside' })
      .reply(201, { id: 'whk_2', url: 'https://hooks.zapier.com/x', events: [event], secret: SECRET, createdAt: '2026-11-24T18:00:00Z' });
    const data = await run(trigger.performSubscribe, {
      authData: agencyAuth,
      targetUrl: 'https://hooks.zapier.com/x',
      inputData: { locationId: 'loc_lakeside' },
    });
    expect(data).toEqual({ id: 'whk_2', secret: SECRET, locationId: 'loc_lakeside' });
    const scope = api().delete('/v2/webhooks/whk_2').query({ locationId: 'loc_lakeside' }).reply(204);
    await run(trigger.performUnsubscribe, { authData: agencyAuth, subscribeData: data, inputData: {} });
    expect(scope.isDone()).toBe(true);
  });

  it('unsubscribes with DELETE, and a subscription already gone is fine', async () => {
    const scope = api().delete('/v2/webhooks/whk_1').reply(204).delete('/v2/webhooks/whk_1').reply(404, {
      error: { code: 'not_found', message: 'Webhook subscription whk_1 was not found' },
    });
    await expect(run(trigger.performUnsubscribe, { authData: locationAuth, subscribeData })).resolves.toEqual({});
    await expect(run(trigger.performUnsubscribe, { authData: locationAuth, subscribeData })).resolves.toEqual({});
    expect(scope.isDone()).toBe(true);
  });

  it('returns the resource of a correctly signed delivery', async () => {
    const read = definitions();
    await expect(run(trigger.perform, { authData: locationAuth, subscribeData, rawRequest: delivery(event, item) })).resolves.toEqual([
      returned(item),
    ]);
    expect(read?.isDone() ?? true).toBe(true);
  });

  it.each([
    ['forged', { secret: 'whsec_someone_else' }, /signature does not match/],
    ['unsigned', { signed: false }, /X-Serebro-Signature header is missing/],
    ['stale', { t: Math.floor(Date.now() / 1000) - 301 }, /more than 300 seconds from now/],
  ])('refuses a %s delivery', async (_kind, options, reason) => {
    const error = await failure(run(trigger.perform, { authData: locationAuth, subscribeData, rawRequest: delivery(event, item, options) }));
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(reason);
  });

  it('ignores a delivery of another event type', async () => {
    await expect(
      run(trigger.perform, {
        authData: locationAuth,
        subscribeData,
        rawRequest: delivery(event === 'appointment.canceled' ? 'appointment.booked' : 'appointment.canceled', item),
      }),
    ).resolves.toEqual([]);
  });

  it('lists recent items from the list endpoint in the same shape as a delivery', async () => {
    const listed = { ...item, id: `${item.id}_2` };
    const scope = api()
      .get(list)
      .query(query)
      .reply(200, { data: [listed], meta: { nextCursor: null } });
    definitions();
    const items = await run<Array<Record<string, unknown>>>(trigger.performList, { authData: locationAuth });
    expect(items).toEqual([returned(listed)]);
    definitions();
    const [live] = await run<Array<Record<string, unknown>>>(trigger.perform, { authData: locationAuth, subscribeData, rawRequest: delivery(event, item) });
    expect(Object.keys(items[0]).sort()).toEqual(Object.keys(live).sort());
    expect(scope.isDone()).toBe(true);
  });
});

describe('trigger filters', () => {
  beforeEach(() => {
    resetEnv();
    clearCache();
  });

  it('New Appointment Booked filters by Service and Staff Member, live and in samples', async () => {
    const trigger = hookOf('appointment_booked');
    const inputData = { serviceId: appointmentSample.serviceId, staffId: appointmentSample.staffId };
    await expect(
      run(trigger.perform, { authData: locationAuth, subscribeData, inputData, rawRequest: delivery('appointment.booked', appointmentSample) }),
    ).resolves.toEqual([appointmentSample]);
    await expect(
      run(trigger.perform, {
        authData: locationAuth,
        subscribeData,
        inputData: { ...inputData, serviceId: 'svc_other' },
        rawRequest: delivery('appointment.booked', appointmentSample),
      }),
    ).resolves.toEqual([]);
    const scope = api()
      .get('/v2/appointments')
      .query({ ...inputData, limit: '10' })
      .reply(200, { data: [appointmentSample], meta: { nextCursor: null } });
    await expect(run(trigger.performList, { authData: locationAuth, inputData })).resolves.toEqual([appointmentSample]);
    expect(scope.isDone()).toBe(true);
  });

  it('Opportunity Stage Changed filters by Pipeline', async () => {
    const trigger = hookOf('opportunity_stage_changed');
    const rawRequest = delivery('opportunity.stage_changed', opportunitySample);
    customFieldsApi('opportunity');
    await expect(
      run(trigger.perform, { authData: locationAuth, subscribeData, inputData: { pipelineId: opportunitySample.pipelineId }, rawRequest }),
    ).resolves.toEqual([{ ...opportunitySample, customFieldValues: { deal_source: 'Referral' } }]);
    await expect(run(trigger.perform, { authData: locationAuth, subscribeData, inputData: { pipelineId: 'pl_other' }, rawRequest })).resolves.toEqual([]);
  });

  it('Workflow Execution Completed filters by Workflow and only lists finished runs', async () => {
    const trigger = hookOf('workflow_execution_completed');
    const rawRequest = delivery('workflow.execution.completed', executionSample);
    await expect(run(trigger.perform, { authData: locationAuth, subscribeData, inputData: { workflowId: 'wf_other' }, rawRequest })).resolves.toEqual([]);
    const running = { ...executionSample, id: 'wfx_running', status: 'running', finishedAt: null };
    api()
      .get('/v2/workflow-executions')
      .query({ workflowId: executionSample.workflowId, limit: '25' })
      .reply(200, { data: [running, executionSample], meta: { nextCursor: null } });
    await expect(run(trigger.performList, { authData: locationAuth, inputData: { workflowId: executionSample.workflowId } })).resolves.toEqual([
      executionSample,
    ]);
  });

  it('asks an Agency connection for its Location before listing', async () => {
    const wire = tripwire();
    const error = await failure(run(hookOf('contact_created').performList, { authData: agencyAuth, inputData: {} }));
    expect(error.message).toMatch(/Location is required/);
    expect(wire.sent()).toBe(false);
  });
});

describe('dropdown triggers', () => {
  beforeEach(resetEnv);

  it('pages published workflows with the cursor the API returned', async () => {
    const store = mockCursorStore();
    const second = { ...workflowSample, id: 'wf_2', name: 'Second' };
    api()
      .get('/v2/workflows')
      .query({ status: 'published', limit: '100' })
      .reply(200, { data: [workflowSample], meta: { nextCursor: 'b2s6MTAw' } })
      .get('/v2/workflows')
      .query({ status: 'published', limit: '100', cursor: 'b2s6MTAw' })
      .reply(200, { data: [second], meta: { nextCursor: null } });
    const perform = performOf('workflows');
    await expect(run(perform, { authData: locationAuth, meta: { page: 0 } })).resolves.toEqual([workflowSample]);
    expect(store.cursor).toBe('b2s6MTAw');
    await expect(run(perform, { authData: locationAuth, meta: { page: 1 } })).resolves.toEqual([second]);
    // After the last page, the next one is empty without a request.
    await expect(run(perform, { authData: locationAuth, meta: { page: 2 } })).resolves.toEqual([]);
  });

  it.each([
    ['services', '/v2/services'],
    ['staff', '/v2/staff'],
    ['pipelines', '/v2/pipelines'],
    ['contacts', '/v2/contacts'],
    ['appointments', '/v2/appointments'],
    ['opportunities', '/v2/opportunities'],
  ] as const)('%s sends the Agency connection’s chosen Location', async (key, path) => {
    mockCursorStore();
    const scope = api()
      .get(path)
      .query((q) => q.locationId === 'loc_lakeside' && q.limit === '100')
      .reply(200, { data: [], meta: { nextCursor: null } });
    await expect(
      run(performOf(key), { authData: agencyAuth, inputData: { locationId: 'loc_lakeside' }, meta: { page: 0 } }),
    ).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('lists Locations without a Location (it is what the Agency picks from)', async () => {
    mockCursorStore();
    api()
      .get('/v2/locations')
      .query({ limit: '100' })
      .reply(200, { data: [{ id: 'loc_downtown', name: 'Downtown' }], meta: { nextCursor: null } });
    await expect(run(performOf('locations'), { authData: agencyAuth, meta: { page: 0 } })).resolves.toEqual([
      { id: 'loc_downtown', name: 'Downtown' },
    ]);
  });

  it('labels a contact without a name by its email or phone', async () => {
    mockCursorStore();
    const anonymous = { ...contactSample, firstName: null, lastName: null, name: null };
    api()
      .get('/v2/contacts')
      .query({ limit: '100' })
      .reply(200, { data: [anonymous, { ...anonymous, email: null, id: 'ct_2' }], meta: { nextCursor: null } });
    const items = await run<Array<{ name: string }>>(performOf('contacts'), { authData: locationAuth, meta: { page: 0 } });
    expect(items.map((c) => c.name)).toEqual([contactSample.email, contactSample.phone]);
  });

  it('ends a dropdown whose API gives the same cursor again after that page, without asking for it a third time', async () => {
    const store = mockCursorStore();
    const second = { ...workflowSample, id: 'wf_2', name: 'Second' };
    const scope = api()
      .get('/v2/workflows')
      .query({ status: 'published', limit: '100' })
      .reply(200, { data: [workflowSample], meta: { nextCursor: 'b2s6MTAw' } })
      .get('/v2/workflows')
      .query({ status: 'published', limit: '100', cursor: 'b2s6MTAw' })
      .reply(200, { data: [second], meta: { nextCursor: 'b2s6MTAw' } });
    const perform = performOf('workflows');
    await expect(run(perform, { authData: locationAuth, meta: { page: 0 } })).resolves.toEqual([workflowSample]);
    await expect(run(perform, { authData: locationAuth, meta: { page: 1 } })).resolves.toEqual([second]);
    expect(store.cursor).toBe('');
    await expect(run(perform, { authData: locationAuth, meta: { page: 2 } })).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['gives a cursor it already gave', () => 'c_same', 2, 'a next page it had already given'],
    ['gives a new cursor for ever', (n: number) => `c_${n}`, 20, 'more than 20 pages, more than this list can have'],
  ])('stops looking for the chosen pipeline when the API %s, naming the endpoint', async (_name, cursorAfter, pages, why) => {
    let asked = 0;
    api()
      .get('/v2/pipelines')
      .query(true)
      .times(50)
      .reply(200, () => {
        asked += 1;
        return { data: [{ ...pipelineSample, id: `pl_other_${asked}` }], meta: { nextCursor: cursorAfter(asked) } };
      });
    const error = await failure(run(performOf('stages'), { authData: locationAuth, inputData: { pipelineId: pipelineSample.id } }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'endless_list',
      message: `Serebro AI answered GET /v2/pipelines with ${why}, so the list was not read to its end. Try again; if it keeps happening, contact support.`,
    });
    expect(asked).toBe(pages);
  });

  it('lists the stages of the chosen pipeline in order, and asks for a pipeline first', async () => {
    api()
      .get('/v2/pipelines')
      .query({ limit: '100' })
      .reply(200, { data: [{ ...pipelineSample, stages: [...pipelineSample.stages].reverse() }], meta: { nextCursor: null } });
    await expect(
      run(performOf('stages'), { authData: locationAuth, inputData: { pipelineId: pipelineSample.id } }),
    ).resolves.toEqual(pipelineSample.stages);
    const error = await failure(run(performOf('stages'), { authData: locationAuth, inputData: {} }));
    expect(error.message).toMatch(/Choose a Pipeline first/);
  });
});
