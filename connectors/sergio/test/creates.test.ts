import nock from 'nock';
import { customerSample, jobSample } from '../src/schemas';
import { API, App, LIVE_KEY, failure, run } from './app';

beforeEach(() => {
  delete process.env.SERGIO_BASE_URL;
});

const createJob = App.creates.create_job.operation.perform;
const createCustomer = App.creates.create_customer.operation.perform;
const findCustomer = App.searches.find_customer.operation.perform;

const jobInput = {
  customer_id: 'cus_1',
  service_type: 'exterior_windows',
  scheduled_date: '2026-12-01',
  scheduled_time: '09:30',
  street: '12 Analytical Way',
  city: 'Portland',
  state: 'OR',
  zip: '97201',
};

describe('create_job', () => {
  it('sends POST /zapier/v1/actions/create-job with the address nested and returns the job', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY, 'content-type': 'application/json' } })
      .post('/zapier/v1/actions/create-job', {
        customer_id: 'cus_1',
        service_type: 'exterior_windows',
        scheduled_date: '2026-12-01',
        scheduled_time: '09:30',
        address: { street: '12 Analytical Way', city: 'Portland', state: 'OR', zip: '97201' },
        notes: 'Dog in the yard',
        price_cents: 18500,
      })
      .reply(201, jobSample);
    await expect(run(createJob, { inputData: { ...jobInput, notes: ' Dog in the yard ', price_cents: '18500' } })).resolves.toEqual(jobSample);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['12/01/2026', '9:30 am', '2026-12-01', '09:30'],
    ['2026-12-01T14:00:00-08:00', '2026-12-01T14:00:00-08:00', '2026-12-01', '14:00'],
    ['Dec 1, 2026', '2:05 PM', '2026-12-01', '14:05'],
    ['2026/2/28', '12 am', '2026-02-28', '00:00'],
    ['2028-02-29', '12:30 p.m.', '2028-02-29', '12:30'],
  ])('normalises date %p and time %p to %s %s', async (date, time, sentDate, sentTime) => {
    const scope = nock(API)
      .post('/zapier/v1/actions/create-job', (body) => body.scheduled_date === sentDate && body.scheduled_time === sentTime)
      .reply(201, jobSample);
    await run(createJob, { inputData: { ...jobInput, scheduled_date: date, scheduled_time: time } });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['scheduled_date', '2026-02-30', /^Scheduled Date "2026-02-30" is not a real date/],
    ['scheduled_date', '13/01/2026', /^Scheduled Date "13\/01\/2026" is not a real date/],
    ['scheduled_date', 'next Tuesday', /^Scheduled Date "next Tuesday" is not a real date/],
    ['scheduled_time', '25:00', /^Scheduled Time "25:00" is not a time of day/],
    ['scheduled_time', '13:30 pm', /^Scheduled Time "13:30 pm" is not a time of day/],
    ['scheduled_time', '9:61', /^Scheduled Time "9:61" is not a time of day/],
    ['price_cents', '-5', /^Price \(Cents\) "-5" is not a whole number of cents/],
    ['price_cents', '185.50', /^Price \(Cents\) "185.50" is not a whole number of cents/],
    ['zip', '', /^ZIP Code is required\./],
    ['customer_id', ' ', /^Customer is required: choose one from the list/],
  ])('refuses %s = %p before any request, naming the field', async (field, value, message) => {
    const error = await failure(run(createJob, { inputData: { ...jobInput, [field]: value } }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 400 });
    expect(error.message).toMatch(message);
  });

  it('shows the API\'s 422 naming the field', async () => {
    nock(API)
      .post('/zapier/v1/actions/create-job')
      .reply(422, { error: { code: 'validation_error', message: 'customer_id does not match any customer (cus_x)', details: { field: 'customer_id' } } });
    const error = await failure(run(createJob, { inputData: { ...jobInput, customer_id: 'cus_x' } }));
    expect(error).toMatchObject({ code: 'validation_error', status: 422, message: 'Sergio: customer_id does not match any customer (cus_x)' });
  });

  it('turns a 429 into ThrottledError with the delay from Retry-After', async () => {
    nock(API).post('/zapier/v1/actions/create-job').reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '31' });
    expect(await failure(run(createJob, { inputData: jobInput }))).toMatchObject({ name: 'ThrottledError', delay: 31 });
  });
});

describe('create_customer', () => {
  it('sends POST /zapier/v1/actions/create-customer with only what was filled in', async () => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .post('/zapier/v1/actions/create-customer', { name: 'Ada Lovelace', email: 'ada@example.com' })
      .reply(201, { ...customerSample, address: null });
    await run(createCustomer, { inputData: { name: ' Ada Lovelace ', email: 'ada@example.com' } });
    expect(scope.isDone()).toBe(true);
  });

  it('sends a full address nested, and refuses a partial one naming the missing field', async () => {
    const scope = nock(API)
      .post('/zapier/v1/actions/create-customer', { name: 'Ada', address: { street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' } })
      .reply(201, customerSample);
    await run(createCustomer, { inputData: { name: 'Ada', street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' } });
    expect(scope.isDone()).toBe(true);
    const error = await failure(run(createCustomer, { inputData: { name: 'Ada', street: '1 Main St', zip: '97201' } }));
    expect(error.message).toBe('City is required when any address field is filled in.');
  });

  it('refuses a malformed email before any request', async () => {
    const error = await failure(run(createCustomer, { inputData: { name: 'Ada', email: 'ada-at-example' } }));
    expect(error).toMatchObject({ code: 'invalid_input', message: 'Email "ada-at-example" is not an email address.' });
  });

  const duplicate = () =>
    nock(API)
      .post('/zapier/v1/actions/create-customer')
      .reply(409, {
        error: {
          code: 'duplicate_customer',
          message: 'A customer with the email ada@example.com already exists',
          details: { field: 'email', customer: { id: 'cus_3b9e', name: 'Ada Lovelace', email: 'ada@example.com', phone: null } },
        },
      });
  const holder = (change: Record<string, unknown>) => ({
    id: 'cus_3b9e',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+14155550101',
    address: null,
    created_at: new Date(Date.now() - 90_000).toISOString(),
    ...change,
  });
  const lookup = (found: unknown[]) =>
    nock(API).get('/zapier/v1/searches/find-customer').query({ email: 'ada@example.com' }).reply(200, found);

  it('explains a duplicate email (409) naming the existing customer from the error details', async () => {
    duplicate();
    const looked = lookup([holder({})]);
    const error = await failure(run(createCustomer, { inputData: { name: 'Ada L.', email: 'ada@example.com' } }));
    expect(error).toMatchObject({ code: 'duplicate_customer', status: 409 });
    expect(error.message).toBe(
      'Sergio already has a customer with the email ada@example.com: Ada Lovelace (ID cus_3b9e). ' +
        'Use Find Customer, or Find or Create Customer, to work with that customer instead.',
    );
    expect(looked.isDone()).toBe(true);
  });

  it('returns the customer an earlier run of the step made when the retry meets its email (409)', async () => {
    duplicate();
    const made = holder({});
    lookup([made]);
    await expect(run(createCustomer, { inputData: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '(415) 555-0101' } })).resolves.toEqual(made);
  });

  it('does not take a same-named customer made days ago, or one with another phone, for this run\'s', async () => {
    duplicate();
    lookup([holder({ created_at: '2026-01-05T10:00:00Z' })]);
    await expect(failure(run(createCustomer, { inputData: { name: 'Ada Lovelace', email: 'ada@example.com' } }))).resolves.toMatchObject({
      code: 'duplicate_customer',
    });
    duplicate();
    lookup([holder({})]);
    await expect(
      failure(run(createCustomer, { inputData: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 415 555 0199' } })),
    ).resolves.toMatchObject({ code: 'duplicate_customer' });
  });

  it('maps other errors as usual (a 5xx keeps the API\'s message)', async () => {
    nock(API).post('/zapier/v1/actions/create-customer').reply(503, { error: { code: 'service_unavailable', message: 'Down for maintenance' } });
    expect(await failure(run(createCustomer, { inputData: { name: 'Ada' } }))).toMatchObject({
      code: 'service_unavailable',
      status: 503,
      message: 'Sergio: Down for maintenance',
    });
  });
});

describe('find_customer', () => {
  it.each([
    [{ email: 'ada@example.com' }, { email: 'ada@example.com' }],
    [{ phone: '+1 415 555 0101' }, { phone: '+1 415 555 0101' }],
    [{ name: 'Lovelace', email: '' }, { name: 'Lovelace' }],
  ])('searches GET /zapier/v1/searches/find-customer with %p', async (inputData, query) => {
    const scope = nock(API, { reqheaders: { 'x-api-key': LIVE_KEY } })
      .get('/zapier/v1/searches/find-customer')
      .query(query)
      .reply(200, [customerSample]);
    await expect(run(findCustomer, { inputData })).resolves.toEqual([customerSample]);
    expect(scope.isDone()).toBe(true);
  });

  it('returns [] when nobody matches', async () => {
    nock(API).get('/zapier/v1/searches/find-customer').query({ email: 'nobody@example.com' }).reply(200, []);
    await expect(run(findCustomer, { inputData: { email: 'nobody@example.com' } })).resolves.toEqual([]);
  });

  it('asks for something to search by before any request', async () => {
    expect(await failure(run(findCustomer, { inputData: { email: ' ' } }))).toMatchObject({
      code: 'invalid_input',
      message: 'Fill in Email, Phone or Name to search by.',
    });
  });

  it('turns a 429 into ThrottledError with the delay from Retry-After', async () => {
    nock(API).get('/zapier/v1/searches/find-customer').query(true).reply(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '3' });
    expect(await failure(run(findCustomer, { inputData: { name: 'Ada' } }))).toMatchObject({ name: 'ThrottledError', delay: 3 });
  });
});
