/**
 * The sandbox's `rateLimitScale` option: every service's limits multiplied by it (windows unchanged), the
 * headers and messages stating the scaled limits, and the published limits when it is not given.
 */
import { startSandbox, type Sandbox } from '..';
import { cerboHandle, REQUESTS_PER_MINUTE } from '../cerbo';
import { BURST_LIMIT, DAILY_LIMIT } from '../serebro/ratelimit';
import { connect, v2 } from '../serebro/test/helpers';
import { LIMITS, sergioHandle } from '../sergio';

/** Waits until `windowMs` has at least 2 s left, so that a few quick requests fall in one fixed window. */
async function clearOfWindowEnd(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 2_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Sends `send` until it is answered 429 (at most `max` times): how many were let through, and the 429. */
async function untilRefused(send: () => Promise<Response>, max: number): Promise<{ allowed: number; refused?: Response }> {
  for (let allowed = 0; allowed < max; allowed += 1) {
    const response = await send();
    if (response.status === 429) return { allowed, refused: response };
    await response.arrayBuffer();
  }
  return { allowed: max };
}

describe('without rateLimitScale', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'scale-default' });
  });
  afterAll(() => sandbox.close());

  it('enforces the published limits', async () => {
    const { access_token } = await connect(sandbox);
    const me = await v2(sandbox, access_token)('GET', '/me');
    expect(me.headers.get('x-ratelimit-max')).toBe(String(BURST_LIMIT));
    expect(me.headers.get('x-ratelimit-limit-daily')).toBe(String(DAILY_LIMIT));
    expect([BURST_LIMIT, DAILY_LIMIT, LIMITS.write, LIMITS.read, REQUESTS_PER_MINUTE]).toEqual([100, 200_000, 60, 120, 60]);
    expect(cerboHandle(sandbox.services).limits.limit).toBe(REQUESTS_PER_MINUTE);
  });
});

describe('rateLimitScale 0.05', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'scale-small', rateLimitScale: 0.05 });
  });
  afterAll(() => sandbox.close());

  it('lets Serebro AI take 5 requests in 10 s, then answers 429 with headers and message stating 5', async () => {
    const call = v2(sandbox, (await connect(sandbox)).access_token);
    await clearOfWindowEnd(10_000);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await call('GET', '/me');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.headers.get('x-ratelimit-max')).toBe('5');
    expect(last?.headers.get('x-ratelimit-limit-daily')).toBe('10000');
    expect(last?.headers.get('x-ratelimit-interval-milliseconds')).toBe('10000');
    expect(last?.body).toEqual({ error: { code: 'rate_limited', message: 'More than 5 requests in 10 seconds' } });
  });

  it('lets Sergio take 3 writes a minute and 6 reads, each counted apart', async () => {
    const key = sergioHandle(sandbox.services).credentials.apiKey;
    const api = `${sandbox.url}/sergio/zapier/v1`;
    await clearOfWindowEnd(60_000);
    let made = 0;
    const write = () => {
      made += 1;
      return fetch(`${api}/actions/create-customer`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Scaled ${made}` }),
      });
    };
    const writes = await untilRefused(write, 10);
    expect(writes.allowed).toBe(3);
    expect(Number(writes.refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await writes.refused?.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('write requests (limit 3 per minute)') } });
    const reads = await untilRefused(() => fetch(`${api}/me`, { headers: { 'x-api-key': key } }), 20);
    expect(reads.allowed).toBe(6);
  });

  it('lets a Cerbo API user take 3 requests a minute', async () => {
    const { subdomain, username, password } = cerboHandle(sandbox.services).credentials;
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    await clearOfWindowEnd(60_000);
    const read = () => fetch(`${sandbox.url}/cerbo/${subdomain}/api/v1/users?limit=1`, { headers: { authorization } });
    const { allowed, refused } = await untilRefused(read, 10);
    expect(allowed).toBe(3);
    expect(await refused?.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many requests: at most 3 per minute per API user' } });
  });
});

describe('rateLimitScale 2', () => {
  it('doubles the limits', async () => {
    const sandbox = await startSandbox({ seed: 'scale-large', rateLimitScale: 2 });
    try {
      const me = await v2(sandbox, (await connect(sandbox)).access_token)('GET', '/me');
      expect(me.headers.get('x-ratelimit-max')).toBe('200');
      expect(cerboHandle(sandbox.services).limits.limit).toBe(120);
    } finally {
      await sandbox.close();
    }
  });
});

it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rateLimitScale of %p', async (scale) => {
  await expect(startSandbox({ rateLimitScale: scale })).rejects.toThrow('rateLimitScale must be a number above 0');
});
