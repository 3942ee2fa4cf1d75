/**
 * The reliability harness catches what it claims to: these checks run it against a deliberately
 * careless connector, so a green reliability suite means something.
 */
import zapier from 'zapier-platform-core';
import nock from 'nock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_ORIGIN, FAKE_SECRETS } from './connectors';
import { requestProblems } from './inputs';
import { findLeaks } from './leaks';
import { messageFindings, messageProblems } from './messages';
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

describe('the check of every error message a user sees', () => {
  const cerboBundle = {
    authData: { subdomain: 'reliability-clinic', username: FAKE_SECRETS.basicUser, password: FAKE_SECRETS.basicSecret },
    inputData: { first_name: 'Zorbalind', last_name: 'Quixworth', dob: '1984-07-19', sex: 'F', email1: 'zq@example.org', phone_mobile: '+1 503 555 0199' },
  };

  it('passes a clear message that quotes nothing the user sent', () => {
    expect(messageProblems('Cerbo refused the request (HTTP 422, validation_error).', cerboBundle, 'cerbo')).toEqual([]);
    // A short value ("F") or a JSON literal is not a quote of patient data.
    expect(messageProblems('Cerbo did not understand the answer: F null.', { ...cerboBundle, inputData: { sex: 'F', note: 'null' } }, 'cerbo')).toEqual([]);
  });

  it.each([
    ['the Basic user', `Cerbo refused user ${FAKE_SECRETS.basicUser}.`, 'credential authData.username'],
    ['the Basic secret', `bad key ${FAKE_SECRETS.basicSecret}`, 'credential authData.password'],
    ['a patient name', 'Cerbo: patient Quixworth already exists.', 'a value the user sent to Cerbo'],
    ['a date of birth', 'Cerbo: 1984-07-19 is not allowed.', 'a value the user sent to Cerbo'],
    ['an email', 'Cerbo: zq@example.org is taken.', 'a value the user sent to Cerbo'],
    ['a phone number', 'Cerbo: +1 503 555 0199 is not a number.', 'a value the user sent to Cerbo'],
    ["core's dump", 'Boom\nWhat happened:\n  Executing creates.x with bundle', 'core\'s "What happened" dump'],
  ])('flags %s', (_what, message, problem) => {
    const problems = messageProblems(message, cerboBundle, 'cerbo');
    expect(problems.map((found) => found.problem)).toContain(problem);
    // The excerpt shown in a report masks the value it flags.
    for (const found of problems) if (found.problem !== 'core\'s "What happened" dump') expect(found.excerpt).toContain('«…»');
  });

  it('flags tokens, API keys and webhook signing secrets of any connector, but not its input values', () => {
    const serebro = { authData: { access_token: FAKE_SECRETS.accessToken, refresh_token: FAKE_SECRETS.refreshToken }, inputData: { email: 'ada@example.com' } };
    expect(messageProblems(`expired ${FAKE_SECRETS.refreshToken}`, serebro).map((p) => p.problem)).toEqual(expect.arrayContaining(['credential authData.refresh_token']));
    expect(messageProblems('Serebro AI: ada@example.com is already a contact.', serebro)).toEqual([]);
    const hook = { authData: { api_key: 'sk_test_abcdefgh12345' }, subscribeData: { id: 'sub_1', secret: 'whsec_from_the_subscription_1' } };
    expect(messageProblems('Sergio signed it with whsec_from_the_subscription_1', hook).map((p) => p.problem)).toEqual(['secret subscribeData.secret']);
    expect(messageProblems('key sk_test_abcdefgh12345 revoked', hook).map((p) => p.problem)).toEqual(['credential authData.api_key']);
  });

  it('collects messages thrown out of an operation, so that a leaking connector fails the check', async () => {
    const app = {
      version: '1.0.0',
      platformVersion: zapier.version,
      creates: {
        quoting: {
          key: 'quoting',
          noun: 'Patient',
          display: { label: 'Quoting', description: 'Creates a careless message.' },
          operation: {
            perform: (z: zapier.ZObject, bundle: zapier.Bundle) => {
              throw new z.errors.Error(`Patient ${bundle.inputData.last_name} (${bundle.authData.username}) could not be saved.`, 'invalid', 400);
            },
            sample: { id: '1' },
          },
        },
      },
    };
    const before = messageFindings().length;
    await expect(makeTester(app)('creates.quoting.operation.perform', cerboBundle)).rejects.toThrow();
    const found = messageFindings().slice(before).map((finding) => finding.problem);
    expect(found).toEqual(expect.arrayContaining(['credential authData.username', 'a value the user sent to Cerbo']));
  });

  it('runs at the end of every other reliability test file (through itLeaksNothing)', () => {
    const dir = __dirname;
    const reaches = (file: string, seen = new Set<string>()): boolean => {
      if (seen.has(file)) return false;
      seen.add(file);
      const source = readFileSync(join(dir, file), 'utf8');
      if (/\bitLeaksNothing\(|\bitShowsUsersNothingSecret\(/.test(source) && !/export function itLeaksNothing/.test(source)) return true;
      return [...source.matchAll(/from '\.\/([\w-]+)'/g)].some(([, module]) => module !== 'leaks' && module !== 'messages' && reaches(`${module}.ts`, seen));
    };
    const files = readdirSync(dir).filter((file) => file.endsWith('.test.ts') && file !== 'harness.test.ts');
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => !reaches(file))).toEqual([]);
  });
});
