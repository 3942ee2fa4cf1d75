import type { Bundle, ThrottleObject, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { baseUrl, builtOnce, cursorPage, endpointOf, requestFor, type ServicePolicy, type Shape } from '../../../kit';
import type { Option } from './schemas';

export const SERVICE = 'Sergio';

/** Where a Sergio admin makes API keys (linked from the connect screen and from errors). */
export const API_KEYS_URL = 'https://app.sergio.app/settings/api-keys';

/** Production origin; `SERGIO_BASE_URL` points the connector at the sandbox (docs/apis.md §4). */
const origin = (z: ZObject) => baseUrl(z, 'SERGIO_BASE_URL', 'https://api.sergio.app');
export const apiUrl = (path: string, z: ZObject) => `${origin(z)}/zapier/v1${path}`;

/**
 * The API's own per-key limits (docs/apis.md §2.2), declared on every operation so that Zapier queues work
 * before Sergio answers 429. The scope is the connection (`auth`): Sergio counts per API key, and one
 * connection is one key. Operations of one kind share a configuration, hence one budget.
 * REST-hook triggers cannot declare a throttle (Zapier's schema has none for hooks); their
 * registration limit (10/min) is met by Zapier subscribing once per Zap being turned on, and a 429
 * there still becomes a ThrottledError with Sergio's `Retry-After`.
 */
export const READ_THROTTLE: ThrottleObject = { window: 60, limit: 120, scope: ['auth'] };
export const WRITE_THROTTLE: ThrottleObject = { window: 60, limit: 60, scope: ['auth'] };

/**
 * `sk_live_…` or `sk_test_…` followed by letters, digits, `_` or `-`, as Sergio's documentation shows them (its own
 * example is `sk_live_your_api_key_here`): whitespace inside, a JWT or another prefix is refused.
 */
const API_KEY_FORMAT = /^sk_(?:live|test)_[A-Za-z0-9_-]+$/;

/** The key as pasted, checked before anything leaves Zapier: a typo or a main-API JWT is refused with what to do. */
function apiKey(z: ZObject, bundle: Bundle): string {
  const key = String(bundle.authData?.api_key ?? '').trim();
  if (!API_KEY_FORMAT.test(key)) {
    throw new z.errors.Error(
      'API Key does not look like a Sergio API key: it starts with "sk_live_" or "sk_test_" followed by letters, digits, "_" or "-". ' +
        `Copy it again from Settings › API Keys in your Sergio dashboard (${API_KEYS_URL}).`,
      'invalid_api_key_format',
      400,
    );
  }
  return key;
}

export const policy: ServicePolicy = {
  service: SERVICE,
  origin,
  canRefresh: false,
  reconnect: `The API key may have been revoked: reconnect Sergio in {platform} with an active key from Settings › API Keys in your Sergio dashboard (${API_KEYS_URL}).`,
  showApiMessages: true,
  redirectHint: 'Check that SERGIO_BASE_URL is unset (it is only for the local sandbox); if it is, contact support.',
  secrets: (authData) => [authData.api_key],
  credentials: (z, bundle) => ({ 'X-API-Key': apiKey(z, bundle) }),
  credentialNames: { headers: { 'X-API-Key': 'API Key' } },
  forbidden: (refused, apiError) => {
    const reason = apiError?.message ? ` ${apiError.message}.` : '';
    return (
      `${SERVICE} refused ${refused.method} ${endpointOf(policy, refused.path)} (HTTP 403).${reason} ` +
      'Check the scopes of this API key in Settings › API Keys in your Sergio dashboard.'
    );
  },
};

/** The request every operation makes: the Zapier API's base URL and the kit's request path. */
export const sergioRequest = requestFor(policy, { url: apiUrl });

/** A list answer of Sergio's (a search, a trigger's recent items): the items themselves, each of `item`'s shape. */
export const listOf = builtOnce(<T>(item: Shape<T>) => zm.array(item));

/** A dropdown page from `/options/*`. */
const OptionsPage = zm.object({
  data: zm.array(zm.looseObject({ id: zm.string().check(zm.minLength(1)), name: zm.string() })),
  next_cursor: zm.optional(zm.nullable(zm.string())),
});

/** A dropdown's page from `/options/*`, one `next_cursor` page per "Load more". */
export const optionsPage = (z: ZObject, bundle: Bundle, path: string): Promise<Option[]> =>
  cursorPage<Option>(z, bundle, async (cursor) => {
    const page = await sergioRequest(z, bundle, { path, params: { cursor }, shape: OptionsPage });
    return { items: page.data, next: page.next_cursor ?? null };
  });
