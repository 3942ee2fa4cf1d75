import { request as httpRequest } from 'node:http';
import { startSandbox, type Sandbox } from '..';
import { isLoopbackHost, isLoopbackOrigin, isOwnOrigin } from '../core/loopback';
import { sergioHandle } from '../sergio';

/**
 * The admin endpoints change the sandbox without credentials (create jobs, expire tokens, inject
 * faults), so a web page the developer happens to visit must not reach them through the browser:
 * neither by a form posted to 127.0.0.1 (its Origin gives it away) nor through a DNS name of its
 * own rebound to 127.0.0.1 (its Host gives it away).
 */

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request, so that Host and Origin are sent exactly as given (fetch rewrites Host). */
function send(sandbox: Sandbox, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: sandbox.port, method, path, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin endpoints answer this machine only', () => {
  let sandbox: Sandbox;
  let admin: Array<{ method: string; path: string; body?: string }>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const subdomain = sandbox.services.cerbo.credentials.subdomain as string;
    const { username } = sandbox.services.cerbo.credentials as { username: string };
    // One state-changing admin route of the sandbox itself and of each service.
    admin = [
      { method: 'POST', path: '/_admin/faults', body: JSON.stringify({ kind: 'status', status: 503 }) },
      { method: 'GET', path: '/_admin/state' },
      { method: 'POST', path: '/sergio/_admin/jobs', body: '{}' },
      { method: 'POST', path: '/serebro/_admin/expire-tokens', body: '{}' },
      { method: 'POST', path: `/cerbo/${subdomain}/_admin/exhaust`, body: JSON.stringify({ username }) },
    ];
  });
  afterAll(() => sandbox.close());

  const expectForbidden = (answer: Answer, because: RegExp) => {
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(because) } });
  };

  it('refuses a Host that is not loopback (DNS rebinding), and changes nothing', async () => {
    const jobs = sergioHandle(sandbox.services).store.jobs.length;
    for (const route of admin) {
      for (const host of ['evil.example', `evil.example:${sandbox.port}`, `127.0.0.1.evil.example:${sandbox.port}`, `evil.example@127.0.0.1:${sandbox.port}`]) {
        expectForbidden(await send(sandbox, route.method, route.path, { host }, route.body), /loopback requests only/);
      }
    }
    expect(sandbox.faults.list()).toEqual([]);
    expect(sergioHandle(sandbox.services).store.jobs.length).toBe(jobs);
  });

  it('refuses a browser request from a page on another origin, and changes nothing', async () => {
    const jobs = sergioHandle(sandbox.services).store.jobs.length;
    for (const route of admin) {
      for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example:${sandbox.port}`]) {
        const host = `127.0.0.1:${sandbox.port}`;
        expectForbidden(await send(sandbox, route.method, route.path, { host, origin }, route.body), /outside this machine/);
      }
    }
    expect(sandbox.faults.list()).toEqual([]);
    expect(sergioHandle(sandbox.services).store.jobs.length).toBe(jobs);
  });

  it('works from loopback, under every loopback name and from a loopback page', async () => {
    const jobs = sergioHandle(sandbox.services).store.jobs.length;
    const callers: Array<Record<string, string>> = [
      {},
      { host: `localhost:${sandbox.port}` },
      { host: `[::1]:${sandbox.port}` },
      { host: 'localhost' },
      { host: `127.0.0.1:${sandbox.port}`, origin: 'http://localhost:3000' },
      { host: `127.0.0.1:${sandbox.port}`, origin: sandbox.url },
    ];
    for (const headers of callers) {
      const created = await send(sandbox, 'POST', '/sergio/_admin/jobs', headers, '{}');
      expect(created.status).toBe(201);
      expect(JSON.parse(created.body)).toMatchObject({ status: 'scheduled' });
      expect((await send(sandbox, 'GET', '/_admin/state', headers)).status).toBe(200);
    }
    expect(sergioHandle(sandbox.services).store.jobs.length).toBe(jobs + callers.length);
    const fault = await send(sandbox, 'POST', '/_admin/faults', { origin: sandbox.url }, JSON.stringify({ kind: 'latency', delayMs: 1, times: 1 }));
    expect(fault.status).toBe(201);
    expect(sandbox.faults.list()).toHaveLength(1);
    sandbox.faults.clear();
  });

  it('leaves the services themselves reachable under any Host (the connectors call them through base URLs)', async () => {
    const key = sergioHandle(sandbox.services).credentials.apiKey;
    const me = await send(sandbox, 'GET', '/sergio/zapier/v1/me', { host: 'api.sergio.example', 'x-api-key': key });
    expect(me.status).toBe(200);
  });
});

describe('loopback names', () => {
  it('reads Host headers without being fooled by user info or look-alike names', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:4010', '127.1.2.3:80', 'localhost', 'LOCALHOST:4010', '[::1]', '[::1]:4010']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of [undefined, '', 'evil.example', 'evil.example@127.0.0.1', '127.0.0.1.evil.example', 'localhost.evil.example', '::1', '[::ffff:7f00:1]', '0.0.0.0', '127.0.0.1:4010/x']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('accepts loopback origins only, and the sandbox origin under any loopback name', () => {
    expect(isLoopbackOrigin('http://localhost:3000')).toBe(true);
    expect(isLoopbackOrigin('http://[::1]:4010')).toBe(true);
    for (const origin of ['null', 'https://evil.example', 'http://127.0.0.1.evil.example', 'http://127.0.0.1:4010/path', 'file://', 'chrome-extension://abc']) {
      expect(isLoopbackOrigin(origin)).toBe(false);
    }
    expect(isOwnOrigin('http://localhost:4010', 'http://127.0.0.1:4010')).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:4011', 'http://127.0.0.1:4010')).toBe(false);
    expect(isOwnOrigin('https://127.0.0.1:4010', 'http://127.0.0.1:4010')).toBe(false);
    expect(isOwnOrigin('https://evil.example:4010', 'http://127.0.0.1:4010')).toBe(false);
  });
});
