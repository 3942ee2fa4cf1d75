/**
 * The Cerbo twin over HTTP: practices by subdomain, Basic users with permission profiles (401 vs 403),
 * limit/offset paging with {data,total}, 422 naming the field, the appointment window, `%` search,
 * and 60 requests a minute per API user with Retry-After.
 */
import { startSandbox, type Sandbox } from '../..';
import { cerboHandle, REQUESTS_PER_MINUTE, type CerboHandle } from '..';
import { isoWithOffset, offsetAt, wallClock } from '../store';

let sandbox: Sandbox;
let cerbo: CerboHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'cerbo-tests' });
  cerbo = cerboHandle(sandbox.services);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  cerbo.limits.reset();
});

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const full = () => basic(cerbo.credentials.username, cerbo.credentials.password);

async function call(path: string, init: { method?: string; auth?: string; body?: unknown; subdomain?: string } = {}) {
  const response = await fetch(`${sandbox.url}/cerbo/${init.subdomain ?? 'demo'}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.auth === '' ? {} : { authorization: init.auth ?? full() }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const patient = { first_name: 'Rosa', last_name: 'Delgado', dob: '1975-05-05', sex: 'F', email1: 'rosa@example.com' };

describe('practices and credentials', () => {
  test('the seeded credentials, and the env line with {subdomain}', () => {
    expect(cerbo.credentials).toMatchObject({ subdomain: 'demo', username: expect.stringMatching(/^pk_/), restricted: { username: expect.stringMatching(/^pk_/) } });
    expect(cerbo.env('http://127.0.0.1:1')).toEqual({ CERBO_BASE_URL: 'http://127.0.0.1:1/cerbo/{subdomain}' });
    expect(sandbox.env.CERBO_BASE_URL).toBe(`${sandbox.url}/cerbo/{subdomain}`);
  });

  test('an unknown subdomain is 404 before any credential check', async () => {
    const response = await call('/users', { subdomain: 'nowhere', auth: '' });
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'practice_not_found' } } });
  });

  test.each([
    ['no header', ''],
    ['a wrong secret', 'wrong'],
    ['a bearer token', 'bearer'],
  ])('%s is 401 with WWW-Authenticate', async (_name, kind) => {
    const auth = kind === '' ? '' : kind === 'bearer' ? 'Bearer abc' : basic(cerbo.credentials.username, 'sk_wrong');
    const response = await call('/users', { auth });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  test('one practice\'s API user is unknown to another practice', async () => {
    expect((await call('/users', { subdomain: 'northside-clinic' })).status).toBe(401);
  });

  test('permission profiles: scheduling-only may book but not create patients; read-only may only read', async () => {
    const scheduling = basic(cerbo.credentials.restricted.username, cerbo.credentials.restricted.password);
    const readOnly = basic(cerbo.credentials.readOnly.username, cerbo.credentials.readOnly.password);
    expect((await call('/users?limit=1', { auth: scheduling })).status).toBe(200);
    const refused = await call('/patients', { method: 'POST', auth: scheduling, body: patient });
    expect(refused).toMatchObject({
      status: 403,
      body: { error: { code: 'permission_denied', details: { permission: 'patients.write', profile: 'Scheduling only' } } },
    });
    expect((await call('/appointments', { method: 'POST', auth: readOnly, body: {} })).body).toMatchObject({
      error: { code: 'permission_denied', details: { permission: 'appointments.write' } },
    });
    expect((await call('/patients', { auth: readOnly })).status).toBe(200);
  });
});

describe('resources', () => {
  test('users page with limit/offset and {data,total}; limit outside 1–100 is 422 naming it', async () => {
    const first = await call('/users?limit=2');
    const second = await call('/users?limit=2&offset=2');
    expect(first.body).toMatchObject({ total: 4 });
    expect((first.body!.data as unknown[]).length).toBe(2);
    expect((second.body!.data as Array<{ id: string }>).map((u) => u.id)).not.toContain((first.body!.data as Array<{ id: string }>)[0].id);
    expect(await call('/users?limit=101')).toMatchObject({ status: 422, body: { error: { details: { field: 'limit' } } } });
    expect(await call('/users?offset=-1')).toMatchObject({ status: 422, body: { error: { details: { field: 'offset' } } } });
  });

  test('a created patient is first in ?sort=-created, readable by id, and patchable', async () => {
    const created = await call('/patients', { method: 'POST', body: { ...patient, zip: '10001' } });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({ ...patient, zip: '10001', patient_status_description: 'Active' });
    const newest = await call('/patients?sort=-created&limit=1');
    expect((newest.body!.data as Array<{ id: string }>)[0].id).toBe(id);
    expect((await call(`/patients/${id}`)).body).toMatchObject({ id });
    const patched = await call(`/patients/${id}`, { method: 'PATCH', body: { city: 'Yonkers' } });
    expect(patched.body).toMatchObject({ id, city: 'Yonkers', zip: '10001' });
    expect((await call('/patients/pt_missing')).status).toBe(404);
  });

  test.each([
    [{ first_name: '' }, 'first_name'],
    [{ dob: '1975-02-30' }, 'dob'],
    [{ dob: '05/05/1975' }, 'dob'],
    [{ dob: '2999-01-01' }, 'dob'],
    [{ sex: 'X' }, 'sex'],
    [{ email1: 'not-an-email' }, 'email1'],
  ])('POST /patients with %p is 422 naming %s', async (override, field) => {
    const response = await call('/patients', { method: 'POST', body: { ...patient, ...override } });
    expect(response).toMatchObject({ status: 422, body: { error: { code: 'validation_error', details: { field } } } });
  });

  test('search matches with % wildcards, ignoring case; needs one criterion', async () => {
    await call('/patients', { method: 'POST', body: { ...patient, first_name: 'Wilhelmina', last_name: 'Zorn' } });
    const found = await call('/patients/search?first_name=wil%25&last_name=ZORN');
    expect((found.body!.data as Array<{ last_name: string }>).map((p) => p.last_name)).toEqual(['Zorn']);
    expect((await call('/patients/search?email=nobody@example.com')).body).toEqual({ data: [], total: 0 });
    expect((await call('/patients/search')).status).toBe(422);
  });

  test('appointments: both dates required, window at most 90 days, newest booking first', async () => {
    expect(await call('/appointments?start_date=2026-01-01')).toMatchObject({ status: 422, body: { error: { details: { field: 'end_date' } } } });
    expect(await call('/appointments?start_date=2026-01-01&end_date=2026-04-02')).toMatchObject({ status: 422 });
    expect((await call('/appointments?start_date=2026-01-01&end_date=2026-04-01')).status).toBe(200);

    const users = (await call('/users')).body!.data as Array<{ id: string; is_provider: boolean; active: boolean }>;
    const provider = users.find((u) => u.is_provider && u.active)!;
    const inactive = users.find((u) => u.is_provider && !u.active)!;
    const ptId = ((await call('/patients?limit=1')).body!.data as Array<{ id: string }>)[0].id;
    const day = wallClock(Date.now() + 3 * 86_400_000, 'America/New_York').slice(0, 10);
    const booking = { start_date_time: `${day} 11:00`, end_date_time: `${day} 11:30`, provider_ids: [provider.id], pt_id: ptId, appointment_type: 'telehealth' };
    const booked = await call('/appointments', { method: 'POST', body: booking });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      start_date_time: isoWithOffset(`${day} 11:00`, 'America/New_York'),
      appointment_type: 'Telehealth',
      appointment_status: 'Scheduled',
      associated_providers: [{ id: provider.id }],
      patient_details: { id: ptId },
    });
    const today = wallClock(Date.now(), 'America/New_York').slice(0, 10);
    const listed = await call(`/appointments?start_date=${today}&end_date=${day}&sort=-created`);
    expect((listed.body!.data as Array<{ id: string }>)[0].id).toBe(booked.body!.id);

    for (const [override, field] of [
      [{ end_date_time: `${day} 10:00` }, 'end_date_time'],
      [{ start_date_time: `${day}T11:00` }, 'start_date_time'],
      [{ provider_ids: [] }, 'provider_ids'],
      [{ provider_ids: [inactive.id] }, 'provider_ids'],
      [{ pt_id: 'pt_nobody' }, 'pt_id'],
      [{ appointment_type: 'Surgery' }, 'appointment_type'],
    ] as const) {
      const refused = await call('/appointments', { method: 'POST', body: { ...booking, ...override } });
      expect({ field, status: refused.status, named: (refused.body as { error: { details: { field: string } } }).error.details.field }).toEqual({
        field,
        status: 422,
        named: field,
      });
    }
  });

  test('appointment types list with duration', async () => {
    const types = await call('/appointment_types');
    expect(types.body).toMatchObject({ total: 3, data: expect.arrayContaining([{ id: expect.any(String), name: 'Follow-up', duration_minutes: 30 }]) });
  });
});

describe('rate limit', () => {
  test(`${REQUESTS_PER_MINUTE} requests a minute per API user, then 429 with Retry-After; other users unaffected`, async () => {
    // Use up all but one of the minute directly, so that the requests below come within milliseconds.
    for (let i = 1; i < REQUESTS_PER_MINUTE; i += 1) cerbo.limits.take(`demo:${cerbo.credentials.username}`);
    expect((await call('/appointment_types?limit=1')).status).toBe(200);
    const refused = await call('/appointment_types?limit=1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited' } });
    const other = basic(cerbo.credentials.readOnly.username, cerbo.credentials.readOnly.password);
    expect((await call('/appointment_types', { auth: other })).status).toBe(200);
  });

  test('an injected 429 looks like the real one', async () => {
    const response = await fetch(`${sandbox.url}/cerbo/demo/api/v1/users`, { headers: { authorization: full(), 'x-sandbox-fault': 'rate_limit:17' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('17');
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('time zone of the practice', () => {
  test('offsets follow daylight saving time', () => {
    expect(offsetAt('2026-01-15 09:00', 'America/New_York')).toBe('-05:00');
    expect(offsetAt('2026-07-15 09:00', 'America/New_York')).toBe('-04:00');
    expect(offsetAt('2026-07-15 09:00', 'Asia/Kolkata')).toBe('+05:30');
    expect(isoWithOffset('2026-07-15 09:00', 'UTC')).toBe('2026-07-15T09:00:00+00:00');
  });
});
