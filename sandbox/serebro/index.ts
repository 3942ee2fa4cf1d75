import type { FastifyReply } from 'fastify';
import { ApiError } from '../core/errors';
import type { SandboxService, ServiceHandle } from '../core/service';
import { registerOAuth } from './oauth';
import { createRateLimits, rateLimitHeaders, sendRateLimited } from './ratelimit';
import { registerAccount } from './routes/me';
import { registerAppointments } from './routes/appointments';
import { registerContacts } from './routes/contacts';
import { registerCustomFields } from './routes/custom-fields';
import { registerOpportunities } from './routes/opportunities';
import { registerTags } from './routes/tags';
import { registerWebhooks } from './routes/webhooks';
import { registerWorkflows } from './routes/workflows';
import { SCOPES, SerebroStore } from './store';
import { registerV1, type ApiKeyOwner } from './v1';
import { registerV2 } from './v2';

export { SCOPES } from './store';

export interface SerebroCredentials {
  clientId: string;
  clientSecret: string;
  /** Loopback URLs and Zapier's OAuth return page are accepted. */
  redirectUris: string[];
  scopes: string[];
  companyId: string;
  locationIds: string[];
  user: { id: string; name: string; email: string };
  /** The legacy v1 API (read only, API keys), served at `/serebro/v1`. */
  v1: { baseUrl: string; locationApiKeys: Record<string, string>; agencyApiKey: string };
}

/** The Serebro twin's handle, with the store for tests that need to look inside. */
export interface SerebroHandle extends ServiceHandle {
  credentials: SerebroCredentials & Record<string, unknown>;
  store: SerebroStore;
  /** Makes every access token (or the one given) expire now, so the next request answers 401. */
  expireAccessTokens(token?: string): number;
}

/** The typed handle from `startSandbox().services`. */
export function serebroHandle(services: Record<string, ServiceHandle>): SerebroHandle {
  const handle = services.serebro as SerebroHandle | undefined;
  if (!handle || !('store' in handle)) throw new Error('The sandbox has no Serebro twin');
  return handle;
}

/**
 * Serebro AI (docs/apis.md §1): OAuth 2.0 at `/serebro/oauth`, the v2 API at `/serebro/v2`, the legacy
 * v1 API at `/serebro/v1`, sandbox-only admin endpoints at `/serebro/_admin`.
 */
export const serebroService: SandboxService = {
  name: 'serebro',
  prefix: '/serebro',
  async register(scope, context) {
    const store = new SerebroStore(context.ids);
    const limits = createRateLimits(context.options.rateLimitScale);
    registerOAuth(scope, store, context);
    let workflows: { close(): void } | undefined;
    await scope.register(
      async (v2) => {
        const api = registerV2(v2, store, context, limits);
        registerAccount(v2, api);
        registerContacts(v2, api);
        registerTags(v2, api);
        registerCustomFields(v2, api);
        registerOpportunities(v2, api);
        registerAppointments(v2, api);
        workflows = registerWorkflows(v2, api);
        registerWebhooks(v2, api);
      },
      { prefix: '/v2' },
    );

    // Legacy v1 API keys (docs/apis.md §1.4): one per Location, one for the Agency.
    const apiKeys = new Map<string, ApiKeyOwner>();
    const locationKeys: Record<string, string> = {};
    for (const location of store.locations) {
      const key = `lk_${context.ids.secret(`v1-key:${location.id}`, 32)}`;
      locationKeys[location.id] = key;
      apiKeys.set(key, { locationId: location.id, companyId: store.company.id });
    }
    const agencyKey = `ak_${context.ids.secret('v1-key:agency', 32)}`;
    apiKeys.set(agencyKey, { locationId: null, companyId: store.company.id });
    await scope.register(async (v1) => registerV1(v1, store, apiKeys, limits), { prefix: '/v1' });

    const expireAccessTokens = (token?: string) => {
      let count = 0;
      for (const access of store.accessTokens.values()) {
        if (token === undefined || access.token === token) {
          access.expiresAt = Date.now() - 1;
          count += 1;
        }
      }
      return count;
    };

    scope.post<{ Body: { token?: string } | undefined }>('/_admin/expire-tokens', async (request) => {
      const token = request.body?.token;
      if (token !== undefined && typeof token !== 'string') {
        throw new ApiError(422, 'validation_error', 'token must be a string', { field: 'token' });
      }
      return { expired: expireAccessTokens(token) };
    });
    /** Uses up the burst (default) or the daily allowance of every connection, as a 429 storm does. */
    scope.post<{ Body: { window?: string } | undefined }>('/_admin/exhaust-rate-limit', async (request) => {
      const which = request.body?.window ?? 'burst';
      if (which !== 'burst' && which !== 'daily') {
        throw new ApiError(422, 'validation_error', 'window must be burst or daily', { field: 'window' });
      }
      for (const access of store.accessTokens.values()) {
        limits[which].exhaust(`${access.clientId}:${access.locationId ?? access.companyId}`);
      }
      return { exhausted: which };
    });
    scope.post('/_admin/reset-rate-limits', async () => {
      limits.burst.reset();
      limits.daily.reset();
      return { reset: true };
    });
    scope.get('/_admin/state', async () => store.summary());

    const handle: SerebroHandle = {
      credentials: {
        clientId: store.client.clientId,
        clientSecret: store.client.clientSecret,
        redirectUris: [
          'http://127.0.0.1:<any port>/<any path>',
          'http://localhost:<any port>/<any path>',
          'https://zapier.com/dashboard/auth/oauth/return/<App id>CLIAPI/',
        ],
        scopes: [...SCOPES],
        companyId: store.company.id,
        locationIds: store.locations.map((l) => l.id),
        user: store.user,
        v1: { baseUrl: '<origin>/serebro/v1', locationApiKeys: locationKeys, agencyApiKey: agencyKey },
      },
      store,
      expireAccessTokens,
      env: (origin) => ({
        SEREBRO_BASE_URL: `${origin}/serebro`,
        CLIENT_ID: store.client.clientId,
        CLIENT_SECRET: store.client.clientSecret,
      }),
      rateLimited: (reply: FastifyReply, retryAfter?: number) => {
        rateLimitHeaders(reply, limits, { remaining: 0 }, { remaining: Math.max(1, limits.daily.limit - 1_000) });
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        return sendRateLimited(reply, limits, 'burst');
      },
      state: () => store.summary(),
      close: () => workflows?.close(),
    };
    return handle;
  },
};
