import nock from 'nock';
import { App, BASIC, ORIGIN, appTester, bundleOf, failure } from './app';
import { appointmentSample, patientSample } from '../src/schemas';

const { creates } = App;
const createPatient = creates.create_patient.operation.perform;
const updatePatient = creates.update_patient.operation.perform;
const createAppointment = creates.create_appointment.operation.perform;

beforeEach(() => {
  delete process.env.CERBO_BASE_URL;
});

/** What a user maps into Create Patient for the sample patient: the name with spaces, the date of birth as a US date. */
const { id: _id, patient_status_description: _status, created: _created, updated: _updated, ...samplePatientFields } = patientSample;
const patientInput = { ...samplePatientFields, first_name: ' Maria ', dob: '04/12/1978' };

/** The read a create makes first, looking for the record an earlier run of the step made. */
const newest = (path: string, data: unknown[] = [], total = data.length) =>
  nock(ORIGIN).get(`/api/v1/${path}`).query((query) => query.sort === '-created' && query.limit === '100').reply(200, { data, total });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('create_patient', () => {
  test('sends Cerbo\'s fields with the date of birth as YYYY-MM-DD', async () => {
    newest('patients');
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC, 'content-type': 'application/json' } })
      // The input as given, but for the name trimmed and the date of birth as Cerbo takes it.
      .post('/api/v1/patients', { ...patientInput, first_name: 'Maria', dob: '1978-04-12' })
      .reply(201, patientSample);
    expect(await appTester(createPatient, bundleOf(patientInput))).toEqual(patientSample);
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    ['unknown', '?'],
    ['Male', 'M'],
    ['f', 'F'],
  ])('sex %p is sent as %p', async (given, sent) => {
    newest('patients');
    const scope = nock(ORIGIN).post('/api/v1/patients', (body: { sex: string }) => body.sex === sent).reply(201, patientSample);
    await appTester(createPatient, bundleOf({ ...patientInput, sex: given }));
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    [{ first_name: ' ' }, 'First Name is required'],
    [{ last_name: undefined }, 'Last Name is required'],
    [{ dob: undefined }, 'Date of Birth is not a date'],
    [{ dob: '1978-02-30' }, 'Date of Birth is not a date'],
    [{ dob: '13/13/1978' }, 'Date of Birth is not a date'],
    [{ dob: 'yesterday' }, 'Date of Birth is not a date'],
    [{ dob: '2999-01-01' }, 'Date of Birth cannot be in the future'],
    [{ dob: '1850-01-01' }, 'Date of Birth must be after'],
    [{ sex: 'X' }, 'Sex must be'],
    [{ sex: undefined }, 'Sex must be'],
    [{ email1: 'maria at example' }, 'Email is not an email address'],
  ])('%p is refused before any request: "%s"', async (override, message) => {
    const refused = await failure(appTester(createPatient, bundleOf({ ...patientInput, ...override })));
    expect(refused.message).toContain(message);
    expect(refused.code).toBe('invalid_input');
  });

  test('a 422 names the field Cerbo refused, never the value or Cerbo\'s text', async () => {
    newest('patients');
    nock(ORIGIN)
      .post('/api/v1/patients')
      .reply(422, { error: { code: 'validation_error', message: 'zip 62701 is not valid for Maria', details: { field: 'zip' } } });
    const refused = await failure(appTester(createPatient, bundleOf(patientInput)));
    expect(refused).toMatchObject({ code: 'validation_error', status: 422 });
    expect(refused.message).toBe('Cerbo did not accept the value of ZIP Code (HTTP 422, validation_error). Check the value mapped to that field.');
  });

  test('a 422 naming an unknown field falls back to the status and code', async () => {
    newest('patients');
    nock(ORIGIN).post('/api/v1/patients').reply(422, { error: { code: 'validation_error', message: 'Maria', details: { field: '<b>Maria</b>' } } });
    const refused = await failure(appTester(createPatient, bundleOf(patientInput)));
    expect(refused.message).toBe('Cerbo refused the request (HTTP 422, validation_error).');
  });

  test('403 names the permission profile and POST /api/v1/patients', async () => {
    newest('patients');
    nock(ORIGIN).post('/api/v1/patients').reply(403, { error: { code: 'permission_denied', message: 'no', details: { permission: 'patients.write' } } });
    const refused = await failure(appTester(createPatient, bundleOf(patientInput)));
    expect(refused.message).toMatch(/^Cerbo refused POST \/api\/v1\/patients \(HTTP 403\): the permission profile .*creating and changing patients/);
  });

  test('401 → ExpiredAuthError (already on the first read); 429 → ThrottledError with Retry-After', async () => {
    nock(ORIGIN).get('/api/v1/patients').query(true).reply(401, { error: { code: 'unauthorized', message: 'no' } });
    expect((await failure(appTester(createPatient, bundleOf(patientInput)))).name).toBe('ExpiredAuthError');
    newest('patients');
    nock(ORIGIN).post('/api/v1/patients').reply(429, { error: { code: 'rate_limited', message: 'no' } }, { 'Retry-After': '60' });
    expect(await failure(appTester(createPatient, bundleOf(patientInput)))).toMatchObject({ name: 'ThrottledError', delay: 60 });
  });

  describe('run again after Cerbo made the patient but its answer was lost', () => {
    const made = (change: Record<string, unknown>) => ({
      ...patientSample,
      id: 'pt_made',
      first_name: 'Maria',
      last_name: 'Garcia',
      dob: '1978-04-12',
      sex: 'F',
      created: ago(90_000),
      ...change,
    });

    test('returns the chart the earlier run made instead of opening a second one', async () => {
      const mine = made({});
      newest('patients', [made({ id: 'pt_other', first_name: 'Mario' }), mine]);
      expect(await appTester(createPatient, bundleOf(patientInput))).toEqual(mine);
    });

    test('creates the chart when the same name and birth date belong to a chart made before the retry window', async () => {
      newest('patients', [made({ created: ago(2 * 86_400_000) })]);
      const scope = nock(ORIGIN).post('/api/v1/patients').reply(201, patientSample);
      expect(await appTester(createPatient, bundleOf(patientInput))).toEqual(patientSample);
      expect(scope.isDone()).toBe(true);
    });

    test('looks through 5 pages at most when Cerbo answers every offset with the same busy page, then creates the chart', async () => {
      const busy = Array.from({ length: 100 }, (_, i) => made({ id: `pt_${i}`, first_name: `Someone${i}`, created: ago(60_000 + i) }));
      let reads = 0;
      nock(ORIGIN)
        .get('/api/v1/patients')
        .query((query) => query.sort === '-created')
        .times(20)
        .reply(200, () => {
          reads += 1;
          return { data: busy, total: 100_000 };
        });
      const scope = nock(ORIGIN).post('/api/v1/patients').reply(201, patientSample);
      expect(await appTester(createPatient, bundleOf(patientInput))).toEqual(patientSample);
      expect({ reads, created: scope.isDone() }).toEqual({ reads: 5, created: true });
    });

    test('reads further pages only while they still hold patients made within the window', async () => {
      const busy = Array.from({ length: 100 }, (_, i) => made({ id: `pt_${i}`, first_name: `Someone${i}`, created: ago(60_000 + i) }));
      newest('patients', busy, 250);
      const second = nock(ORIGIN)
        .get('/api/v1/patients')
        .query((query) => query.offset === '100')
        .reply(200, { data: [made({ created: ago(30 * 86_400_000) })], total: 250 });
      const scope = nock(ORIGIN).post('/api/v1/patients').reply(201, patientSample);
      expect(await appTester(createPatient, bundleOf(patientInput))).toEqual(patientSample);
      expect(second.isDone() && scope.isDone()).toBe(true);
    });
  });
});

describe('update_patient', () => {
  test('PATCHes only the fields filled in', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .patch('/api/v1/patients/pt_42', { dob: '1980-03-07', city: 'Chicago' })
      .reply(200, { ...patientSample, id: 'pt_42' });
    await appTester(updatePatient, bundleOf({ pt_id: 'pt_42', dob: '7 March 1980', city: 'Chicago' }));
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    [{ city: 'Chicago' }, 'Patient is required'],
    [{ pt_id: '..', city: 'Chicago' }, 'Patient is not a valid ID'],
    [{ pt_id: 'pt_42' }, 'Fill in at least one patient field'],
    [{ pt_id: 'pt_42', dob: '31/02/1980' }, 'Date of Birth is not a date'],
    [{ pt_id: 'pt_42', sex: 'other' }, 'Sex must be'],
  ])('%p is refused before any request', async (input, message) => {
    expect((await failure(appTester(updatePatient, bundleOf(input)))).message).toContain(message);
  });

  test('the ID is encoded into the path', async () => {
    const scope = nock(ORIGIN).patch('/api/v1/patients/a%2Fb').reply(200, patientSample);
    await appTester(updatePatient, bundleOf({ pt_id: 'a/b', city: 'Chicago' }));
    expect(scope.isDone()).toBe(true);
  });

  test('404 says there is no such patient; 403 names the permission profile', async () => {
    nock(ORIGIN).patch('/api/v1/patients/pt_gone').reply(404, { error: { code: 'not_found', message: 'Patient Maria was not found' } });
    const missing = await failure(appTester(updatePatient, bundleOf({ pt_id: 'pt_gone', city: 'Chicago' })));
    expect(missing.message).toBe('Cerbo has no patient with this ID in the practice (HTTP 404).');
    nock(ORIGIN).patch('/api/v1/patients/pt_42').reply(403, { error: { code: 'permission_denied', message: 'no' } });
    const forbidden = await failure(appTester(updatePatient, bundleOf({ pt_id: 'pt_42', city: 'Chicago' })));
    expect(forbidden.message).toMatch(/PATCH \/api\/v1\/patients\/\{id\} .*permission profile/);
  });
});

describe('create_appointment', () => {
  const input = {
    provider_ids: ['usr_1'],
    pt_id: 'pt_42',
    appointment_type: 'Follow-up',
    start_date_time: '2026-12-02T19:30:00Z',
    end_date_time: '2026-12-02T15:00:00-05:00',
    title: 'Follow-up visit',
    appointment_note: 'Bring lab results',
  };

  test('converts the times to YYYY-MM-DD HH:MM in the Zap\'s time zone and sends Cerbo\'s fields', async () => {
    newest('appointments');
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .post('/api/v1/appointments', {
        start_date_time: '2026-12-02 14:30',
        end_date_time: '2026-12-02 15:00',
        provider_ids: ['usr_1'],
        pt_id: 'pt_42',
        appointment_type: 'Follow-up',
        title: 'Follow-up visit',
        appointment_note: 'Bring lab results',
      })
      .reply(201, appointmentSample);
    expect(await appTester(createAppointment, bundleOf(input))).toEqual(appointmentSample);
    expect(scope.isDone()).toBe(true);
  });

  test('the same instant lands at another wall-clock time in another Zap time zone', async () => {
    newest('appointments');
    const scope = nock(ORIGIN)
      .post('/api/v1/appointments', (body: { start_date_time: string; end_date_time: string }) =>
        body.start_date_time === '2026-12-03 03:30' && body.end_date_time === '2026-12-03 04:00',
      )
      .reply(201, appointmentSample);
    const bundle = bundleOf(input);
    bundle.meta.timezone = 'Asia/Singapore';
    await appTester(createAppointment, bundle);
    expect(scope.isDone()).toBe(true);
  });

  test('times without a zone are taken as written; several providers are all sent', async () => {
    newest('appointments');
    const scope = nock(ORIGIN)
      .post('/api/v1/appointments', (body: { start_date_time: string; end_date_time: string; provider_ids: string[] }) =>
        body.start_date_time === '2026-12-02 09:00' && body.end_date_time === '2026-12-02 09:45' && body.provider_ids.join() === 'usr_1,usr_2',
      )
      .reply(201, appointmentSample);
    await appTester(
      createAppointment,
      bundleOf({ ...input, provider_ids: ['usr_1', 'usr_2'], start_date_time: '2026-12-02 09:00', end_date_time: 'December 2, 2026 9:45 AM' }),
    );
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    [{ provider_ids: [] }, 'Provider is required'],
    [{ pt_id: '' }, 'Patient is required'],
    [{ appointment_type: ' ' }, 'Appointment Type is required'],
    [{ start_date_time: undefined }, 'Start Date & Time is required'],
    [{ start_date_time: '2026-12-02' }, 'Start Date & Time is not a date and time'],
    [{ end_date_time: 'soon' }, 'End Date & Time is not a date and time'],
    [{ end_date_time: '2026-12-02T14:30:00-05:00' }, 'End Date & Time must be after Start Date & Time'],
    [{ end_date_time: '2026-12-02T13:00:00-05:00' }, 'End Date & Time must be after Start Date & Time'],
  ])('%p is refused before any request', async (override, message) => {
    const refused = await failure(appTester(createAppointment, bundleOf({ ...input, ...override })));
    expect(refused.message).toContain(message);
  });

  test('403 names the permission profile and POST /api/v1/appointments; 429 waits', async () => {
    newest('appointments');
    nock(ORIGIN).post('/api/v1/appointments').reply(403, { error: { code: 'permission_denied', message: 'no' } });
    expect((await failure(appTester(createAppointment, bundleOf(input)))).message).toMatch(/POST \/api\/v1\/appointments .*booking appointments/);
    newest('appointments');
    nock(ORIGIN).post('/api/v1/appointments').reply(429, {}, { 'Retry-After': '3' });
    expect(await failure(appTester(createAppointment, bundleOf(input)))).toMatchObject({ name: 'ThrottledError', delay: 3 });
  });

  test('a 422 on the appointment type names it', async () => {
    newest('appointments');
    nock(ORIGIN).post('/api/v1/appointments').reply(422, { error: { code: 'validation_error', message: 'x', details: { field: 'appointment_type' } } });
    expect((await failure(appTester(createAppointment, bundleOf(input)))).message).toContain('Appointment Type');
  });

  describe('run again after Cerbo booked it but its answer was lost', () => {
    const booked = (change: Record<string, unknown>) => ({
      // The sample's start (the same instant), end, type and title are this input's; provider and patient are made so.
      ...appointmentSample,
      id: 'appt_made',
      associated_providers: [{ id: 'usr_1', name: 'Dr. Ana Ruiz' }],
      patient_details: { id: 'pt_42', first_name: 'Maria', last_name: 'Garcia' },
      created: ago(60_000),
      ...change,
    });

    test('looks at that day only, and returns the booking the earlier run made', async () => {
      const mine = booked({});
      const day = nock(ORIGIN)
        .get('/api/v1/appointments')
        .query({ start_date: '2026-12-02', end_date: '2026-12-02', sort: '-created', limit: '100', offset: '0' })
        .reply(200, { data: [booked({ id: 'appt_other', patient_details: { id: 'pt_7', first_name: 'A', last_name: 'B' } }), mine], total: 2 });
      expect(await appTester(createAppointment, bundleOf(input))).toEqual(mine);
      expect(day.isDone()).toBe(true);
    });

    test('books when the day holds only other bookings: another provider, time, or one made long ago', async () => {
      newest('appointments', [
        booked({ associated_providers: [{ id: 'usr_2', name: 'Dr. Lee' }] }),
        booked({ start_date_time: '2026-12-02T16:30:00-05:00', end_date_time: '2026-12-02T17:00:00-05:00' }),
        booked({ created: ago(3 * 86_400_000) }),
      ]);
      const scope = nock(ORIGIN).post('/api/v1/appointments').reply(201, appointmentSample);
      expect(await appTester(createAppointment, bundleOf(input))).toEqual(appointmentSample);
      expect(scope.isDone()).toBe(true);
    });
  });
});

test('every mocked request was made', () => {
  expect(nock.pendingMocks()).toEqual([]);
});
