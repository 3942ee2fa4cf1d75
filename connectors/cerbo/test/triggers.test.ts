import nock from 'nock';
import { makeTester } from '../../../test/reliability/tester';
import { App, BASIC, ORIGIN, appTester, bundleOf, failure } from './app';
import { appointmentSample, patientSample, userSample } from '../src/schemas';
import { addDays, todayIn } from '../src/dates';

const { triggers } = App;

beforeEach(() => {
  delete process.env.CERBO_BASE_URL;
});

describe('new_patient', () => {
  test('asks once for the newest patients and returns them in that order', async () => {
    const newer = { ...patientSample, id: 'pt_2', created: '2026-11-24T10:00:00Z' };
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .get('/api/v1/patients')
      .query({ sort: '-created', limit: '100' })
      .reply(200, { data: [newer, patientSample], total: 2 });
    const result = (await appTester(triggers.new_patient.operation.perform, bundleOf())) as Array<{ id: string }>;
    expect(result.map((p) => p.id)).toEqual(['pt_2', patientSample.id]);
    expect(scope.isDone()).toBe(true);
  });

  test('401 → ExpiredAuthError, 403 → permission profile and endpoint, 429 → retry delay', async () => {
    nock(ORIGIN).get('/api/v1/patients').query(true).reply(401, { error: { code: 'unauthorized', message: 'x' } });
    expect((await failure(appTester(triggers.new_patient.operation.perform, bundleOf()))).name).toBe('ExpiredAuthError');

    nock(ORIGIN).get('/api/v1/patients').query(true).reply(403, { error: { code: 'permission_denied', message: 'x' } });
    const forbidden = await failure(appTester(triggers.new_patient.operation.perform, bundleOf()));
    expect(forbidden.message).toMatch(/GET \/api\/v1\/patients \(HTTP 403\).*permission profile.*reading patients/);

    nock(ORIGIN).get('/api/v1/patients').query(true).reply(429, { error: { code: 'rate_limited', message: 'x' } }, { 'Retry-After': '12' });
    expect(await failure(appTester(triggers.new_patient.operation.perform, bundleOf()))).toMatchObject({ name: 'ThrottledError', delay: 12 });
  });

  test('a 200 whose body is not JSON is reported as malformed', async () => {
    nock(ORIGIN).get('/api/v1/patients').query(true).reply(200, '{"data": [{"id": "tr', { 'Content-Type': 'application/json' });
    const refused = await failure(appTester(triggers.new_patient.operation.perform, bundleOf()));
    expect(refused.code).toBe('unexpected_response');
  });
});

describe('new_appointment', () => {
  const window = () => {
    const start = addDays(todayIn('America/New_York'), -7);
    return { start_date: start, end_date: addDays(start, 90) };
  };

  test('one request over a 90-day window in the Zap\'s time zone, newest booking first', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .get('/api/v1/appointments')
      .query({ ...window(), sort: '-created', limit: '100' })
      .reply(200, { data: [appointmentSample], total: 1 });
    const result = await appTester(triggers.new_appointment.operation.perform, bundleOf());
    expect(result).toEqual([appointmentSample]);
    expect(scope.isDone()).toBe(true);
  });

  test('the provider filter keeps only that provider\'s appointments', async () => {
    const other = { ...appointmentSample, id: 'appt_other', associated_providers: [{ id: 'usr_other', name: 'Someone Else' }] };
    nock(ORIGIN).get('/api/v1/appointments').query(true).reply(200, { data: [other, appointmentSample], total: 2 });
    const result = (await appTester(
      triggers.new_appointment.operation.perform,
      bundleOf({ provider_id: appointmentSample.associated_providers[0].id }),
    )) as Array<{ id: string }>;
    expect(result.map((a) => a.id)).toEqual([appointmentSample.id]);
  });

  test('403 names the appointments permission', async () => {
    nock(ORIGIN).get('/api/v1/appointments').query(true).reply(403, { error: { code: 'permission_denied', message: 'x' } });
    const refused = await failure(appTester(triggers.new_appointment.operation.perform, bundleOf()));
    expect(refused.message).toMatch(/GET \/api\/v1\/appointments .*reading appointments/);
    expect(refused.message).not.toContain('start_date');
  });
});

describe('dropdown triggers', () => {
  test('providers: active providers only, with a display name, paged with limit/offset', async () => {
    const scope = nock(ORIGIN)
      .get('/api/v1/users')
      .query({ limit: '100', offset: '100' })
      .reply(200, {
        data: [
          userSample,
          { ...userSample, id: 'usr_desk', first_name: 'Carla', last_name: 'Reyes', is_provider: false },
          { ...userSample, id: 'usr_gone', first_name: 'Dana', last_name: 'Whitfield', active: false },
        ],
        total: 103,
      });
    const result = await appTester(triggers.providers.operation.perform, bundleOf({}, { meta: { page: 1 } } as never));
    expect(result).toEqual([{ ...userSample, name: 'Ana Lopez' }]);
    expect(scope.isDone()).toBe(true);
  });

  test('appointment types: the list as Cerbo gives it', async () => {
    const types = [{ id: 'at_1', name: 'Follow-up', duration_minutes: 30 }];
    nock(ORIGIN).get('/api/v1/appointment_types').query({ limit: '100', offset: '0' }).reply(200, { data: types, total: 1 });
    expect(await appTester(triggers.appointment_types.operation.perform, bundleOf())).toEqual(types);
  });

  test('patients: labelled "Last, First (DOB)", newest first, page 2 at offset 200', async () => {
    nock(ORIGIN).get('/api/v1/patients').query({ sort: '-created', limit: '100', offset: '200' }).reply(200, { data: [patientSample], total: 201 });
    const result = (await appTester(triggers.patients.operation.perform, bundleOf({}, { meta: { page: 2 } } as never))) as Array<{ name: string }>;
    expect(result[0].name).toBe('Garcia, Maria (1978-04-12)');
  });

  test('a dropdown ends after 100 pages, without a request, whatever Cerbo says is left', async () => {
    const scope = nock(ORIGIN).get('/api/v1/patients').query(true).reply(200, { data: [patientSample], total: 1_000_000 });
    expect(await appTester(triggers.patients.operation.perform, bundleOf({}, { meta: { page: 100 } } as never))).toEqual([]);
    expect(scope.isDone()).toBe(false);
  });

  test('a 429 while filling a dropdown is retried after Retry-After', async () => {
    nock(ORIGIN).get('/api/v1/appointment_types').query(true).reply(429, {}, { 'Retry-After': '5' });
    expect(await failure(appTester(triggers.appointment_types.operation.perform, bundleOf()))).toMatchObject({ name: 'ThrottledError', delay: 5 });
  });
});

test('each polling trigger makes exactly one request per poll', async () => {
  const tester = makeTester(App as unknown as Record<string, unknown>);
  nock(ORIGIN).get('/api/v1/patients').query(true).times(5).reply(200, { data: [patientSample], total: 1 });
  nock(ORIGIN).get('/api/v1/appointments').query(true).times(5).reply(200, { data: [appointmentSample], total: 1 });
  await tester('triggers.new_patient.operation.perform', bundleOf());
  expect(tester.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /api/v1/patients']);
  await tester('triggers.new_appointment.operation.perform', bundleOf({ provider_id: 'usr_1' }));
  expect(tester.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /api/v1/appointments']);
  nock.cleanAll();
});

test('every mocked request was made', () => {
  expect(nock.pendingMocks()).toEqual([]);
});
