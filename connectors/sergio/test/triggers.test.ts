import nock from 'nock';
import { sergioSignature as signSergio } from '../../../sandbox/core/signatures';
import { jobSample, statusChangeSample, type Job, type StatusChange } from '../src/schemas';
import { API, LIVE_KEY, dropdownPager, failure, hookOf, run } from './app';

beforeEach(() => {
  delete process.env.SERGIO_BASE_URL;
});

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const subscribeData = { id: 'sub_1', secret: SECRET };

function deliveryBundle(event: string, data: unknown, options: { secret?: string; headers?: Record<string, string>; alter?: (raw: string) => string; inputData?: Record<string, unknown> } = {}) {
  const content = JSON.stringify({ id: 'evt_1', event, created_at: '2026-11-24T18:00:00Z', data });
  const headers: Record<string, string> = options.headers ?? {
    'Http-X-Sergio-Event': event,
    'Http-X-Sergio-Delivery': 'evt_1',
    'Http-X-Sergio-Signature': signSergio(options.secret ?? SECRET, content),
  };
  return {
    rawRequest: { method: 'POST', querystring: '', headers, content: options.alter ? options.alter(content) : content },
    subscribeData,
    inputData: options.inputData ?? {},
  };
}

describe.each([
  ['new_job', 'job.created', '/triggers/new-job', 10, jobSample] as const,
  ['job_status_changed', 'job.status_changed', '/triggers/job-status-changed', 100, statusChangeSample] as const,
])('REST hook trigger %s', (key, event, listPath, limit, item) => {
  const hook = hookOf(key);

  it(`subscribes with POST /zapier/v1/subscriptions {target_url, event: "${event}"} and keeps the id and secret`, async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY, 'content-type': 'application/json' } })
      .post('/zapier/v1/subscriptions', { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc', event })
      .reply(201, { id: 'sub_9', event, target_url: 'https://hooks.zapier.com/hooks/standard/1/abc', secret: SECRET });
    const data = await run(hook.performSubscribe, { targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc' });
    expect(data).toEqual({ id: 'sub_9', secret: SECRET });
    expect(scope.isDone()).toBe(true);
  });

  it('turns a 429 on subscribing into ThrottledError with the delay from Retry-After', async () => {
    nock(API).post('/zapier/v1/subscriptions').reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '42' });
    expect(await failure(run(hook.performSubscribe, { targetUrl: 'https://hooks.zapier.com/x' }))).toMatchObject({ name: 'ThrottledError', delay: 42 });
  });

  it('unsubscribes with DELETE /zapier/v1/subscriptions/{id}, and a subscription already gone (404) is fine', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .delete('/zapier/v1/subscriptions/sub_1')
      .reply(204)
      .delete('/zapier/v1/subscriptions/sub_1')
      .reply(404, { error: { code: 'not_found', message: 'Subscription sub_1 was not found' } });
    await expect(run(hook.performUnsubscribe, { subscribeData })).resolves.toEqual({});
    await expect(run(hook.performUnsubscribe, { subscribeData })).resolves.toEqual({});
    expect(scope.isDone()).toBe(true);
  });

  it('refuses to unsubscribe an id that would change the path, before any request', async () => {
    const error = await failure(run(hook.performUnsubscribe, { subscribeData: { id: '..', secret: SECRET } }));
    expect(error.message).toMatch(/Subscription ID is not a valid ID/);
  });

  it('returns the item of a correctly signed delivery', async () => {
    await expect(run(hook.perform, deliveryBundle(event, item))).resolves.toEqual([item]);
  });

  it.each([
    ['forged (signed over another body)', { headers: { 'Http-X-Sergio-Signature': signSergio(SECRET, '{"forged":true}') } }, /the signature does not match the body/],
    ['signed with the wrong secret', { secret: 'whsec_not_the_subscription_secret' }, /the signature does not match the body/],
    ['missing its signature header', { headers: { 'Http-X-Sergio-Delivery': 'evt_1' } }, /the X-Sergio-Signature header is missing/],
    ['altered after signing', { alter: (raw: string) => raw.replace('"id"', '"id" ') }, /the signature does not match the body/],
    ['signed with a malformed header', { headers: { 'Http-X-Sergio-Signature': 'md5=abc' } }, /malformed/],
  ])('halts a delivery %s without returning it', async (_name, options, reason) => {
    const error = await failure(run(hook.perform, deliveryBundle(event, item, options)));
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(reason);
  });

  it('ignores a delivery of another event', async () => {
    const other = event === 'job.created' ? 'job.status_changed' : 'job.created';
    await expect(run(hook.perform, deliveryBundle(other, item))).resolves.toEqual([]);
  });

  it(`lists recent items from GET /zapier/v1${listPath} in exactly the shape a delivery has`, async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .get(`/zapier/v1${listPath}`)
      .query({ limit: String(limit) })
      .reply(200, [item]);
    const listed = await run<Array<Record<string, unknown>>>(hook.performList);
    const delivered = await run<Array<Record<string, unknown>>>(hook.perform, deliveryBundle(event, item));
    expect(listed).toEqual(delivered);
    expect(Object.keys(listed[0]).sort()).toEqual(Object.keys(delivered[0]).sort());
    expect(scope.isDone()).toBe(true);
  });

  it('explains a list that is not a list', async () => {
    nock(API).get(`/zapier/v1${listPath}`).query(true).reply(200, { data: [] });
    expect((await failure(run(hook.performList))).message).toMatch(/^Sergio answered GET \/zapier\/v1\/triggers\/[a-z-]+ with something this integration does not understand \(HTTP 200, JSON that is not a list\)/);
  });
});

describe('job_status_changed "To Status" filter', () => {
  const hook = hookOf('job_status_changed');
  const change = (status: StatusChange['status'], previous: StatusChange['status']): StatusChange => ({
    ...statusChangeSample,
    id: `job_1-${status}-1`,
    status,
    previous_status: previous,
    job: { ...statusChangeSample.job, status },
  });

  it('passes deliveries to the chosen status and drops others', async () => {
    const completed = change('completed', 'in_progress');
    const started = change('in_progress', 'scheduled');
    const filter = { inputData: { status: 'completed' } };
    await expect(run(hook.perform, deliveryBundle('job.status_changed', completed, filter))).resolves.toEqual([completed]);
    await expect(run(hook.perform, deliveryBundle('job.status_changed', started, filter))).resolves.toEqual([]);
    await expect(run(hook.perform, deliveryBundle('job.status_changed', started))).resolves.toEqual([started]);
  });

  it('filters the listed sample the same way', async () => {
    const completed = change('completed', 'in_progress');
    const canceled = change('canceled', 'scheduled');
    nock(API).get('/zapier/v1/triggers/job-status-changed').query({ limit: '100' }).reply(200, [canceled, completed]);
    await expect(run(hook.performList, { inputData: { status: 'completed' } })).resolves.toEqual([completed]);
  });
});

describe('dropdown triggers', () => {
  it('customer_list walks /options/customers page by page with next_cursor, and stops after the last page', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .get('/zapier/v1/options/customers')
      .query((query) => query.cursor === undefined)
      .reply(200, { data: [{ id: 'cus_2', name: 'Grace Hopper' }, { id: 'cus_1', name: 'Ada Lovelace' }], next_cursor: 'c_2' })
      .get('/zapier/v1/options/customers')
      .query({ cursor: 'c_2' })
      .reply(200, { data: [{ id: 'cus_0', name: 'Alan Turing' }], next_cursor: null });
    const page = dropdownPager('customer_list');
    expect(await page(0)).toEqual([{ id: 'cus_2', name: 'Grace Hopper' }, { id: 'cus_1', name: 'Ada Lovelace' }]);
    expect(await page(1)).toEqual([{ id: 'cus_0', name: 'Alan Turing' }]);
    expect(await page(2)).toEqual([]); // no request: the network is closed, so one would fail
    expect(scope.isDone()).toBe(true);
  });

  it('service_type_list lists /options/service-types', async () => {
    nock(API).get('/zapier/v1/options/service-types').reply(200, { data: [{ id: 'exterior_windows', name: 'Exterior Windows' }], next_cursor: null });
    const page = dropdownPager('service_type_list');
    expect(await page(0)).toEqual([{ id: 'exterior_windows', name: 'Exterior Windows' }]);
    expect(await page(1)).toEqual([]);
  });

  it('a 429 on a dropdown becomes ThrottledError with its Retry-After', async () => {
    nock(API).get('/zapier/v1/options/service-types').reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '5' });
    expect(await failure(dropdownPager('service_type_list')(0))).toMatchObject({ name: 'ThrottledError', delay: 5 });
  });
});

// Typed use of the samples keeps them honest against the schemas' types.
const _typed: [Job, StatusChange] = [jobSample, statusChangeSample];
void _typed;
