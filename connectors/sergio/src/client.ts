import type { Bundle, BeforeRequestMiddleware, HttpMethod, HttpResponse, ThrottleObject, ZObject } from 'zapier-platform-core';
import { baseUrl, clean, cursorPage, reach, REQUEST_TIMEOUT_MS, errorMapper, settle, settlesItself, type ErrorPolicy, type Expected } from '../../../kit';
import type { Option, OptionsPage } from './schemas';

export const SERVICE = 'Sergio';

/** Where a Sergio admin makes API keys (linked from the connect screen and from errors). */
export const API_KEYS_URL = 'https://app.sergio.app/settings/api-keys';

/** Production origin; `SERGIO_BASE_URL` points the connector at the sandbox (contract §4). */
export const apiUrl = (path: string) => `${baseUrl('SERGIO_BASE_URL', 'https://api.sergio.app')}/zapier/v1${path}`;

/**
 * The API's own per-key limits (seed 002), declared on every operation so that Zapier queues work
 * before Sergio answers 429. The scope is the connection (`auth`): Sergio counts per API key, and one
 * connection is one key. Operations of one kind share a configuration, hence one budget.
 * REST-hook triggers cannot declare a throttle (Zapier's schema has none for hooks); their
 * registration limit (10/min) is met by Zapier subscribing once per Zap being turned on, and a 429
 * there still becomes a ThrottledError with Sergio's `Retry-After`.
 */
export const READ_THROTTLE: ThrottleObject = { window: 60, limit: 120, scope: ['auth'] };
export const WRITE_THROTTLE: ThrottleObject = { window: 60, limit: 60, scope: ['auth'] };

/** `sk_live_…` or `sk_test_…`, as the Sergio dashboard issues them. */
const API_KEY_FORMAT = /^sk_(?:live|test)_[A-Za-z0-9]{8,}$/;

export const policy: ErrorPolicy = {
  service: SERVICE,
  canRefresh: false,
  reconnect: `The API key may have been revoked: reconnect Sergio in Zapier with an active key from Settings › API Keys in your Sergio dashboard (${API_KEYS_URL}).`,
  showApiMessages: true,
  forbidden: (refused, apiError) => {
    const reason = apiError?.message ? ` ${apiError.message}.` : '';
    return (
      `${SERVICE} refused ${refused.method} ${refused.path} (HTTP 403).${reason} ` +
      'Check the scopes of this API key in Settings › API Keys in your Sergio dashboard.'
    );
  },
};

/** The connector's one `afterResponse`. */
export const handleErrors = errorMapper(policy);

/**
 * Sends the key as `X-API-Key` on every request, after checking its shape: a key pasted with a
 * typo (or a JWT from the main API) is refused here, before anything leaves Zapier.
 */
export const addApiKey: BeforeRequestMiddleware = (request, z, bundle) => {
  const key = String(bundle.authData?.api_key ?? '').trim();
  if (!API_KEY_FORMAT.test(key)) {
    throw new z.errors.Error(
      'API Key does not look like a Sergio API key: it starts with "sk_live_" or "sk_test_". ' +
        `Copy it again from Settings › API Keys in your Sergio dashboard (${API_KEYS_URL}).`,
      'invalid_api_key_format',
      400,
    );
  }
  request.headers = { ...request.headers, 'X-API-Key': key, Accept: 'application/json' };
  return request;
};

export interface SergioRequest<T = unknown> extends Expected<T> {
  method?: HttpMethod;
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
}

/** The request every operation makes: base URL, key (added by `addApiKey`), error mapping. */
export async function sergioRequest<T>(z: ZObject, bundle: Bundle, request: SergioRequest<T>): Promise<T> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.params ?? {})) {
    if (value !== undefined && value !== '') params[key] = String(value);
  }
  const response: HttpResponse = await reach(z, SERVICE, () =>
    z.request({
      timeout: REQUEST_TIMEOUT_MS,
      method: request.method ?? 'GET',
      url: apiUrl(request.path),
      params,
      headers: request.body ? { 'Content-Type': 'application/json' } : {},
      body: request.body ? JSON.stringify(request.body) : undefined,
      skipThrowForStatus: settlesItself(request),
    }),
  );
  return settle<T>(z, bundle, response, request, handleErrors);
}

/** Inputs as trimmed text (the kit's), for the operations that import from here. */
export { clean };

/** A required input as trimmed text, or an error naming the field before any request. */
export function requireText(z: ZObject, value: unknown, label: string): string {
  const text = clean(value);
  if (!text) throw new z.errors.Error(`${label} is required.`, 'invalid_input', 400);
  return text;
}

/** A dropdown's page from `/options/*`, one `next_cursor` page per "Load more". */
export const optionsPage = (z: ZObject, bundle: Bundle, path: string): Promise<Option[]> =>
  cursorPage<Option>(z, bundle, async (cursor) => {
    const page = await sergioRequest<OptionsPage>(z, bundle, { path, params: { cursor } });
    return { items: page.data ?? [], next: page.next_cursor };
  });
