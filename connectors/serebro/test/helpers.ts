import nock from 'nock';

/** Production origin: unit tests run with SEREBRO_BASE_URL unset, as deployed code does. */
export const ORIGIN = 'https://api.serebro.ai';
export const TOKEN = 'sat_unit_access_token';

export const locationAuth = {
  access_token: TOKEN,
  refresh_token: 'srt_unit_refresh_token',
  user_type: 'Location',
  location_id: 'loc_downtown',
  company_id: 'co_northwind',
};

export const agencyAuth = { ...locationAuth, user_type: 'Company', location_id: '' };

/** The five rate-limit headers Serebro sends on every response (contract §1.2). */
export function rateLimitHeaders(remaining = 99, dailyRemaining = 199_000): Record<string, string> {
  return {
    'X-RateLimit-Limit-Daily': '200000',
    'X-RateLimit-Daily-Remaining': String(dailyRemaining),
    'X-RateLimit-Interval-Milliseconds': '10000',
    'X-RateLimit-Max': '100',
    'X-RateLimit-Remaining': String(remaining),
  };
}

/** The v2 API, answering only requests that carry the bearer token. */
export function api(): nock.Scope {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).defaultReplyHeaders(rateLimitHeaders());
}

export function resetEnv(): void {
  delete process.env.SEREBRO_BASE_URL;
  process.env.CLIENT_ID = 'client_unit.apps.serebro.ai';
  process.env.CLIENT_SECRET = 'sk_client_unit_secret';
}

/**
 * `z.cursor` goes through Zapier's RPC service: this stands in for it (with the deploy key the
 * CLI's test mode asks for) and keeps the cursor in memory.
 */
export function mockCursorStore(): { cursor: string } {
  const store = { cursor: '' };
  process.env.ZAPIER_DEPLOY_KEY = 'unit-test-deploy-key';
  nock('https://rpc.zapier.com')
    .persist()
    .post('/cli')
    .reply(200, (_uri, body) => {
      const call = (typeof body === 'string' ? JSON.parse(body) : body) as { id: string; method: string; params: string[] };
      if (call.method === 'set_cursor') store.cursor = call.params[0];
      return { id: call.id, result: call.method === 'get_cursor' ? store.cursor : null };
    });
  return store;
}

/** An error's parsed message: Zapier's errors carry JSON `{message, code, status}` or `{message, delay}`. */
export function details(error: unknown): Record<string, unknown> & { name: string } {
  const e = error as Error;
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(e.message) as Record<string, unknown>;
  } catch {
    parsed = { message: e.message };
  }
  return { ...parsed, name: e.name };
}

export async function failure(promise: Promise<unknown>): Promise<Record<string, unknown> & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return details(error);
  }
  throw new Error('expected the operation to fail');
}

/**
 * Catches any request to the API: for inputs that must be refused before anything is sent.
 * Register it in the test itself (nock matches interceptors in the order they were added).
 */
export function tripwire(): { sent: () => boolean } {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const scope = nock(ORIGIN);
  for (const method of methods) scope.intercept(() => true, method).reply(500, { error: { code: 'tripwire', message: 'unexpected request' } });
  return { sent: () => scope.pendingMocks().length < methods.length };
}
