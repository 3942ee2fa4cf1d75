/**
 * The connector end to end against the sandbox twin, no nock: connect, create a patient, see it first
 * in New Patient, book it an appointment with a provider and a type from the dropdowns, see that in
 * New Appointment, find the patient; then the failures a user can meet (restricted permission
 * profile, wrong secret, unknown practice, rate limit) as the connector shows them.
 */
import type { Bundle } from 'zapier-platform-core';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { cerboHandle, type CerboHandle } from '../../../sandbox/cerbo';
import { offsetAt, wallClock } from '../../../sandbox/cerbo/store';
import { App, appTester, failure } from './app';

const ZONE = 'America/New_York';

describe('Cerbo connector against the sandbox', () => {
  let sandbox: Sandbox;
  let cerbo: CerboHandle;

  beforeAll(async () => {
    sandbox = await startSandbox();
    cerbo = cerboHandle(sandbox.services);
    process.env.CERBO_BASE_URL = sandbox.env.CERBO_BASE_URL;
  });

  afterAll(async () => {
    delete process.env.CERBO_BASE_URL;
    await sandbox.close();
  });

  const bundle = (inputData: Record<string, unknown> = {}, authData?: Record<string, string>, page = 0): Bundle =>
    ({
      authData: authData ?? { subdomain: cerbo.credentials.subdomain, username: cerbo.credentials.username, password: cerbo.credentials.password },
      inputData,
      meta: { timezone: ZONE, page },
    }) as unknown as Bundle;

  const newPatient = {
    first_name: 'Imogen',
    last_name: 'Thackeray',
    dob: '7 March 1980',
    sex: 'unknown',
    email1: 'imogen.thackeray@example.net',
    phone_mobile: '+15555550199',
    address1: '4 Larch Lane',
    city: 'Albany',
    state: 'NY',
    zip: '12207',
  };

  test('connect → create a patient → New Patient → book with dropdown values → New Appointment → Find Patient', async () => {
    // Connect, pasting the practice's address as users do.
    const connect = bundle({}, { ...bundle().authData, subdomain: 'https://demo.md-hq.com/ehr' } as Record<string, string>);
    const tested = (await appTester(App.authentication.test, connect)) as { data: unknown[]; total: number };
    expect(tested.data).toHaveLength(1);
    expect(await appTester(App.authentication.connectionLabel, connect)).toBe(`demo (${cerbo.credentials.username})`);

    // Create a patient.
    const created = (await appTester(App.creates.create_patient.operation.perform, bundle(newPatient))) as Record<string, string>;
    expect(created).toMatchObject({ first_name: 'Imogen', last_name: 'Thackeray', dob: '1980-03-07', sex: '?', zip: '12207' });

    // New Patient returns it first.
    const polled = (await appTester(App.triggers.new_patient.operation.perform, bundle())) as Array<{ id: string }>;
    expect(polled[0].id).toBe(created.id);
    expect(polled.length).toBeGreaterThan(1);

    // The dropdowns: providers (only active providers), appointment types, patients labelled "Last, First (DOB)".
    const providers = (await appTester(App.triggers.providers.operation.perform, bundle())) as Array<{ id: string; name: string }>;
    expect(providers.map((p) => p.name)).toEqual(['Ana Lopez', 'Ben Okafor']);
    const types = (await appTester(App.triggers.appointment_types.operation.perform, bundle())) as Array<{ name: string }>;
    const followUp = types.find((t) => t.name === 'Follow-up');
    expect(followUp).toBeDefined();
    const choices = (await appTester(App.triggers.patients.operation.perform, bundle())) as Array<{ id: string; name: string }>;
    expect(choices.find((c) => c.id === created.id)?.name).toBe('Thackeray, Imogen (1980-03-07)');
    expect(await appTester(App.triggers.patients.operation.perform, bundle({}, undefined, 1))).toEqual([]);

    // Book for tomorrow 10:00–10:30 in the Zap's time zone, start given as an instant with its offset.
    const day = wallClock(Date.now() + 86_400_000, ZONE).slice(0, 10);
    const start = `${day}T10:00:00${offsetAt(`${day} 10:00`, ZONE)}`;
    const booked = (await appTester(
      App.creates.create_appointment.operation.perform,
      bundle({
        provider_ids: [providers[1].id],
        pt_id: choices.find((c) => c.id === created.id)!.id,
        appointment_type: followUp!.name,
        start_date_time: start,
        end_date_time: `${day} 10:30`,
        title: 'First follow-up',
        appointment_note: 'Fasting bloods',
      }),
    )) as { id: string; start_date_time: string; end_date_time: string; associated_providers: Array<{ id: string }>; patient_details: { id: string } };
    expect(booked.start_date_time).toBe(start);
    expect(booked.end_date_time.startsWith(`${day}T10:30:00`)).toBe(true);
    expect(booked.associated_providers.map((p) => p.id)).toEqual([providers[1].id]);
    expect(booked.patient_details).toMatchObject({ id: created.id, first_name: 'Imogen', last_name: 'Thackeray' });

    // New Appointment returns it first; filtered by the other provider it is absent.
    const appointments = (await appTester(App.triggers.new_appointment.operation.perform, bundle())) as Array<{ id: string }>;
    expect(appointments[0].id).toBe(booked.id);
    const otherProvider = (await appTester(App.triggers.new_appointment.operation.perform, bundle({ provider_id: providers[0].id }))) as Array<{ id: string }>;
    expect(otherProvider.map((a) => a.id)).not.toContain(booked.id);
    expect(otherProvider.length).toBeGreaterThan(0);

    // Find Patient by name (with a wildcard), by email, by date of birth in another form; [] when none.
    const find = (input: Record<string, unknown>) =>
      appTester(App.searches.find_patient.operation.perform, bundle(input)) as Promise<Array<{ id: string }>>;
    expect((await find({ first_name: 'imo%', last_name: 'Thackeray' })).map((p) => p.id)).toEqual([created.id]);
    expect((await find({ email: 'imogen.thackeray@example.net' })).map((p) => p.id)).toEqual([created.id]);
    expect((await find({ dob: '03/07/1980' })).map((p) => p.id)).toEqual([created.id]);
    expect(await find({ last_name: 'Nobody-By-This-Name' })).toEqual([]);

    // Update Patient changes only what is filled in.
    const updated = (await appTester(App.creates.update_patient.operation.perform, bundle({ pt_id: created.id, city: 'Troy' }))) as Record<string, string>;
    expect(updated).toMatchObject({ id: created.id, city: 'Troy', zip: '12207', dob: '1980-03-07' });
  });

  test('a Scheduling-only API user connects and books, but creating a patient names its permission profile and the endpoint', async () => {
    const restricted = { subdomain: 'demo', ...cerbo.credentials.restricted };
    await expect(appTester(App.authentication.test, bundle({}, restricted))).resolves.toBeDefined();
    // Another patient than the one created above: that one would be found (made minutes ago) and returned.
    const unseen = { ...newPatient, first_name: 'Octavia', last_name: 'Pembridge' };
    const refused = await failure(appTester(App.creates.create_patient.operation.perform, bundle(unseen, restricted)));
    expect(refused).toMatchObject({ code: 'permission_denied', status: 403 });
    expect(refused.message).toMatch(/^Cerbo refused POST \/api\/v1\/patients \(HTTP 403\): the permission profile of this API user/);
    expect(refused.message).toContain('API User Management');
    for (const value of Object.values(unseen)) expect(refused.message).not.toContain(value);
  });

  test('a wrong secret key disconnects (ExpiredAuthError); another practice\'s key too', async () => {
    const wrong = { ...bundle().authData, password: 'sk_not_the_secret' } as Record<string, string>;
    expect((await failure(appTester(App.authentication.test, bundle({}, wrong)))).name).toBe('ExpiredAuthError');
    const elsewhere = { ...bundle().authData, subdomain: 'northside-clinic' } as Record<string, string>;
    expect((await failure(appTester(App.triggers.new_patient.operation.perform, bundle({}, elsewhere)))).name).toBe('ExpiredAuthError');
  });

  test('an unknown practice says to check the subdomain', async () => {
    const unknown = { ...bundle().authData, subdomain: 'no-such-practice' } as Record<string, string>;
    const refused = await failure(appTester(App.authentication.test, bundle({}, unknown)));
    expect(refused.message).toMatch(/no practice at this subdomain/);
  });

  test('the sandbox refuses what Cerbo would, and the connector names the field without the value', async () => {
    // A type that does not exist: Cerbo answers 422 naming appointment_type.
    const [patient] = (await appTester(App.triggers.new_patient.operation.perform, bundle())) as Array<{ id: string }>;
    const providers = (await appTester(App.triggers.providers.operation.perform, bundle())) as Array<{ id: string }>;
    const refused = await failure(
      appTester(
        App.creates.create_appointment.operation.perform,
        bundle({
          provider_ids: [providers[0].id],
          pt_id: patient.id,
          appointment_type: 'Acupuncture Zeta',
          start_date_time: '2026-12-24 09:00',
          end_date_time: '2026-12-24 09:30',
        }),
      ),
    );
    expect(refused).toMatchObject({ code: 'validation_error', status: 422 });
    expect(refused.message).toContain('Appointment Type');
    expect(refused.message).not.toContain('Acupuncture');
  });

  test('over 60 requests a minute, the API user is throttled with Retry-After', async () => {
    const { subdomain, readOnly } = cerbo.credentials;
    const response = await fetch(`${sandbox.url}/cerbo/${subdomain}/_admin/exhaust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: readOnly.username }),
    });
    expect(response.status).toBe(204);
    const throttled = await failure(appTester(App.triggers.new_patient.operation.perform, bundle({}, { subdomain, ...readOnly })));
    expect(throttled.name).toBe('ThrottledError');
    expect(throttled.delay).toBeGreaterThanOrEqual(1);
    expect(throttled.delay).toBeLessThanOrEqual(60);
    // Other API users of the practice keep their own allowance.
    await expect(appTester(App.triggers.new_patient.operation.perform, bundle())).resolves.toBeDefined();
  });
});
