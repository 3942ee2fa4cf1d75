/**
 * The reliability harness catches what it claims to: these checks run it against a deliberately
 * careless connector, so a green reliability suite means something.
 */
import zapier from 'zapier-platform-core';
import nock from 'nock';
import { FAKE_ORIGIN, FAKE_SECRETS } from './connectors';
import { requestProblems } from './inputs';
import { findLeaks } from './leaks';
import { startLossyProxy } from './lossy-proxy';
import { captureConsole, errorName, installZapierCache, makeTester, type BuiltRequest } from './tester';

const built = (url: string, extra: Partial<BuiltRequest> = {}): BuiltRequest => ({ method: 'GET', url, params: {}, headers: {}, body: undefined, ...extra });

describe('request checks', () => {
  const origin = FAKE_ORIGIN.sergio;

  it('accepts a path of encoded segments and a JSON body', () => {
    const id = encodeURIComponent('../a/b?c#d');
    expect(requestProblems('sergio', built(`${origin}/zapier/v1/customers/${id}?limit=1`), { id: '../a/b?c#d' })).toEqual([]);
    expect(requestProblems('sergio', built(`${origin}/x`, { method: 'POST', body: '{"a":1}' }), {})).toEqual([]);
  });

  it.each([
    ['an id put in the path as is', `${origin}/zapier/v1/customers/../../admin`, { id: '../../admin' }, 'a . or .. segment in the path'],
    ['an id with a slash put in the path', `${origin}/zapier/v1/customers/a/b`, { id: 'a/b' }, 'input put into the URL unencoded'],
    ['an id that adds a query parameter', `${origin}/zapier/v1/customers/x?admin=true`, { id: 'x?admin=true' }, 'input put into the URL unencoded'],
    ['percent-encoded dots left for the URL parser to resolve', `${origin}/zapier/v1/%2e%2e/admin`, { id: '%2e%2e' }, 'a . or .. segment in the path'],
    ['a fragment', `${origin}/zapier/v1/customers/x#y`, { id: 'x#y' }, 'raw # in the URL'],
    ['spaces and unicode in the path', `${origin}/zapier/v1/customers/Zoë Å`, { id: 'Zoë Å' }, 'unencoded characters in the path'],
    ['another host', 'https://attacker.test/steal', {}, 'request to another origin (https://attacker.test/steal)'],
  ])('flags %s', (_name, url, input, problem) => {
    const problems = requestProblems('sergio', built(url), input);
    expect(problems.length).toBeGreaterThan(0);
    if (problem) expect(problems).toContain(problem);
  });

  it('flags a body that is not JSON', () => {
    expect(requestProblems('sergio', built(`${origin}/x`, { method: 'POST', body: 'name=a&b=c' }), {})).toEqual(['body is not JSON']);
  });
});

describe('log capture and leak scan', () => {
  beforeAll(captureConsole);

  it('sees a token written with z.console, in a request header, and in an error message', async () => {
    const app = {
      version: '1.0.0',
      platformVersion: zapier.version,
      creates: {
        careless: {
          key: 'careless',
          noun: 'Thing',
          display: { label: 'Careless', description: 'Creates a careless thing.' },
          operation: {
            perform: async (z: zapier.ZObject, bundle: zapier.Bundle) => {
              z.console.log(`debugging with ${bundle.authData.api_key}`);
              await z.request({ url: `${FAKE_ORIGIN.sergio}/leak`, headers: { 'X-Debug': String(bundle.authData.api_key) } });
              throw new Error(`failed for key ${bundle.authData.api_key}`);
            },
            sample: { id: '1' },
          },
        },
      },
    };
    nock(FAKE_ORIGIN.sergio).get('/leak').reply(200, {});
    const tester = makeTester(app);
    await expect(tester('creates.careless.operation.perform', { authData: { api_key: FAKE_SECRETS.apiKey }, inputData: {} })).rejects.toThrow();
    expect(tester.requests).toHaveLength(1);
    const where = findLeaks()
      .filter((leak) => leak.label === 'API key')
      .map((leak) => leak.where);
    expect(where).toEqual(expect.arrayContaining(['console output (as written, before Zapier scrubs it)', 'the error message a user sees']));
  });

  it('reports an error by its Zapier name', async () => {
    const app = {
      version: '1.0.0',
      platformVersion: zapier.version,
      creates: {
        refuse: {
          key: 'refuse',
          noun: 'Thing',
          display: { label: 'Refuse', description: 'Creates nothing.' },
          operation: {
            perform: (z: zapier.ZObject) => {
              throw new z.errors.Error('Name is required.', 'invalid_input', 400);
            },
            sample: { id: '1' },
          },
        },
      },
    };
    const error = await makeTester(app)('creates.refuse.operation.perform', { inputData: {} }).catch((caught: unknown) => caught);
    expect(errorName(error)).toBe('AppError');
  });
});

describe('Zapier-like cache', () => {
  it('honours set-if-absent, as the dedupe of webhook deliveries needs', async () => {
    installZapierCache(new Map());
    const setTwice = async (z: zapier.ZObject) => ({
      results: [await z.cache.set('k', 1, 60, ['auth'], true), await z.cache.set('k', 2, 60, ['auth'], true), await z.cache.get('k')],
    });
    const app = {
      version: '1.0.0',
      platformVersion: zapier.version,
      creates: { cache: { key: 'cache', noun: 'C', display: { label: 'Cache', description: 'Creates c.' }, operation: { perform: setTwice, sample: { id: '1' } } } },
    };
    const fresh = makeTester(app, { zapierCache: true });
    await expect(fresh('creates.cache.operation.perform', { inputData: {} })).resolves.toEqual({ results: [true, false, 1] });
  });
});

describe('lossy proxy', () => {
  it('carries a request out, then loses its answer once', async () => {
    const { createServer } = await import('node:http');
    let served = 0;
    const upstream = createServer((_request, response) => {
      served += 1;
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"r1"}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address() as { port: number };
    const proxy = await startLossyProxy(`http://127.0.0.1:${address.port}`);
    try {
      proxy.loseNext('POST', /\/things$/);
      await expect(fetch(`${proxy.url}/things`, { method: 'POST', body: '{}' })).rejects.toThrow();
      const second = await fetch(`${proxy.url}/things`, { method: 'POST', body: '{}' });
      expect([second.status, await second.json()]).toEqual([201, { id: 'r1' }]);
      expect([served, proxy.lost]).toEqual([2, 1]);
    } finally {
      await proxy.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
