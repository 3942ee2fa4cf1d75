/**
 * Cerbo holds health records: whatever goes wrong, no value a user sent about a patient, and nothing
 * Cerbo answered, may appear in an error message (Zapier shows those in the Zap history and emails).
 */
import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { logReaders, makeTester, type LogLine } from '../../../test/reliability/tester';
import { App, ORIGIN, appTester, bundleOf, failure } from './app';

beforeEach(() => {
  delete process.env.CERBO_BASE_URL;
});

const patient = {
  first_name: 'Zebulon',
  last_name: 'Quartermaine',
  dob: '1961-08-23',
  sex: 'M',
  email1: 'zq.private@example.org',
  phone_mobile: '+15550009876',
  address1: '77 Hawthorn Crescent',
  city: 'Wolverhampton',
  state: 'NV',
  zip: '89501',
};
const appointment = {
  provider_ids: ['usr_7'],
  pt_id: 'pt_secret_991',
  appointment_type: 'Oncology Consult',
  start_date_time: '2026-12-02T19:30:00Z',
  end_date_time: '2026-12-02T20:30:00Z',
  title: 'Biopsy results discussion',
  appointment_note: 'Patient anxious about diagnosis',
};
const sentValues = [
  ...Object.values(patient).filter((value) => value.length > 2),
  '1961',
  'pt_secret_991',
  'Oncology',
  'Biopsy',
  'diagnosis',
];

/** An API that quotes everything it was sent, in its message, its details and an HTML page. */
const echo = (status: number) => (_uri: string, body: unknown): [number, string | object] => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (status === 502) return [status, `<html><body>Bad Gateway for ${text}</body></html>`];
  return [status, { error: { code: 'validation_error', message: `Rejected ${text}`, details: { field: text, value: text } } }];
};

const operations = [
  {
    name: 'create_patient',
    method: 'post',
    path: '/api/v1/patients',
    lookup: '/api/v1/patients',
    run: () => App.creates.create_patient.operation.perform,
    input: patient,
  },
  {
    name: 'update_patient',
    method: 'patch',
    path: '/api/v1/patients/pt_secret_991',
    run: () => App.creates.update_patient.operation.perform,
    input: { ...patient, pt_id: 'pt_secret_991' },
  },
  {
    name: 'create_appointment',
    method: 'post',
    path: '/api/v1/appointments',
    lookup: '/api/v1/appointments',
    run: () => App.creates.create_appointment.operation.perform,
    input: appointment,
  },
] as const;

type Operation = { method: 'post' | 'patch'; path: string; lookup?: string; run: () => Parameters<typeof appTester>[0]; input: Record<string, unknown> };

describe.each(operations as readonly Operation[])('$name', ({ method, path: apiPath, lookup, run, input }) => {
  test.each([400, 403, 404, 409, 422, 500, 502])('an HTTP %i that quotes the request leaks none of it', async (status) => {
    // A create first reads the newest records, looking for one an earlier run made: none here.
    if (lookup) nock(ORIGIN).get(lookup).query(true).reply(200, { data: [], total: 0 });
    nock(ORIGIN)[method](apiPath).reply(echo(status));
    const shown = await failure(appTester(run(), bundleOf(input)));
    expect(shown).toMatchObject({ status });
    for (const value of sentValues) expect({ value, leaked: shown.message.includes(value) }).toEqual({ value, leaked: false });
  });
});

test('find_patient: errors quote neither the criteria (query string) nor Cerbo\'s text', async () => {
  for (const status of [400, 403, 422, 500]) {
    nock(ORIGIN).get('/api/v1/patients/search').query(true).reply(status, { error: { code: 'x', message: 'Zebulon Quartermaine 1961-08-23' } });
    const shown = await failure(
      appTester(App.searches.find_patient.operation.perform, bundleOf({ first_name: 'Zebulon', last_name: 'Quartermaine', dob: '1961-08-23' })),
    );
    expect(shown.message).not.toMatch(/Zebulon|Quartermaine|1961/);
  }
});

test('a 401 is not "contextified" with the bundle: the ExpiredAuthError quotes no input', async () => {
  nock(ORIGIN).get('/api/v1/patients').query(true).reply(200, { data: [], total: 0 });
  nock(ORIGIN).post('/api/v1/patients').reply(401, { error: { code: 'unauthorized', message: 'no' } });
  const shown = await failure(appTester(App.creates.create_patient.operation.perform, bundleOf(patient)));
  expect(shown.name).toBe('ExpiredAuthError');
  expect(shown.message).not.toMatch(/What happened|Zebulon|Quartermaine|1961|bundle/);
});

test('a connection failure becomes a plain message, without the URL or its query string', async () => {
  // Nothing listens on loopback port 9: the connection is refused at once.
  process.env.CERBO_BASE_URL = 'http://127.0.0.1:9/{subdomain}';
  const shown = await failure(appTester(App.searches.find_patient.operation.perform, bundleOf({ last_name: 'Quartermaine', dob: '1961-08-23' })));
  expect(shown).toMatchObject({ name: 'AppError', code: 'network_error', status: 503 });
  expect(shown.message).toBe('Cerbo could not be reached: the connection failed (ECONNREFUSED). Try again in a few minutes.');
});

test('validation errors name the field, never the bad value', async () => {
  const bad = [
    [App.creates.create_patient.operation.perform, { ...patient, dob: 'Zebulon-1961' }],
    [App.creates.create_patient.operation.perform, { ...patient, dob: '2999-08-23' }],
    [App.creates.create_patient.operation.perform, { ...patient, sex: 'Quartermaine' }],
    [App.creates.create_patient.operation.perform, { ...patient, email1: 'Zebulon at Wolverhampton' }],
    [App.creates.create_appointment.operation.perform, { ...appointment, start_date_time: 'Zebulon 1961' }],
    [App.searches.find_patient.operation.perform, { dob: 'Quartermaine' }],
  ] as const;
  for (const [perform, input] of bad) {
    const shown = await failure(appTester(perform, bundleOf(input)));
    expect(shown.message).not.toMatch(/Zebulon|Quartermaine|Wolverhampton|2999|1961/);
  }
});

test('the connector never writes to z.console (request bodies stay out of the logs it controls)', () => {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) sources.push(full);
    }
  };
  walk(path.join(__dirname, '..', 'src'));
  expect(sources.length).toBeGreaterThan(5);
  expect(sources.filter((file) => /\bz\.console\b|console\.(log|error|warn|info)/.test(fs.readFileSync(file, 'utf8')))).toEqual([]);
});

test("core's HTTP log holds neither the bodies sent nor those received (raw requests, streamed body), nor the create's lookup", async () => {
  const lines: LogLine[] = [];
  const read = (line: LogLine) => lines.push(line);
  logReaders.push(read);
  try {
    const tester = makeTester(App as unknown as Record<string, unknown>);
    const created = { ...patient, id: 'pt_secret_991', patient_status_description: 'Active', created: '2026-11-24T10:00:00Z', updated: '2026-11-24T10:00:00Z' };
    // The create's lookup reads the newest charts (a namesake made last year among them) before creating.
    const namesake = { ...created, id: 'pt_namesake_17', created: '2025-10-01T10:00:00Z' };
    nock(ORIGIN).get('/api/v1/patients').query({ sort: '-created', limit: '100', offset: '0' }).reply(200, { data: [namesake], total: 1 });
    nock(ORIGIN).post('/api/v1/patients', (body: Record<string, string>) => body.last_name === 'Quartermaine').reply(201, created);
    const result = (await tester('creates.create_patient.operation.perform', bundleOf(patient))) as { id: string };
    expect(result.id).toBe('pt_secret_991');
    nock(ORIGIN).get('/api/v1/patients').query(true).reply(200, { data: [created], total: 1 });
    await tester('triggers.new_patient.operation.perform', bundleOf());
  } finally {
    logReaders.splice(logReaders.indexOf(read), 1);
  }
  const http = lines.filter((line) => line.kind === 'http');
  expect(http.length).toBe(3);
  expect(http[1].text).toContain('streaming data');
  expect(http[1].text).toMatch(/POST \S*\/api\/v1\/patients/);
  for (const value of sentValues) expect({ value, logged: http.some((line) => line.text.includes(value)) }).toEqual({ value, logged: false });
});
