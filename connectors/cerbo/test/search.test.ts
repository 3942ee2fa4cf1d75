import nock from 'nock';
import { App, BASIC, ORIGIN, appTester, bundleOf, failure } from './app';
import { patientSample } from '../src/schemas';

const findPatient = App.searches.find_patient.operation.perform;

beforeEach(() => {
  delete process.env.CERBO_BASE_URL;
});

describe('find_patient', () => {
  test('searches by name, email and normalised date of birth', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .get('/api/v1/patients/search')
      .query({ first_name: 'Mar%', last_name: 'Garcia', email: 'maria.garcia@example.com', dob: '1978-04-12', limit: '100' })
      .reply(200, { data: [patientSample], total: 1 });
    const found = await appTester(
      findPatient,
      bundleOf({ first_name: 'Mar%', last_name: 'Garcia', email: 'maria.garcia@example.com', dob: 'April 12, 1978' }),
    );
    expect(found).toEqual([patientSample]);
    expect(scope.isDone()).toBe(true);
  });

  test('returns [] when nothing matches', async () => {
    nock(ORIGIN).get('/api/v1/patients/search').query({ email: 'nobody@example.com', limit: '100' }).reply(200, { data: [], total: 0 });
    expect(await appTester(findPatient, bundleOf({ email: 'nobody@example.com' }))).toEqual([]);
  });

  test('needs at least one criterion, and a real date of birth, before any request', async () => {
    expect((await failure(appTester(findPatient, bundleOf({ first_name: '  ' })))).message).toMatch(/^Fill in at least one of/);
    expect((await failure(appTester(findPatient, bundleOf({ dob: '1978-13-01' })))).message).toMatch(/^Date of Birth is not a date/);
  });

  test('401, 403 and 429', async () => {
    nock(ORIGIN).get('/api/v1/patients/search').query(true).reply(401, {});
    expect((await failure(appTester(findPatient, bundleOf({ last_name: 'Garcia' })))).name).toBe('ExpiredAuthError');
    nock(ORIGIN).get('/api/v1/patients/search').query(true).reply(403, { error: { code: 'permission_denied', message: 'Garcia' } });
    const forbidden = await failure(appTester(findPatient, bundleOf({ last_name: 'Garcia' })));
    expect(forbidden.message).toMatch(/GET \/api\/v1\/patients\/search \(HTTP 403\): the permission profile/);
    expect(forbidden.message).not.toContain('Garcia');
    nock(ORIGIN).get('/api/v1/patients/search').query(true).reply(429, {}, { 'Retry-After': '8' });
    expect(await failure(appTester(findPatient, bundleOf({ last_name: 'Garcia' })))).toMatchObject({ name: 'ThrottledError', delay: 8 });
  });

  test('search-or-create pairs Find Patient with Create Patient', () => {
    expect(App.searchOrCreates?.find_patient).toMatchObject({ search: 'find_patient', create: 'create_patient' });
  });
});
