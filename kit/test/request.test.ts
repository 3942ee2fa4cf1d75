/**
 * The kit's one request path, `callApi`, on the example app: answers checked against their shape,
 * redirects (issue 15), a step's shared deadline, private-data services, and the expectations a request
 * may declare (accepted statuses, recovery, explanation).
 */
import nock from 'nock';
import zapier, { type Bundle, type HttpRequestOptions, type ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { record, records } from '../answers';
import type { ServicePolicy } from '../errors';
import { callApi, REQUEST_TIMEOUT_MS } from '../request';
import { STEP_BUDGET_MS } from '../step';
import { examplePolicy, exampleApp, failureOf, ORIGIN, OTHER_ORIGIN, REDIRECT_HINT, runCreate, TOKEN, type Sent } from './example';

const policy = examplePolicy();

describe('the shape of a 2xx answer', () => {
  const app = exampleApp(policy, {
    one: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record }),
    list: async (z, bundle) => ({ items: await callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: records }) }),
    nothing: async (z, bundle) => ({ answer: (await callApi(z, bundle, policy, { method: 'DELETE', url: `${ORIGIN}/things` })) ?? 'none' }),
  });
  const notUnderstood = (status: number, what: string) =>
    `Example answered GET /things with something this integration does not understand (HTTP ${status}, ${what}). ` +
    'Try again; if it keeps happening, contact support.';

  it.each([
    ['an empty 200', 200, '', {}, 'empty body'],
    ['a 204 where a record is expected', 204, '', {}, 'no content'],
    ['null', 200, 'null', { 'Content-Type': 'application/json' }, 'null'],
    ['{"data": null}', 200, '{"data":null}', { 'Content-Type': 'application/json' }, 'JSON of another shape'],
    ['{}', 200, '{}', { 'Content-Type': 'application/json' }, 'JSON of another shape'],
    ['a record whose id is a number', 200, '{"id":17}', { 'Content-Type': 'application/json' }, 'JSON of another shape'],
    ['[] where a record is expected', 200, '[]', { 'Content-Type': 'application/json' }, 'a list where one record was expected'],
    ['a JSON string', 200, '"ok"', { 'Content-Type': 'application/json' }, 'a JSON string'],
    ['an HTML sign-in page', 200, '<!DOCTYPE html><html><body>Sign in</body></html>', { 'Content-Type': 'text/html' }, 'an HTML page'],
    ['text that is not JSON', 200, 'OK', { 'Content-Type': 'text/plain' }, 'a body that is not JSON'],
    ['truncated JSON', 200, '{"id": "th_1", "na', { 'Content-Type': 'application/json' }, 'a body that is not JSON'],
  ])('refuses %s with a clear AppError, never a TypeError', async (_name, status, body, headers, what) => {
    nock(ORIGIN).get('/things').reply(status, body, headers);
    const error = await failureOf(runCreate(app, 'one'));
    expect(error).toMatchObject({ name: 'AppError', message: notUnderstood(status, what), code: 'unexpected_response', status: 502 });
    expect(error.doNotContextify).toBe(true);
  });

  it('refuses a record where a list is expected, and a list of records without ids', async () => {
    nock(ORIGIN).get('/things').reply(200, { id: 'th_1' });
    expect((await failureOf(runCreate(app, 'list'))).message).toBe(notUnderstood(200, 'JSON that is not a list'));
    nock(ORIGIN).get('/things').reply(200, [{ id: 'th_1' }, { name: 'no id' }]);
    expect((await failureOf(runCreate(app, 'list'))).message).toBe(notUnderstood(200, 'a list of records without IDs'));
  });

  it('hands over a list of records, and an answer without a body when none is expected', async () => {
    nock(ORIGIN).get('/things').reply(200, [{ id: 'th_1' }, { id: 'th_2', extra: true }]);
    await expect(runCreate(app, 'list')).resolves.toEqual({ items: [{ id: 'th_1' }, { id: 'th_2', extra: true }] });
    nock(ORIGIN).delete('/things').reply(204);
    await expect(runCreate(app, 'nothing')).resolves.toEqual({ answer: 'none' });
  });

  it('still refuses a body that is not JSON where no body is expected', async () => {
    nock(ORIGIN).delete('/things').reply(200, '<html>Deleted</html>', { 'Content-Type': 'text/html' });
    expect((await failureOf(runCreate(app, 'nothing'))).message).toBe(
      'Example answered DELETE /things with something this integration does not understand (HTTP 200, an HTML page). Try again; if it keeps happening, contact support.',
    );
  });
});

describe('what a request expects besides success', () => {
  const Duplicate = zm.object({ existing_id: zm.string() });
  const app = exampleApp(policy, {
    remove: async (z, bundle) => ({
      removed: (await callApi(z, bundle, policy, { method: 'DELETE', url: `${ORIGIN}/hooks/h_1`, acceptStatuses: [404] })) === undefined,
    }),
    create: (z, bundle) =>
      callApi(z, bundle, policy, {
        method: 'POST',
        url: `${ORIGIN}/things`,
        body: { name: bundle.inputData.name },
        shape: record,
        recover: async (status, apiError) => {
          const duplicate = zm.safeParse(Duplicate, apiError?.details);
          if (status !== 409 || !duplicate.success) return undefined;
          return callApi(z, bundle, policy, { url: `${ORIGIN}/things/${duplicate.data.existing_id}`, shape: record });
        },
        explain: (status, apiError) => (status === 409 ? `An Example thing named like this already exists (${apiError?.code ?? 'no code'}).` : undefined),
      }),
  });

  it('takes an accepted status as the expected outcome (a webhook already deleted)', async () => {
    nock(ORIGIN).delete('/hooks/h_1').reply(404, { error: { code: 'not_found', message: 'gone' } });
    await expect(runCreate(app, 'remove')).resolves.toEqual({ removed: true });
  });

  it('still fails on a status that was not accepted', async () => {
    nock(ORIGIN).delete('/hooks/h_1').reply(500, { error: { code: 'internal', message: 'boom' } });
    expect(await failureOf(runCreate(app, 'remove'))).toMatchObject({ message: 'Example: boom', code: 'internal', status: 500 });
  });

  it('recovers the record an earlier run made from a 409 that names it', async () => {
    const api = nock(ORIGIN)
      .post('/things', { name: 'Widget' })
      .reply(409, { error: { code: 'duplicate', message: 'exists', details: { existing_id: 'th_9' } } })
      .get('/things/th_9')
      .reply(200, { id: 'th_9', name: 'Widget' });
    await expect(runCreate(app, 'create', { inputData: { name: 'Widget' } })).resolves.toEqual({ id: 'th_9', name: 'Widget' });
    expect(api.isDone()).toBe(true);
  });

  it('explains a 409 it cannot recover from, keeping the API code and status', async () => {
    nock(ORIGIN).post('/things').reply(409, { error: { code: 'duplicate', message: 'exists' } });
    expect(await failureOf(runCreate(app, 'create', { inputData: { name: 'Widget' } }))).toMatchObject({
      name: 'AppError',
      message: 'An Example thing named like this already exists (duplicate).',
      code: 'duplicate',
      status: 409,
    });
  });

  it('leaves other errors to the usual interpretation', async () => {
    nock(ORIGIN).post('/things').reply(422, { error: { code: 'validation_error', message: 'name is too long' } });
    expect(await failureOf(runCreate(app, 'create', { inputData: { name: 'Widget' } }))).toMatchObject({ message: 'Example: name is too long', status: 422 });
  });
});

describe('redirects (issue 15)', () => {
  const sent: Sent[] = [];
  const app = exampleApp(
    policy,
    {
      get: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, params: { q: 'x' }, shape: record }),
      post: (z, bundle) => callApi(z, bundle, policy, { method: 'POST', url: `${ORIGIN}/things`, body: { name: 'Widget' }, shape: record }),
      loop: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/loop`, shape: record }),
    },
    sent,
  );
  beforeEach(() => {
    sent.length = 0;
  });

  describe.each([301, 302, 303, 307, 308])('a cross-origin %i', (status) => {
    it.each([
      ['GET', 'get'],
      ['POST', 'post'],
    ])('on %s is refused, naming the other host, with nothing sent there', async (method, key) => {
      const other = nock(OTHER_ORIGIN).persist().intercept('/collect', method).query(true).reply(200, { id: 'stolen' });
      const otherGet = nock(OTHER_ORIGIN).persist().get('/collect').query(true).reply(200, { id: 'stolen' });
      nock(ORIGIN)
        .intercept('/things', method)
        .query(true)
        .reply(status, '', { Location: `${OTHER_ORIGIN}/collect?token=${TOKEN}` });
      const error = await failureOf(runCreate(app, key));
      expect(error).toMatchObject({
        name: 'AppError',
        message: `Example answered ${method} /things with a redirect to another host (elsewhere.example.net). Nothing of the connection was sent there. ${REDIRECT_HINT}`,
        code: 'redirect_refused',
        status,
      });
      expect(error.raw).not.toContain(TOKEN);
      expect(other.isDone()).toBe(false);
      expect(otherGet.isDone()).toBe(false);
      expect(sent.map((request) => new URL(request.url).origin)).toEqual([ORIGIN]);
    });
  });

  it('follows a redirect within the API, sending the credentials again to the same origin only', async () => {
    const api = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/things')
      .query({ q: 'x' })
      .reply(301, '', { Location: '/v2/things?page=1' })
      .get('/v2/things')
      .query({ page: '1' })
      .reply(200, { id: 'th_1' });
    await expect(runCreate(app, 'get')).resolves.toEqual({ id: 'th_1' });
    expect(api.isDone()).toBe(true);
    // (core moves a URL's query string into params before the app's beforeRequest: nock matched ?page=1 above)
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${ORIGIN}/things`, `GET ${ORIGIN}/v2/things`]);
  });

  it('continues a POST answered 303 as a GET without the body', async () => {
    const api = nock(ORIGIN)
      .post('/things', { name: 'Widget' })
      .reply(303, '', { Location: `${ORIGIN}/things/th_1` })
      .get('/things/th_1')
      .reply(200, { id: 'th_1', name: 'Widget' });
    await expect(runCreate(app, 'post')).resolves.toEqual({ id: 'th_1', name: 'Widget' });
    expect(api.isDone()).toBe(true);
    expect(sent[1]).toMatchObject({ method: 'GET', body: undefined });
    expect(sent[1].headers).not.toHaveProperty('Content-Type');
  });

  it('repeats a POST answered 307 or 308 with its body', async () => {
    for (const status of [307, 308]) {
      const api = nock(ORIGIN)
        .post('/things', { name: 'Widget' })
        .reply(status, '', { Location: '/v2/things' })
        .post('/v2/things', { name: 'Widget' })
        .reply(201, { id: 'th_2' });
      await expect(runCreate(app, 'post')).resolves.toEqual({ id: 'th_2' });
      expect(api.isDone()).toBe(true);
    }
  });

  it('stops a redirect loop after 3 hops', async () => {
    const api = nock(ORIGIN).get('/loop').times(10).reply(302, '', { Location: '/loop' });
    const error = await failureOf(runCreate(app, 'loop'));
    expect(error).toMatchObject({ name: 'AppError', message: 'Example redirected GET /loop more than 3 times. Try again later.', code: 'redirect_loop' });
    expect(sent).toHaveLength(4);
    expect(api.pendingMocks()).toHaveLength(1);
  });

  it.each([
    ['a Location that is not a URL', { Location: 'http://[not-a-host' }],
    ['no Location at all', {}],
  ])('refuses a redirect with %s', async (_name, headers) => {
    nock(ORIGIN).get('/things').query(true).reply(302, '', headers);
    const error = await failureOf(runCreate(app, 'get'));
    expect(error).toMatchObject({
      message: `Example answered GET /things with a redirect to another host (an address it did not give). Nothing of the connection was sent there. ${REDIRECT_HINT}`,
      code: 'redirect_refused',
      status: 302,
    });
    expect(sent).toHaveLength(1);
  });
});

describe("a step's deadline", () => {
  /** Only `Date` is faked: nock, node-fetch and core keep their real timers. */
  const fakeDate = () =>
    jest.useFakeTimers({
      now: new Date('2026-01-01T00:00:00Z'),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
  const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shares the budget between the requests of a step and sends none that could not finish', async () => {
    fakeDate();
    const sent: Sent[] = [];
    const app = exampleApp(
      policy,
      {
        three: async (z, bundle) => {
          for (const n of [1, 2, 3]) await callApi(z, bundle, policy, { url: `${ORIGIN}/things/${n}`, shape: record });
          return { done: true };
        },
      },
      sent,
    );
    nock(ORIGIN)
      .get('/things/1')
      .reply(() => {
        advance(12_000);
        return [200, { id: '1' }];
      })
      .get('/things/2')
      .reply(() => {
        advance(14_500);
        return [200, { id: '2' }];
      });
    const third = nock(ORIGIN).get('/things/3').reply(200, { id: '3' });

    const error = await failureOf(runCreate(app, 'three'));
    expect(sent.map((request) => request.timeout)).toEqual([REQUEST_TIMEOUT_MS, STEP_BUDGET_MS - 12_000]);
    expect(error).toMatchObject({
      name: 'AppError',
      message:
        'Example did not finish GET /things/3 within the 30 seconds Zapier gives a step. ' +
        'Try again; if it keeps happening, the service is slow right now.',
      code: 'step_timeout',
      status: 504,
    });
    expect(third.isDone()).toBe(false);
  });

  it('gives each step its own budget', async () => {
    fakeDate();
    const sent: Sent[] = [];
    const app = exampleApp(policy, { one: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things/1`, shape: record }) }, sent);
    nock(ORIGIN)
      .get('/things/1')
      .twice()
      .reply(() => {
        advance(26_000);
        return [200, { id: '1' }];
      });
    await runCreate(app, 'one');
    await runCreate(app, 'one');
    expect(sent.map((request) => request.timeout)).toEqual([REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS]);
  });

  it('says a request that timed out did not answer within the seconds it had, without its URL', async () => {
    fakeDate();
    const app = exampleApp(policy, {
      slow: async (z, bundle) => {
        await callApi(z, bundle, policy, { url: `${ORIGIN}/things/1`, shape: record });
        return callApi(z, bundle, policy, { url: `${ORIGIN}/slow`, params: { email: 'jane@example.org' }, shape: record });
      },
    });
    nock(ORIGIN)
      .get('/things/1')
      .reply(() => {
        advance(STEP_BUDGET_MS - 1_500); // 1.5 s left for the next request
        return [200, { id: '1' }];
      })
      .get('/slow')
      .query(true)
      .delay(4_000)
      .reply(200, { id: 'late' });
    const error = await failureOf(runCreate(app, 'slow'));
    expect(error).toMatchObject({
      name: 'AppError',
      message: 'Example could not be reached: it did not answer within 2 seconds. Try again in a few minutes.',
      code: 'network_error',
      status: 503,
    });
    expect(error.raw).not.toMatch(/example\.(test|org)|jane/);
  });

  describe('with a hand-built z', () => {
    function stubZ(answer: (options: HttpRequestOptions) => Promise<unknown>) {
      const seen: HttpRequestOptions[] = [];
      const z = {
        errors: zapier.errors,
        request: async (options: HttpRequestOptions) => {
          seen.push(options);
          return answer(options);
        },
      } as unknown as ZObject;
      return { z, seen };
    }
    const bundle = { authData: { token: TOKEN }, inputData: {} } as unknown as Bundle;
    const response = (status: number, content: string) => ({ status, content, getHeader: () => undefined });

    it('shrinks the timeout given to z.request with the time left', async () => {
      fakeDate();
      const { z, seen } = stubZ(async () => {
        advance(13_500);
        return response(200, '{"id":"a"}');
      });
      for (let n = 0; n < 2; n += 1) await callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record });
      await expect(callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record })).rejects.toThrow(/within the 30 seconds Zapier gives a step/);
      expect(seen.map((options) => options.timeout)).toEqual([REQUEST_TIMEOUT_MS, STEP_BUDGET_MS - 13_500]);
    });

    it.each([
      ['a timeout', { name: 'FetchError', type: 'request-timeout' }, 'it did not answer within 25 seconds'],
      ['an abort', { name: 'AbortError', type: 'aborted' }, 'it did not answer within 25 seconds'],
      ['a refused connection', { name: 'FetchError', type: 'system', code: 'ECONNREFUSED' }, 'the connection failed (ECONNREFUSED)'],
    ])("turns node-fetch's %s into a message without the URL", async (_name, fields, reason) => {
      const { z } = stubZ(async () => {
        throw Object.assign(new Error(`request to ${ORIGIN}/things?token=${TOKEN} failed`), fields);
      });
      const error = await failureOf(callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record }));
      expect(error).toMatchObject({ message: `Example could not be reached: ${reason}. Try again in a few minutes.`, code: 'network_error', status: 503 });
      expect(error.raw).not.toMatch(/api\.example\.test|tok_/);
    });
  });
});

describe('private-data services (health records)', () => {
  const privatePolicy: ServicePolicy = examplePolicy({ privateData: true, showApiMessages: false });
  const patient = { first_name: 'Marguerite', dob: '1984-02-29' };
  const appFor = (p: ServicePolicy) =>
    exampleApp(p, { create: (z, bundle) => callApi(z, bundle, p, { method: 'POST', url: `${ORIGIN}/patients`, body: bundle.inputData, shape: record }) });

  /** Zapier's HTTP log as core writes it to stdout with LOG_TO_STDOUT and DETAILED_LOG_TO_STDOUT. */
  async function httpLog(p: ServicePolicy) {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    process.env.LOG_TO_STDOUT = 'true';
    process.env.DETAILED_LOG_TO_STDOUT = 'true';
    try {
      const result = await runCreate(appFor(p), 'create', { inputData: patient });
      return { result, log: lines.join('\n') };
    } finally {
      delete process.env.LOG_TO_STDOUT;
      delete process.env.DETAILED_LOG_TO_STDOUT;
      log.mockRestore();
    }
  }

  it('sends the body as a stream and reads the answer raw: the operation gets its data, the HTTP log neither', async () => {
    const api = nock(ORIGIN).post('/patients', patient).reply(201, { id: 'pt_1', ...patient });
    const { result, log } = await httpLog(privatePolicy);
    expect(api.isDone()).toBe(true);
    expect(result).toEqual({ id: 'pt_1', ...patient });
    expect(log).toContain('<streaming data>');
    expect(log).toContain('<probably streaming data>');
    expect(log).not.toMatch(/Marguerite|1984-02-29/);
  });

  it('(the same request of an ordinary service is logged with its bodies)', async () => {
    nock(ORIGIN).post('/patients', patient).reply(201, { id: 'pt_1', ...patient });
    const { log } = await httpLog(examplePolicy());
    expect(log).toContain('Marguerite');
  });

  it('interprets raw answers like any other, never quoting the API message', async () => {
    nock(ORIGIN).post('/patients').reply(422, { error: { code: 'validation_error', message: 'dob 1984-02-29 of Marguerite is invalid' } });
    const error = await failureOf(runCreate(appFor(privatePolicy), 'create', { inputData: patient }));
    expect(error).toMatchObject({ message: 'Example refused the request (HTTP 422, validation_error).', code: 'validation_error', status: 422 });
    expect(error.raw).not.toMatch(/Marguerite|1984/);

    nock(ORIGIN).post('/patients').reply(200, '');
    expect((await failureOf(runCreate(appFor(privatePolicy), 'create', { inputData: patient }))).message).toBe(
      'Example answered POST /patients with something this integration does not understand (HTTP 200, empty body). Try again; if it keeps happening, contact support.',
    );
  });
});
