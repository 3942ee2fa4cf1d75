import nock from 'nock';
import { locationField } from '../src/fields';
import { appointmentSample, contactSample, executionSample, opportunitySample } from '../src/schemas';
import { App, clearCache, run } from './app';
import { agencyAuth, api, customFieldsApi, failure, locationAuth, resetEnv, tripwire } from './helpers';

beforeEach(clearCache);

const creates = App.creates;
const queued = { ...executionSample, status: 'queued', startedAt: null, finishedAt: null };

describe('Location field', () => {
  it('appears only on Agency connections', async () => {
    await expect(run(locationField, { authData: locationAuth })).resolves.toEqual([]);
    await expect(run(locationField, { authData: agencyAuth })).resolves.toEqual([
      expect.objectContaining({ key: 'locationId', required: true, dynamic: 'locations.id.name' }),
    ]);
  });
});

describe('Create Contact', () => {
  beforeEach(resetEnv);
  const perform = creates.create_contact.operation.perform;

  it('sends only the filled-in fields, tags as a list and custom fields as {id, value}', async () => {
    const scope = api()
      .post('/v2/contacts', {
        firstName: 'Maya',
        lastName: 'Lopez',
        email: 'maya.lopez@example.com',
        phone: '+13125550101',
        country: 'US',
        tags: ['vip', 'newsletter'],
        customFields: [{ id: 'cf_referral_source', value: 'Instagram' }],
      })
      .matchHeader('content-type', 'application/json')
      .reply(201, contactSample);
    const result = await run(perform, {
      authData: locationAuth,
      inputData: {
        firstName: ' Maya ',
        lastName: 'Lopez',
        email: 'maya.lopez@example.com',
        phone: '+13125550101',
        country: 'us',
        tags: ['vip', 'newsletter', 'vip'],
        customFields: { cf_referral_source: 'Instagram' },
        companyName: '',
      },
    });
    expect(result).toEqual(contactSample);
    expect(scope.isDone()).toBe(true);
  });

  it('sends the chosen Location in the body on an Agency connection', async () => {
    const scope = api().post('/v2/contacts', { email: 'a@example.com', locationId: 'loc_lakeside' }).reply(201, contactSample);
    await run(perform, { authData: agencyAuth, inputData: { email: 'a@example.com', locationId: 'loc_lakeside' } });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{}, /at least one of Email, Phone, First Name or Last Name/],
    [{ email: 'not-an-email' }, /Email "not-an-email" is not a valid email address/],
    [{ phone: '12' }, /Phone must be a phone number/],
    [{ firstName: 'A', country: 'USA' }, /Country must be a two-letter ISO code/],
  ])('refuses %j before any request', async (inputData, message) => {
    const wire = tripwire();
    const error = await failure(run(perform, { authData: locationAuth, inputData }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(wire.sent()).toBe(false);
  });

  const duplicate = (contactId = 'ct_existing') =>
    api()
      .post('/v2/contacts')
      .reply(409, {
        error: { code: 'duplicate_contact', message: 'A contact with this email already exists', details: { contactId } },
      });
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const maya = { email: 'maya.lopez@example.com', firstName: 'Maya', lastName: 'Lopez', phone: '+1 312 555 0101' };

  it('names the existing contact on a duplicate email (409) when it is not one this step just made', async () => {
    duplicate();
    // The contact holding the email was made a week ago: somebody else's, not a retry's.
    api().get('/v2/contacts/ct_existing').reply(200, { ...contactSample, ...maya, id: 'ct_existing', createdAt: ago(7 * 86_400_000) });
    const error = await failure(run(perform, { authData: locationAuth, inputData: maya }));
    expect(error).toMatchObject({ code: 'duplicate_contact', status: 409 });
    expect(error.message).toMatch(/already exists in Serebro AI \(contact ID ct_existing\)/);
  });

  it('returns the contact an earlier run of the step made when the retry meets its email (409)', async () => {
    duplicate('ct_made');
    const made = { ...contactSample, ...maya, phone: '+13125550101', id: 'ct_made', createdAt: ago(60_000) };
    api().get('/v2/contacts/ct_made').reply(200, made);
    await expect(run(perform, { authData: locationAuth, inputData: maya })).resolves.toEqual(made);
  });

  it('refuses a recent contact with the same email but another name: a different person, not a retry', async () => {
    duplicate();
    api().get('/v2/contacts/ct_existing').reply(200, { ...contactSample, ...maya, firstName: 'Marta', id: 'ct_existing', createdAt: ago(60_000) });
    const error = await failure(run(perform, { authData: locationAuth, inputData: maya }));
    expect(error).toMatchObject({ code: 'duplicate_contact', status: 409 });
  });

  it('still names the contact when it is gone by the time it is read (deleted in between)', async () => {
    duplicate();
    api().get('/v2/contacts/ct_existing').reply(404, { error: { code: 'not_found', message: 'Contact not found' } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: maya }));
    expect(error).toMatchObject({ code: 'duplicate_contact', status: 409 });
  });

  it('does not follow a contact ID from the 409 that is not an ID', async () => {
    duplicate('../admin');
    const error = await failure(run(perform, { authData: locationAuth, inputData: maya }));
    expect(error).toMatchObject({ code: 'duplicate_contact', status: 409 });
  });

  it('shows a 422 naming the field', async () => {
    api()
      .post('/v2/contacts')
      .reply(422, { error: { code: 'validation_error', message: 'postalCode must be at most 20 characters', details: { field: 'postalCode' } } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com', postalCode: 'x'.repeat(30) } }));
    expect(error).toMatchObject({ code: 'validation_error', status: 422, message: 'Serebro AI: postalCode must be at most 20 characters' });
  });

  it('says which permission is missing on a 403 insufficient_scope', async () => {
    api()
      .post('/v2/contacts')
      .reply(403, {
        error: { code: 'insufficient_scope', message: 'This connection was not granted the contacts:write scope', details: { requiredScope: 'contacts:write' } },
      });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }));
    expect(error).toMatchObject({ code: 'insufficient_scope', status: 403 });
    expect(error.message).toMatch(/POST \/v2\/contacts: this connection was not granted the "contacts:write" permission/);
  });

  it('explains an HTML 502 from a proxy', async () => {
    nock('https://api.serebro.ai').post('/v2/contacts').reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
      'content-type': 'text/html',
    });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }));
    expect(error).toMatchObject({ code: 'http_502', status: 502 });
    expect(error.message).toMatch(/is having trouble \(HTTP 502\) and answered with a page that is not its API's JSON/);
  });

  it('throttles for the burst interval on a 429 without Retry-After', async () => {
    nock('https://api.serebro.ai')
      .post('/v2/contacts')
      .reply(429, { error: { code: 'rate_limited', message: 'More than 100 requests in 10 seconds' } }, {
        'X-RateLimit-Limit-Daily': '200000',
        'X-RateLimit-Daily-Remaining': '150000',
        'X-RateLimit-Interval-Milliseconds': '10000',
        'X-RateLimit-Max': '100',
        'X-RateLimit-Remaining': '0',
      });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 10 });
  });

  it('throttles until midnight UTC when the daily allowance is used up', async () => {
    nock('https://api.serebro.ai')
      .post('/v2/contacts')
      .reply(429, { error: { code: 'rate_limited', message: 'Daily limit' } }, {
        'X-RateLimit-Daily-Remaining': '0',
        'X-RateLimit-Interval-Milliseconds': '10000',
        'X-RateLimit-Remaining': '40',
      });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }));
    const now = new Date();
    const untilMidnight = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
    expect(error.name).toBe('ThrottledError');
    // Zapier holds the run; the kit asks it back within the hour and says how long the API refuses.
    expect(error.delay).toBe(untilMidnight > 3600 ? 3600 : Math.ceil(untilMidnight));
    if (untilMidnight > 3600) expect(error.message).toMatch(/for the next \d+ h \d+ min\. Zapier will try again in 60 minutes\./);
  });

  it('asks Zapier to refresh the token on a 401', async () => {
    nock('https://api.serebro.ai').post('/v2/contacts').reply(401, { error: { code: 'invalid_token', message: 'The access token has expired' } });
    expect((await failure(run(perform, { authData: locationAuth, inputData: { email: 'a@example.com' } }))).name).toBe('RefreshAuthError');
  });
});

describe('Update Contact', () => {
  beforeEach(resetEnv);
  const perform = creates.update_contact.operation.perform;

  it('PATCHes only the changed fields of the contact', async () => {
    const scope = api().patch('/v2/contacts/ct_1', { tags: ['vip'], city: 'Evanston' }).reply(200, contactSample);
    await expect(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_1', tags: 'vip', city: 'Evanston' } })).resolves.toEqual(
      contactSample,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('encodes the contact id into the path', async () => {
    const scope = api().patch('/v2/contacts/ct%2F..%2Fadmin', { city: 'X' }).reply(200, contactSample);
    await run(perform, { authData: locationAuth, inputData: { contactId: 'ct/../admin', city: 'X' } });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses an update with nothing to change, and a missing contact, before any request', async () => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_1' } }))).message).toMatch(
      /at least one field to change/,
    );
    expect((await failure(run(perform, { authData: locationAuth, inputData: { city: 'X' } }))).message).toMatch(/Contact is required/);
    expect(wire.sent()).toBe(false);
  });

  it('maps a 404 to a clear error', async () => {
    api().patch('/v2/contacts/ct_gone').reply(404, { error: { code: 'not_found', message: 'Contact ct_gone was not found' } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { contactId: 'ct_gone', city: 'X' } }));
    expect(error).toMatchObject({ code: 'not_found', status: 404, message: 'Serebro AI: Contact ct_gone was not found' });
  });
});

describe('Execute Workflow', () => {
  beforeEach(resetEnv);
  const perform = creates.execute_workflow.operation.perform;

  it('starts the workflow for the contact with the extra data and returns the queued run', async () => {
    const scope = api()
      .post('/v2/workflows/wf_1/execute', { contactId: 'ct_1', data: { source: 'zapier', plan: 'gold' } })
      .reply(202, queued);
    await expect(
      run(perform, { authData: locationAuth, inputData: { workflowId: 'wf_1', contactId: 'ct_1', data: { source: 'zapier', plan: 'gold' } } }),
    ).resolves.toEqual(queued);
    expect(scope.isDone()).toBe(true);
  });

  it('starts a workflow without a contact with an empty body, and sends the Agency Location', async () => {
    const scope = api().post('/v2/workflows/wf_1/execute', { locationId: 'loc_lakeside' }).reply(202, queued);
    await run(perform, { authData: agencyAuth, inputData: { workflowId: 'wf_1', locationId: 'loc_lakeside' } });
    expect(scope.isDone()).toBe(true);
  });

  it('shows why a draft workflow cannot run (422 workflow_not_published)', async () => {
    api()
      .post('/v2/workflows/wf_draft/execute')
      .reply(422, { error: { code: 'workflow_not_published', message: 'Workflow "Win-back" is a draft: publish it before running it' } });
    const error = await failure(run(perform, { authData: locationAuth, inputData: { workflowId: 'wf_draft' } }));
    expect(error).toMatchObject({ code: 'workflow_not_published', message: 'Serebro AI: Workflow "Win-back" is a draft: publish it before running it' });
  });

  it('says which permission is missing when workflows:write was not granted', async () => {
    api()
      .post('/v2/workflows/wf_1/execute')
      .reply(403, { error: { code: 'insufficient_scope', message: 'no', details: { requiredScope: 'workflows:write' } } });
    expect((await failure(run(perform, { authData: locationAuth, inputData: { workflowId: 'wf_1' } }))).message).toMatch(
      /"workflows:write" permission/,
    );
  });

  it('needs a workflow', async () => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData: {} }))).message).toMatch(/Workflow is required/);
    expect(wire.sent()).toBe(false);
  });
});

describe('Create Appointment', () => {
  beforeEach(resetEnv);
  const perform = creates.create_appointment.operation.perform;
  const inputData = {
    contactId: 'ct_1',
    serviceId: 'svc_1',
    staffId: 'stf_1',
    startTime: '2026-12-01T09:00:00-06:00',
    endTime: '2026-12-01T09:45:00-06:00',
    notes: 'First visit',
  };

  it('books the slot with times in UTC', async () => {
    const scope = api()
      .post('/v2/appointments', {
        contactId: 'ct_1',
        serviceId: 'svc_1',
        staffId: 'stf_1',
        startTime: '2026-12-01T15:00:00Z',
        endTime: '2026-12-01T15:45:00Z',
        notes: 'First visit',
      })
      .reply(201, appointmentSample);
    await expect(run(perform, { authData: locationAuth, inputData })).resolves.toEqual(appointmentSample);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ endTime: '2026-12-01T09:00:00-06:00' }, /End Time \(2026-12-01T15:00:00Z\) must be after Start Time/],
    [{ endTime: '2026-12-01T08:00:00-06:00' }, /must be after Start Time/],
    [{ startTime: 'next tuesday-ish' }, /Start Time must be a date and time/],
    [{ staffId: '' }, /Staff Member is required/],
  ])('refuses %j before any request', async (change, message) => {
    const wire = tripwire();
    const error = await failure(run(perform, { authData: locationAuth, inputData: { ...inputData, ...change } }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(wire.sent()).toBe(false);
  });

  const taken = () =>
    api().post('/v2/appointments').reply(409, { error: { code: 'slot_unavailable', message: 'The staff member is already booked at that time' } });
  const booked = (change: Record<string, unknown>) => ({
    ...appointmentSample,
    contactId: 'ct_1',
    serviceId: 'svc_1',
    staffId: 'stf_1',
    startTime: '2026-12-01T15:00:00Z',
    endTime: '2026-12-01T15:45:00Z',
    createdAt: new Date(Date.now() - 120_000).toISOString(),
    ...change,
  });
  const slotLookup = (found: unknown[]) =>
    api()
      .get('/v2/appointments')
      .query({ staffId: 'stf_1', status: 'booked', startAfter: '2026-12-01T14:59:59.000Z', startBefore: '2026-12-01T15:00:01.000Z', limit: '100' })
      .reply(200, { data: found, meta: { nextCursor: null } });

  it('explains a taken slot (409 slot_unavailable) held by another booking', async () => {
    taken();
    const lookup = slotLookup([booked({ id: 'apt_other', contactId: 'ct_someone_else' })]);
    const error = await failure(run(perform, { authData: locationAuth, inputData }));
    expect(error).toMatchObject({ code: 'slot_unavailable', status: 409 });
    expect(error.message).toMatch(/already booked for this staff member/);
    expect(lookup.isDone()).toBe(true);
  });

  it('returns the booking an earlier run of the step made when the retry finds its own slot taken', async () => {
    taken();
    const mine = booked({ id: 'apt_mine' });
    slotLookup([booked({ id: 'apt_other', serviceId: 'svc_2' }), mine]);
    await expect(run(perform, { authData: locationAuth, inputData })).resolves.toEqual(mine);
  });

  it('does not take an identical booking made days ago for this run\'s', async () => {
    taken();
    slotLookup([booked({ id: 'apt_old', createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString() })]);
    await expect(failure(run(perform, { authData: locationAuth, inputData }))).resolves.toMatchObject({ code: 'slot_unavailable' });
  });
});

describe('Cancel Appointment', () => {
  beforeEach(resetEnv);

  it('DELETEs the appointment (with the Agency Location in the query) and returns it canceled', async () => {
    const canceled = { ...appointmentSample, status: 'canceled' };
    const scope = api().delete('/v2/appointments/apt_1').query({ locationId: 'loc_lakeside' }).reply(200, canceled);
    await expect(
      run(creates.cancel_appointment.operation.perform, { authData: agencyAuth, inputData: { appointmentId: 'apt_1', locationId: 'loc_lakeside' } }),
    ).resolves.toEqual(canceled);
    expect(scope.isDone()).toBe(true);
  });

  it('returns the appointment as it is when it was canceled already (a retried step, or canceled by hand)', async () => {
    const canceled = { ...appointmentSample, id: 'apt_1', status: 'canceled' };
    api().delete('/v2/appointments/apt_1').reply(409, { error: { code: 'already_canceled', message: 'Appointment apt_1 is already canceled' } });
    api().get('/v2/appointments/apt_1').reply(200, canceled);
    await expect(run(creates.cancel_appointment.operation.perform, { authData: locationAuth, inputData: { appointmentId: 'apt_1' } })).resolves.toEqual(
      canceled,
    );
  });

  it('still reports an appointment that does not exist', async () => {
    api().delete('/v2/appointments/apt_gone').reply(404, { error: { code: 'not_found', message: 'Appointment not found' } });
    const error = await failure(run(creates.cancel_appointment.operation.perform, { authData: locationAuth, inputData: { appointmentId: 'apt_gone' } }));
    expect(error).toMatchObject({ status: 404, message: 'Serebro AI: Appointment not found' });
  });
});

describe('Create Opportunity', () => {
  beforeEach(resetEnv);
  const perform = creates.create_opportunity.operation.perform;
  const inputData = { name: 'Annual Membership', pipelineId: 'pl_1', stageId: 'stg_1', contactId: 'ct_1', monetaryValue: '1200' };

  it('creates an open opportunity in the stage', async () => {
    const scope = api()
      .post('/v2/opportunities', { name: 'Annual Membership', pipelineId: 'pl_1', stageId: 'stg_1', contactId: 'ct_1', status: 'open', monetaryValue: 1200 })
      .reply(201, opportunitySample);
    await expect(run(perform, { authData: locationAuth, inputData })).resolves.toEqual(opportunitySample);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ monetaryValue: '-5' }, /Value must be a number of at least 0/],
    [{ monetaryValue: 'lots' }, /Value must be a number/],
    [{ stageId: undefined }, /Stage is required/],
  ])('refuses %j before any request', async (change, message) => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData: { ...inputData, ...change } }))).message).toMatch(message);
    expect(wire.sent()).toBe(false);
  });
});

describe('Update Opportunity', () => {
  beforeEach(resetEnv);
  const perform = creates.update_opportunity.operation.perform;

  it('moves the stage, changes the value and closes it, without sending the pipeline', async () => {
    const won = { ...opportunitySample, status: 'won' };
    const scope = api().patch('/v2/opportunities/opp_1', { stageId: 'stg_2', monetaryValue: 1500, status: 'won' }).reply(200, won);
    await expect(
      run(perform, {
        authData: locationAuth,
        inputData: { opportunityId: 'opp_1', pipelineId: 'pl_1', stageId: 'stg_2', monetaryValue: 1500, status: 'Won' },
      }),
    ).resolves.toEqual(won);
    expect(scope.isDone()).toBe(true);
  });

  it('refuses an unknown status and an empty update before any request', async () => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData: { opportunityId: 'opp_1', status: 'maybe' } }))).message).toMatch(
      /Status must be one of Open, Won, Lost or Abandoned/,
    );
    expect((await failure(run(perform, { authData: locationAuth, inputData: { opportunityId: 'opp_1' } }))).message).toMatch(
      /at least one of Stage, Value, Status or a custom field/,
    );
    expect(wire.sent()).toBe(false);
  });

  it('shows a stage of another pipeline as the 422 naming stageId', async () => {
    api()
      .patch('/v2/opportunities/opp_1')
      .reply(422, { error: { code: 'validation_error', message: 'stageId is not a stage of pipeline New Patient Pipeline', details: { field: 'stageId' } } });
    expect((await failure(run(perform, { authData: locationAuth, inputData: { opportunityId: 'opp_1', stageId: 'stg_x' } }))).message).toBe(
      'Serebro AI: stageId is not a stage of pipeline New Patient Pipeline',
    );
  });
});

describe('Find Contact', () => {
  beforeEach(resetEnv);
  const perform = App.searches.find_contact.operation.perform;

  it('searches by email, phone and name', async () => {
    const scope = api()
      .get('/v2/contacts')
      .query({ email: 'maya.lopez@example.com', phone: '+13125550101', name: 'Maya', limit: '10' })
      .reply(200, { data: [contactSample], meta: { nextCursor: null } });
    const definitions = customFieldsApi('contact');
    await expect(
      run(perform, { authData: locationAuth, inputData: { email: 'maya.lopez@example.com', phone: '+13125550101', name: 'Maya' } }),
    ).resolves.toEqual([{ ...contactSample, customFieldValues: { referral_source: 'Instagram' } }]);
    expect(scope.isDone()).toBe(true);
    expect(definitions.isDone()).toBe(true);
  });

  it('returns [] when nothing matches', async () => {
    api()
      .get('/v2/contacts')
      .query({ email: 'nobody@example.com', limit: '10' })
      .reply(200, { data: [], meta: { nextCursor: null } });
    await expect(run(perform, { authData: locationAuth, inputData: { email: 'nobody@example.com' } })).resolves.toEqual([]);
  });

  it('turns a dropped connection into a clear error that does not quote the searched email', async () => {
    nock('https://api.serebro.ai')
      .get('/v2/contacts')
      .query(true)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await failure(run(perform, { authData: locationAuth, inputData: { email: 'private.person@example.com' } }));
    expect(error).toMatchObject({ code: 'network_error', status: 503 });
    expect(error.message).toBe('Serebro AI could not be reached: the connection failed (ECONNRESET). Try again in a few minutes.');
  });

  it('needs something to search by', async () => {
    const wire = tripwire();
    expect((await failure(run(perform, { authData: locationAuth, inputData: { email: '  ' } }))).message).toMatch(/Fill in Email, Phone or Name/);
    expect(wire.sent()).toBe(false);
  });

  it('is paired with Create Contact for search-or-create', () => {
    expect(App.searchOrCreates?.find_contact).toMatchObject({ search: 'find_contact', create: 'create_contact' });
  });
});
