import type { Bundle, HttpMethod, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { baseUrl, clean, reach, REQUEST_TIMEOUT_MS, cursorPage, errorMapper, settle, settlesItself, type ErrorPolicy, type Expected } from '../../../kit';

export const SERVICE = 'Serebro AI';

/** Production origin; `SEREBRO_BASE_URL` points the connector at the sandbox (contract §4). */
export const origin = () => baseUrl('SEREBRO_BASE_URL', 'https://api.serebro.ai');
export const apiUrl = (path: string) => `${origin()}/v2${path}`;
export const oauthUrl = (path: string) => `${origin()}/oauth${path}`;

export const policy: ErrorPolicy = {
  service: SERVICE,
  canRefresh: true,
  reconnect: 'Reconnect your Serebro AI account in Zapier.',
  showApiMessages: true,
  forbidden: (refused, apiError) => {
    const scope = apiError?.details?.requiredScope;
    if (apiError?.code === 'insufficient_scope' && typeof scope === 'string') {
      return (
        `${SERVICE} refused ${refused.method} ${refused.path}: this connection was not granted the "${scope}" permission. ` +
        'Reconnect your Serebro AI account in Zapier and allow every permission asked for.'
      );
    }
    const reason = apiError?.message ? ` ${apiError.message}.` : '';
    return `${SERVICE} refused ${refused.method} ${refused.path} (HTTP 403).${reason} Check that your Serebro AI user may do this in that Location.`;
  },
};

/** The connector's one `afterResponse`. */
export const handleErrors = errorMapper(policy);

/** `z.request` with the kit's timeout and network-failure message. */
export const send = (z: ZObject, options: HttpRequestOptions & { url: string }): Promise<HttpResponse> =>
  reach(z, SERVICE, () => z.request({ timeout: REQUEST_TIMEOUT_MS, ...options }));

export const isAgency = (bundle: Bundle) => bundle.authData.user_type === 'Company';

export interface SerebroRequest<T = unknown> extends Expected<T> {
  method?: HttpMethod;
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /**
   * The operation acts in one Location: Agency connections send the Location chosen in the
   * `locationId` field (query for GET/DELETE, body otherwise).
   */
  inLocation?: boolean;
  /** The Location to use instead of the `locationId` input (unsubscribing uses the one subscribed in). */
  locationId?: string;
}

/** The request every operation makes: base URL, bearer token, Location, error mapping. */
export async function serebroRequest<T>(z: ZObject, bundle: Bundle, request: SerebroRequest<T>): Promise<T> {
  const method = request.method ?? 'GET';
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.params ?? {})) {
    if (value !== undefined && value !== '') params[key] = String(value);
  }
  let body = request.body;
  if (request.inLocation && isAgency(bundle)) {
    const chosen = request.locationId ?? bundle.inputData.locationId;
    const locationId = typeof chosen === 'string' ? chosen.trim() : '';
    if (!locationId) {
      throw new z.errors.Error(
        'Location is required: this is an Agency connection, so choose the Location to work in.',
        'invalid_input',
        400,
      );
    }
    if (method === 'GET' || method === 'DELETE') params.locationId = locationId;
    else body = { ...body, locationId };
  }

  const response = await send(z, {
    method,
    url: apiUrl(request.path),
    params,
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${bundle.authData.access_token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    skipThrowForStatus: settlesItself(request),
  });
  return settle<T>(z, bundle, response, request, handleErrors);
}

/** One page of a v2 list. */
export async function listPage<T>(
  z: ZObject,
  bundle: Bundle,
  path: string,
  params: Record<string, string | number | undefined>,
  inLocation = true,
): Promise<{ items: T[]; next: string | null }> {
  const page = await serebroRequest<{ data: T[]; meta?: { nextCursor?: string | null } }>(z, bundle, {
    path,
    params,
    inLocation,
  });
  return { items: page.data ?? [], next: page.meta?.nextCursor ?? null };
}

/** Inputs as trimmed text (the kit's), for the operations that import from here. */
export { clean };

/** A dropdown's page (Zapier's `bundle.meta.page`), 100 items at a time. */
export function dropdownPage<T>(
  z: ZObject,
  bundle: Bundle,
  path: string,
  params: Record<string, string | number | undefined> = {},
  inLocation = true,
): Promise<T[]> {
  return cursorPage(z, bundle, (cursor) => listPage<T>(z, bundle, path, { ...params, limit: 100, cursor }, inLocation));
}

/** A required input as trimmed text, or an error naming the field before any request. */
export function requireText(z: ZObject, value: unknown, label: string): string {
  const text = clean(value);
  if (!text) throw new z.errors.Error(`${label} is required: choose one from the list or map a value.`, 'invalid_input', 400);
  return text;
}
