/**
 * API Request in Cerbo: any endpoint of the practice's API, with the same privacy as every other Cerbo
 * request: bodies streamed and answers read raw (Zapier's HTTP log holds neither), and no value sent
 * or answered in an error message.
 */
import nock from 'nock';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { cerboHandle } from '../../../sandbox/cerbo';
import { logReaders, makeTester, type LogLine } from '../../../test/reliability/tester';
import { foreignTripwire, REFUSED_PATHS } from '../../../test/passthrough-paths';
import { patientSample } from '../src/schemas';
import { App, BASIC, ORIGIN, appTester, bundleOf, failure } from './app';

const perform = App.creates.api_request.operation.perform;

/** Catches any request to the practice: for inputs that must be refused before anything is sent. */
function tripwire(): { sent: () => boolean } {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const scope = nock(ORIGIN);
  for (const method of methods) scope.intercept(() => true, method).reply(500, { error: { code: 'tripwire', message: 'unexpected request' } });
  return { sent: () => scope.pendingMocks().length < methods.length };
}

const privatePatient = { ...patientSample, id: 'pt_secret_991', first_name: 'Zebulon', last_name: 'Quartermaine', dob: '1961-08-23', city: 'Wolverhampton' };
const privateValues = ['pt_secret_991', 'Zebulon', 'Quartermaine', '1961', 'Wolverhampton'];

describe('API Request (nock)', () => {
  beforeEach(() => {
    delete process.env.CERBO_BASE_URL;
  });

  it('GETs the path under /api/v1 on the practice host with Basic auth and the query', async () => {
    const page = { data: [patientSample], total: 1 };
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC } })
      .get('/api/v1/patients')
      .query({ limit: '1', sort: '-created' })
      .reply(200, page, { 'Content-Type': 'application/json', 'Set-Cookie': 'PHPSESSID=abc' });
    const result = await appTester(perform, bundleOf({ method: 'GET', path: '/patients', query: { limit: '1', sort: '-created' } }));
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, data: page });
  });

  it('PATCHes the JSON body and returns the record with its id', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: BASIC, 'content-type': 'application/json' } })
      .patch('/api/v1/patients/pt_1', { city: 'Springfield' })
      .reply(200, patientSample);
    const result = await appTester(perform, bundleOf({ method: 'PATCH', path: '/patients/pt_1', body: '{"city": "Springfield"}' }));
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ id: patientSample.id, status: 200, data: patientSample });
  });

  it.each(REFUSED_PATHS)('refuses Path with %s before any request, naming the field', async (_what, path, message) => {
    const wire = tripwire();
    const foreign = foreignTripwire();
    const error = await failure(appTester(perform, bundleOf({ method: 'POST', path, body: { first_name: 'Zebulon' } })));
    expect(error).toMatchObject({ name: 'AppError', code: 'invalid_input', status: 400 });
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/evil|admin|Injected|Zebulon/);
    expect({ api: wire.sent(), foreign: foreign.sent() }).toEqual({ api: false, foreign: false });
  });

  test.each([400, 403, 404, 422, 500, 502])('an HTTP %i that quotes the request is an error quoting none of it', async (status) => {
    nock(ORIGIN)
      .post('/api/v1/patients/pt_secret_991')
      .reply(status, (_uri, body) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        if (status === 502) return `<html>Bad Gateway for ${text}</html>`;
        return { error: { code: 'validation_error', message: `Rejected ${text}`, details: { field: text } } };
      });
    const input = { method: 'POST', path: '/patients/pt_secret_991', body: { first_name: 'Zebulon', last_name: 'Quartermaine', dob: '1961-08-23', city: 'Wolverhampton' } };
    const shown = await failure(appTester(perform, bundleOf(input)));
    expect(shown).toMatchObject({ name: 'AppError', status });
    for (const value of privateValues) expect({ value, leaked: shown.message.includes(value) }).toEqual({ value, leaked: false });
  });

  test.each(['POST', 'PATCH', 'DELETE'])('keeps the method %s in its own messages (chosen from a list, it identifies no one), still scrubbing the body', async (method) => {
    nock(ORIGIN)
      .intercept('/api/v1/patients/pt_secret_991', method)
      .reply(403, { error: { code: 'permission_denied', message: 'no' } });
    const input = { method, path: '/patients/pt_secret_991', body: { first_name: 'Zebulon', last_name: 'Quartermaine' } };
    const shown = await failure(appTester(perform, bundleOf(input)));
    expect(shown.message).toMatch(new RegExp(`^Cerbo refused ${method} /api/v1/patients/\\{id\\} \\(HTTP 403\\)`));
    expect(shown.message).not.toContain('[redacted]');
    for (const value of privateValues) expect({ value, leaked: shown.message.includes(value) }).toEqual({ value, leaked: false });
  });

  test("core's HTTP log holds neither the body sent nor the one received", async () => {
    const lines: LogLine[] = [];
    const read = (line: LogLine) => lines.push(line);
    logReaders.push(read);
    try {
      const tester = makeTester(App as unknown as Record<string, unknown>);
      nock(ORIGIN).post('/api/v1/patients', (body: Record<string, string>) => body.last_name === 'Quartermaine').reply(201, privatePatient);
      const input = { method: 'POST', path: '/patients', body: { first_name: 'Zebulon', last_name: 'Quartermaine', dob: '1961-08-23', sex: 'M', city: 'Wolverhampton' } };
      const result = (await tester('creates.api_request.operation.perform', bundleOf(input))) as { id: string; data: { last_name: string } };
      expect(result).toMatchObject({ id: 'pt_secret_991', data: { last_name: 'Quartermaine' } });
    } finally {
      logReaders.splice(logReaders.indexOf(read), 1);
    }
    const http = lines.filter((line) => line.kind === 'http');
    expect(http).toHaveLength(1);
    expect(http[0].text).toMatch(/POST \S*\/api\/v1\/patients/);
    expect(http[0].text).toContain('streaming data');
    for (const value of privateValues) expect({ value, logged: lines.some((line) => line.text.includes(value)) }).toEqual({ value, logged: false });
  });
});

describe('API Request against the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
    process.env.CERBO_BASE_URL = sandbox.env.CERBO_BASE_URL;
  });

  afterAll(async () => {
    delete process.env.CERBO_BASE_URL;
    await sandbox.close();
  });

  test('lists appointment types, then reads a patient the practice has', async () => {
    const { subdomain, username, password } = cerboHandle(sandbox.services).credentials;
    const bundle = (inputData: Record<string, unknown>) => bundleOf(inputData, { authData: { subdomain, username, password } } as never);
    const types = await appTester<{ status: number; headers: Record<string, string>; data: { data: Array<{ name: string }> } }>(
      perform,
      bundle({ path: '/appointment_types' }),
    );
    expect(types.status).toBe(200);
    expect(Object.keys(types.headers)).toEqual(['content-type']);
    expect(types.data.data.length).toBeGreaterThan(0);

    const list = await appTester<{ data: { data: Array<{ id: string }> } }>(perform, bundle({ path: '/patients', query: { limit: '1' } }));
    const [first] = list.data.data;
    const one = await appTester<{ id: string; status: number; data: { id: string } }>(perform, bundle({ path: `/patients/${first.id}` }));
    expect(one).toMatchObject({ id: first.id, status: 200, data: { id: first.id } });
  });
});
