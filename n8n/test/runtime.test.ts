/**
 * The n8n runtime with n8n's side faked (`runtime-fakes.ts`): what reaches n8n's request helper for an
 * operation, what the node outputs, and the error n8n is handed for each way a step can fail. The same
 * flows run through n8n's own engine against the sandbox in the in-process tests.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { executeOperation, loadOptionsOf } from '../runtime/execute';
import { service as cerbo } from '../packages/cerbo/nodes/Cerbo/service';
import { service as serebro } from '../packages/serebro/nodes/Serebro/service';
import { service as sergio } from '../packages/sergio/nodes/Sergio/service';
import { fakeNode, json, keptOf, noAnswer, statusError, type FakeNode } from './runtime-fakes';

const SERGIO = { apiKey: 'sk_test_runtime_key_0001', baseUrl: 'http://127.0.0.1:4010/sergio' };
const SERGIO_API = 'http://127.0.0.1:4010/sergio/zapier/v1';
const customer = { id: 'cus_1', name: 'Ada Lovelace', email: 'ada@example.com', phone: null, address: null, created_at: '2026-11-24T18:00:00Z' };

const SEREBRO = {
  clientId: 'client_1',
  clientSecret: 'cs_runtime_client_secret',
  baseUrl: 'http://127.0.0.1:4010/serebro',
  oauthTokenData: { access_token: 'at_runtime_access', refresh_token: 'rt_runtime_refresh', user_type: 'Company', company_id: 'co_1' },
};
const SEREBRO_API = 'http://127.0.0.1:4010/serebro/v2';

const CERBO = { subdomain: 'acme', username: 'pk_runtime', password: 'sk_runtime_secret', baseUrl: 'http://127.0.0.1:4010/cerbo/{subdomain}' };
const CERBO_API = 'http://127.0.0.1:4010/cerbo/acme/api/v1';

function runSergio(setup: Partial<FakeNode> & Pick<FakeNode, 'parameters' | 'answers'>) {
  const node = fakeNode({ credentials: SERGIO, ...setup });
  return { ...node, run: () => executeOperation.call(node.execute, sergio) };
}

/** The error a run ends with. */
async function failure(run: Promise<unknown>): Promise<NodeApiError | NodeOperationError> {
  try {
    await run;
  } catch (error) {
    return error as NodeApiError | NodeOperationError;
  }
  throw new Error('The run did not fail.');
}

describe('requests through n8n\'s helper', () => {
  it('sends a create through httpRequestWithAuthentication with the node\'s credential, following no redirect, and outputs the record paired with its item', async () => {
    const node = runSergio({
      parameters: { operation: 'create_customer', name: 'Ada Lovelace', email: 'ada@example.com', phone: '', street: '' },
      answers: [json(201, customer)],
    });
    expect(await node.run()).toEqual([[{ json: customer, pairedItem: { item: 0 } }]]);
    expect(node.sent).toHaveLength(1);
    const [{ helper, credential, options }] = node.sent;
    expect({ helper, credential }).toEqual({ helper: 'httpRequestWithAuthentication', credential: 'sergioApi' });
    expect(options).toMatchObject({
      url: `${SERGIO_API}/actions/create-customer`,
      method: 'POST',
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      disableFollowRedirect: true,
      sendCredentialsOnCrossOriginRedirect: false,
      json: false,
      encoding: 'text',
    });
    // Empty fields are absent, as Zapier leaves them out; the API key is n8n's credential to add, not ours.
    expect(JSON.parse(String(options.body))).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(options.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
  });

  it('hands a search its inputs as query parameters and outputs every record found, or as many as Limit says', async () => {
    const found = [customer, { ...customer, id: 'cus_2' }, { ...customer, id: 'cus_3' }];
    const all = runSergio({ parameters: { operation: 'find_customer', name: 'Ada' }, answers: [json(200, found)] });
    expect((await all.run())[0].map((item) => item.json.id)).toEqual(['cus_1', 'cus_2', 'cus_3']);
    expect(all.sent[0].options).toMatchObject({ url: `${SERGIO_API}/searches/find-customer`, method: 'GET', qs: { name: 'Ada' } });

    const limited = runSergio({ parameters: { operation: 'find_customer', name: 'Ada', returnAll: false, limit: 2 }, answers: [json(200, found)] });
    expect((await limited.run())[0].map((item) => item.json.id)).toEqual(['cus_1', 'cus_2']);

    const none = runSergio({ parameters: { operation: 'find_customer', email: 'nobody@example.com' }, answers: [json(200, [])] });
    expect(await none.run()).toEqual([[]]);
  });

  it('hands numbers, lists and pairs over as Zapier would, and reads each item\'s own parameters', async () => {
    const job = { id: 'job_1', customer_id: 'cus_1', service_type: 'exterior_windows', status: 'scheduled', scheduled_date: '2026-12-01', scheduled_time: '09:30', address: { street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' }, notes: null, price_cents: 18500, created_at: '2026-11-24T18:00:00Z', updated_at: '2026-11-24T18:00:00Z' };
    const jobOf = (price: unknown) => ({ operation: 'create_job', customer_id: 'cus_1', service_type: 'exterior_windows', scheduled_date: '2026-12-01', scheduled_time: '9:30 am', street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201', price_cents: price });
    const node = runSergio({ parameters: [jobOf(18500), jobOf('')], answers: [json(201, job), json(201, job)] });
    const [items] = await node.run();
    expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(JSON.parse(String(node.sent[0].options.body)).price_cents).toBe(18500);
    expect(JSON.parse(String(node.sent[1].options.body))).not.toHaveProperty('price_cents', expect.anything());

    const request = runSergio({
      parameters: { operation: 'api_request', method: 'GET', path: '/me', query: { parameters: [{ name: 'limit', value: 5 }, { name: '', value: 'x' }] } },
      answers: [json(200, { company: { id: 'co_1', name: 'Sparkle' } })],
    });
    const [[result]] = await request.run();
    expect(request.sent[0].options.qs).toEqual({ limit: '5' });
    expect(result.json).toMatchObject({ status: 200, data: { company: { name: 'Sparkle' } } });
  });

  it('reads the credential\'s Base URL as the connector\'s override, and refuses one the kit refuses before anything is sent', async () => {
    const production = runSergio({ credentials: { apiKey: SERGIO.apiKey }, parameters: { operation: 'find_customer', name: 'Ada' }, answers: [json(200, [])] });
    await production.run();
    expect(production.sent[0].options.url).toBe('https://api.sergio.app/zapier/v1/searches/find-customer');

    const plainHttp = runSergio({ credentials: { ...SERGIO, baseUrl: 'http://sergio.example.com' }, parameters: { operation: 'find_customer', name: 'Ada' }, answers: [] });
    const error = await failure(plainHttp.run());
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toBe(
      'The Base URL of this Sergio credential cannot be used: plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1]). Set it back to its default to use Sergio itself.',
    );
    expect(plainHttp.sent).toHaveLength(0);
  });
});

describe('answers the kit reads as errors, as n8n errors', () => {
  const find = { operation: 'find_customer', name: 'Ada' };

  it('refuses an input before any request with a NodeOperationError naming the field and the item', async () => {
    const node = runSergio({ parameters: { operation: 'find_customer' }, answers: [] });
    const error = await failure(node.run());
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toBe('Fill in Email, Phone or Name to search by.');
    expect(error.context.itemIndex).toBe(0);
    expect(node.sent).toHaveLength(0);
  });

  it.each([
    ['an empty body', { statusCode: 200, body: '' }, 'HTTP 200, empty body'],
    ['null', json(200, null), 'HTTP 200, null'],
    ['an HTML page', { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<html>Maintenance</html>' }, 'HTTP 200, an HTML page'],
    ['a record where a list was expected', json(200, { data: [] }), 'HTTP 200, JSON that is not a list'],
  ])('ends on %s with the kit\'s message naming what came back', async (_case, answer, what) => {
    const error = await failure(runSergio({ parameters: find, answers: [answer] }).run());
    expect(error).toBeInstanceOf(NodeApiError);
    expect(error.message).toBe(
      `Sergio answered GET /sergio/zapier/v1/searches/find-customer with something this integration does not understand (${what}). Try again; if it keeps happening, contact support.`,
    );
  });

  it('refuses a redirect to another host: nothing is sent there', async () => {
    const node = runSergio({ parameters: find, answers: [{ statusCode: 302, headers: { location: 'https://collector.example.net/steal' } }] });
    const error = await failure(node.run());
    expect(error).toBeInstanceOf(NodeApiError);
    expect(error.message).toMatch(/^Sergio answered GET \/sergio\/zapier\/v1\/searches\/find-customer with a redirect to another host \(collector\.example\.net\)\. Nothing of the connection was sent there\./);
    expect((error as NodeApiError).httpCode).toBe('302');
    expect(node.sent.map((sent) => sent.options.url)).toEqual([`${SERGIO_API}/searches/find-customer`]);
  });

  it('follows a redirect within the API\'s origin itself', async () => {
    const node = runSergio({ parameters: find, answers: [{ statusCode: 301, headers: { location: '/sergio/zapier/v1/searches/customers' } }, json(200, [customer])] });
    expect((await node.run())[0]).toHaveLength(1);
    expect(node.sent.map((sent) => sent.options.url)).toEqual([`${SERGIO_API}/searches/find-customer`, `${SERGIO_API}/searches/customers`]);
  });

  it('ends on a 401 with the kit\'s reconnect message', async () => {
    const error = await failure(runSergio({ parameters: find, answers: [json(401, { error: { code: 'invalid_api_key', message: 'Invalid API key' } })] }).run());
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('401');
    expect(error.message).toMatch(/^Sergio no longer accepts this connection's credentials\. The API key may have been revoked/);
  });

  it('keeps the kit\'s words for a service that cannot be reached (n8n would put its own)', async () => {
    const refused = await failure(runSergio({ parameters: find, answers: [noAnswer('ECONNREFUSED')] }).run());
    expect(refused.message).toBe('Sergio could not be reached: the connection failed (ECONNREFUSED). Try again in a few minutes.');
    const slow = await failure(runSergio({ parameters: find, answers: [noAnswer('ECONNABORTED', 'timeout of 25000ms exceeded')] }).run());
    expect(slow.message).toBe('Sergio could not be reached: it did not answer within 25 seconds. Try again in a few minutes.');
  });

  it('ends a step that runs out of its time with a message naming the node\'s Timeout option', async () => {
    const node = runSergio({
      parameters: { ...find, options: { timeout: 2 } },
      answers: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        return { statusCode: 301, headers: { location: '/sergio/zapier/v1/searches/customers' } };
      },
    });
    const error = await failure(node.run());
    expect(error.message).toBe(
      'Sergio did not finish GET /sergio/zapier/v1/searches/customers within the 2 seconds this node gives a step (its Timeout option). Try again; if it keeps happening, the service is slow right now.',
    );
    expect(node.sent).toHaveLength(1);
  });

  it('with Continue On Fail, gives a failed item its error and runs the next', async () => {
    const node = runSergio({
      parameters: [{ operation: 'find_customer' }, find],
      answers: [json(200, [customer])],
      continueOnFail: true,
    });
    expect(await node.run()).toEqual([
      [
        { json: { error: 'Fill in Email, Phone or Name to search by.' }, pairedItem: { item: 0 } },
        { json: customer, pairedItem: { item: 1 } },
      ],
    ]);
  });
});

describe('rate limits', () => {
  const find = { operation: 'find_customer', name: 'Ada' };

  it('waits a short Retry-After with n8n\'s sleep and sends the request again', async () => {
    const node = runSergio({ parameters: find, answers: [json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '1' }), json(200, [customer])] });
    const started = Date.now();
    expect((await node.run())[0]).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(node.sent).toHaveLength(2);
  });

  it('does not wait longer than a minute: the error names the wait', async () => {
    const node = runSergio({ parameters: find, answers: [json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '3600' })] });
    const error = await failure(node.run());
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('429');
    expect(error.message).toBe('Sergio is rate limiting requests (HTTP 429) and asks to wait 60 minutes. This node waits at most 60 seconds for a rate limit. Try again after that.');
    expect(node.sent).toHaveLength(1);
  });

  it('states an absurd wait as a person can read it', async () => {
    const node = runSergio({ parameters: find, answers: [json(429, {}, { 'retry-after': '9'.repeat(400) })] });
    expect((await failure(node.run())).message).toBe(
      'Sergio is rate limiting requests (HTTP 429) and asks to wait more than 30 days. This node waits at most 60 seconds for a rate limit. Try again after that.',
    );
  });

  it('does not wait beyond the step\'s time', async () => {
    const node = runSergio({ parameters: { ...find, options: { timeout: 5 } }, answers: [json(429, {}, { 'retry-after': '30' })] });
    const error = await failure(node.run());
    expect(error.message).toBe(
      'Sergio is rate limiting requests (HTTP 429) and asks to wait 30 seconds. That is more than is left of the 5 seconds this node gives a step (its Timeout option). Try again after that.',
    );
  });
});

describe('Serebro AI: OAuth through n8n', () => {
  const runSerebro = (setup: Partial<FakeNode> & Pick<FakeNode, 'parameters' | 'answers'>) => {
    const node = fakeNode({ credentials: SEREBRO, ...setup });
    return { ...node, run: () => executeOperation.call(node.execute, serebro) };
  };

  it('leaves a 401 to n8n\'s helper, which refreshes the token; a 401 after that asks to reconnect', async () => {
    const node = runSerebro({ parameters: { operation: 'find_contact', locationId: 'loc_1', email: 'grace@example.com' }, answers: [statusError(401)] });
    const error = await failure(node.run());
    expect(node.sent[0]).toMatchObject({ credential: 'serebroOAuth2Api', options: { ignoreHttpStatusErrors: { ignore: true, except: [401] }, qs: { email: 'grace@example.com', locationId: 'loc_1', limit: '10' } } });
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('401');
    expect(error.message).toBe(
      "Serebro AI no longer accepts this credential's access token, and refreshing it did not help. Open the Serebro AI credential in n8n and reconnect it.",
    );
  });

  it('asks an Agency credential for the Location before any request', async () => {
    const node = runSerebro({ parameters: { operation: 'find_contact', email: 'grace@example.com' }, answers: [] });
    const error = await failure(node.run());
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toBe('Location is required: this is an Agency connection, so choose the Location to work in.');
  });

  it('says a credential never connected is not connected', async () => {
    const node = runSerebro({ credentials: { clientId: 'client_1', clientSecret: SEREBRO.clientSecret }, parameters: { operation: 'find_contact', email: 'a@example.com' }, answers: [] });
    const error = await failure(node.run());
    expect(error.message).toBe('This Serebro AI credential is not connected yet: open it in n8n and connect your account.');
    expect(node.sent).toHaveLength(0);
  });

  it('never lets a token or the client secret into anything n8n keeps of an error', async () => {
    const echoed = `Token ${SEREBRO.oauthTokenData.access_token} of client ${SEREBRO.clientSecret} (refresh ${SEREBRO.oauthTokenData.refresh_token}) is not allowed here`;
    const node = runSerebro({
      parameters: { operation: 'find_contact', locationId: 'loc_1', email: 'grace@example.com' },
      answers: [json(400, { error: { code: 'bad_request', message: echoed } })],
    });
    const error = await failure(node.run());
    expect(error.message).toBe('Serebro AI: Token [redacted] of client [redacted] (refresh [redacted]) is not allowed here');
    expect(error.description).toBe('Error code: bad_request');
    const kept = keptOf(error);
    for (const secret of [SEREBRO.clientSecret, SEREBRO.oauthTokenData.access_token, SEREBRO.oauthTokenData.refresh_token]) expect(kept).not.toContain(secret);
  });

  it('Find or Create: the search\'s first record, or the create\'s, saying which', async () => {
    const contact = { id: 'c_1', locationId: 'loc_1', email: 'grace@example.com', customFields: [] };
    const found = runSerebro({ parameters: { operation: 'find_or_create_contact', locationId: 'loc_1', email: 'grace@example.com' }, answers: [json(200, { data: [contact], meta: { nextCursor: null } })] });
    expect((await found.run())[0]).toEqual([{ json: { ...contact, customFieldValues: {}, created: false }, pairedItem: { item: 0 } }]);
    expect(found.sent).toHaveLength(1);

    const made = runSerebro({
      parameters: { operation: 'find_or_create_contact', locationId: 'loc_1', email: 'grace@example.com', firstName: 'Grace' },
      answers: [json(200, { data: [], meta: { nextCursor: null } }), json(201, contact)],
    });
    expect((await made.run())[0]).toEqual([{ json: { ...contact, created: true }, pairedItem: { item: 0 } }]);
    expect(made.sent.map((sent) => `${sent.options.method} ${sent.options.url}`)).toEqual([`GET ${SEREBRO_API}/contacts`, `POST ${SEREBRO_API}/contacts`]);
    expect(JSON.parse(String(made.sent[1].options.body))).toEqual({ email: 'grace@example.com', firstName: 'Grace', locationId: 'loc_1' });
  });
});

describe('Cerbo: health records', () => {
  const runCerbo = (setup: Partial<FakeNode> & Pick<FakeNode, 'parameters' | 'answers'>) => {
    const node = fakeNode({ credentials: CERBO, ...setup });
    return { ...node, run: () => executeOperation.call(node.execute, cerbo) };
  };
  const patient = { operation: 'create_patient', first_name: 'Lena', last_name: 'Parkhurst', dob: '03/07/1980', sex: 'F' };

  it('sends the patient as a body n8n can send again, to the practice\'s address', async () => {
    const node = runCerbo({ parameters: patient, answers: [json(200, { data: [], total: 0 }), json(201, { id: 'p_1', first_name: 'Lena', last_name: 'Parkhurst' })] });
    await node.run();
    const create = node.sent.find((sent) => sent.options.method === 'POST');
    expect(create?.options.url).toBe(`${CERBO_API}/patients`);
    expect(create?.options.body).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(Buffer.from(create?.options.body as Uint8Array).toString('utf8'))).toMatchObject({ first_name: 'Lena', last_name: 'Parkhurst', dob: '1980-03-07', sex: 'F' });
  });

  it('keeps every input value and the credential out of what n8n keeps of an error', async () => {
    const node = runCerbo({
      parameters: patient,
      answers: [json(200, { data: [], total: 0 }), json(422, { error: { code: 'validation_error', message: 'Parkhurst, Lena (1980-03-07) is not valid', details: { field: 'unknown_field' } } })],
    });
    const error = await failure(node.run());
    expect(error.message).toBe('Cerbo refused the request (HTTP 422, validation_error).');
    const kept = keptOf(error);
    for (const value of ['Parkhurst', 'Lena', '1980', CERBO.username, CERBO.password]) expect(kept).not.toContain(value);
  });
});

describe('Cerbo: what identifies no one', () => {
  it('keeps in a message an HTTP method chosen from its list', async () => {
    const node = fakeNode({ credentials: CERBO, parameters: { operation: 'api_request', method: 'POST', path: '/patients', body: '{"first_name": "Lena"}' }, answers: [json(403, { error: { code: 'forbidden' } })] });
    const error = await failure(executeOperation.call(node.execute, cerbo));
    // The Path is the user's input, which may hold a patient's ID: scrubbed as on Zapier.
    expect(error.message).toMatch(/^Cerbo refused POST \/api\/v1\[redacted\] \(HTTP 403\)/);
  });
});

describe('dropdowns', () => {
  it('loads a dropdown from its hidden trigger, page after page until the list ends', async () => {
    const node = fakeNode({
      credentials: SERGIO,
      parameters: { operation: 'create_job' },
      answers: [json(200, { data: [{ id: 'cus_1', name: 'Ada' }], next_cursor: 'c2' }), json(200, { data: [{ id: 'cus_2', name: 'Grace' }], next_cursor: null })],
    });
    const methods = loadOptionsOf(sergio);
    expect(Object.keys(methods)).toEqual(['customer_list', 'service_type_list']);
    expect(await methods.customer_list.call(node.loadOptions)).toEqual([
      { name: 'Ada', value: 'cus_1' },
      { name: 'Grace', value: 'cus_2' },
    ]);
    expect(node.sent.map((sent) => sent.options.qs)).toEqual([{}, { cursor: 'c2' }]);
  });

  it('gives a dropdown trigger what is chosen so far (the Pipeline a Stage belongs to), and reads a list that cannot page once', async () => {
    const pipelines = { data: [{ id: 'p_1', stages: [{ id: 's_2', name: 'Won', position: 2 }, { id: 's_1', name: 'New', position: 1 }] }], meta: { nextCursor: null } };
    const node = fakeNode({ credentials: SEREBRO, parameters: { operation: 'create_opportunity', locationId: 'loc_1', pipelineId: 'p_1', name: '={{ $json.name }}' }, answers: [json(200, pipelines)] });
    expect(await loadOptionsOf(serebro).stages.call(node.loadOptions)).toEqual([
      { name: 'New', value: 's_1' },
      { name: 'Won', value: 's_2' },
    ]);
    expect(node.sent).toHaveLength(1);
  });

  it('loads at most 25 pages of a list that never ends', async () => {
    let served = 0;
    const node = fakeNode({
      credentials: SERGIO,
      parameters: { operation: 'create_job' },
      answers: () => {
        served += 1;
        return json(200, { data: [{ id: `cus_${served}`, name: `Customer ${served}` }], next_cursor: `c${served}` });
      },
    });
    const choices = await loadOptionsOf(sergio).customer_list.call(node.loadOptions);
    expect(choices).toHaveLength(25);
    expect(node.sent).toHaveLength(25);
  });

  it('ends a dropdown whose API repeats a page', async () => {
    const page = json(200, { data: [{ id: 'pr_1', first_name: 'Ann', last_name: 'Lee', email: null, is_provider: true, active: true }], total: 1 });
    const node = fakeNode({ credentials: CERBO, parameters: { operation: 'create_appointment' }, answers: () => page });
    const choices = await loadOptionsOf(cerbo).providers.call(node.loadOptions);
    expect(choices).toEqual([{ name: 'Ann Lee', value: 'pr_1' }]);
    expect(node.sent).toHaveLength(2);
  });

  it('fails a dropdown with the same clean errors as a step', async () => {
    const node = fakeNode({ credentials: SEREBRO, parameters: { operation: 'create_opportunity', locationId: 'loc_1' }, answers: [] });
    const error = await failure(loadOptionsOf(serebro).stages.call(node.loadOptions));
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toBe('Choose a Pipeline first: its stages are listed here.');
  });
});
