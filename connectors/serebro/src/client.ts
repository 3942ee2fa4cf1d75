import type { Bundle, HttpMethod, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { baseUrl, callApi, cursorPage, invalidInput, record, records, type Expected, type ServicePolicy, type Shape } from '../../../kit';

export const SERVICE = 'Serebro AI';

/** Production origin; `SEREBRO_BASE_URL` points the connector at the sandbox (contract §4). */
export const origin = () => baseUrl('SEREBRO_BASE_URL', 'https://api.serebro.ai');
export const apiUrl = (path: string) => `${origin()}/v2${path}`;
export const oauthUrl = (path: string) => `${origin()}/oauth${path}`;

export const RECONNECT = 'Reconnect your Serebro AI account in Zapier.';

export const policy: ServicePolicy = {
  service: SERVICE,
  origin,
  canRefresh: true,
  reconnect: RECONNECT,
  showApiMessages: true,
  redirectHint: 'Check that SEREBRO_BASE_URL is unset (it is only for the local sandbox); if it is, contact support.',
  secrets: (authData) => [authData.access_token, authData.refresh_token, process.env.CLIENT_SECRET],
  credentials: (_z, bundle) => ({ Authorization: `Bearer ${bundle.authData.access_token ?? ''}` }),
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

export const isAgency = (bundle: Bundle) => bundle.authData.user_type === 'Company';

export interface SerebroRequest<T = unknown> extends Expected<T> {
  method?: HttpMethod;
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** The answer's shape: a record with an id unless said otherwise; `null` for an answer without a body. */
  shape?: Shape<T> | null;
  /**
   * The operation acts in one Location: Agency connections send the Location chosen in the
   * `locationId` field (query for GET/DELETE, body otherwise).
   */
  inLocation?: boolean;
  /** The Location to use instead of the `locationId` input (unsubscribing uses the one subscribed in). */
  locationId?: string;
}

/** The request every operation makes: v2 base URL, Location for Agency connections, the kit's request path. */
export async function serebroRequest<T>(z: ZObject, bundle: Bundle, request: SerebroRequest<T>): Promise<T> {
  const method = request.method ?? 'GET';
  const params = { ...request.params };
  let body = request.body;
  if (request.inLocation && isAgency(bundle)) {
    const chosen = request.locationId ?? bundle.inputData.locationId;
    const locationId = typeof chosen === 'string' ? chosen.trim() : '';
    if (!locationId) invalidInput(z, 'Location is required: this is an Agency connection, so choose the Location to work in.');
    if (method === 'GET' || method === 'DELETE') params.locationId = locationId;
    else body = { ...body, locationId };
  }
  const shape = request.shape === null ? undefined : (request.shape ?? (record as unknown as Shape<T>));
  return callApi<T>(z, bundle, policy, { ...request, method, url: apiUrl(request.path), params, body, shape });
}

const nextCursor = zm.optional(zm.nullable(zm.object({ nextCursor: zm.optional(zm.nullable(zm.string())) })));

/** A v2 list page: `{data: [items], meta: {nextCursor}}`, its items records unless a finer shape is given. */
const listEnvelope = (items: Shape<unknown[]> = records) => zm.object({ data: items, meta: nextCursor });

/** One page of a v2 list. */
export async function listPage<T>(
  z: ZObject,
  bundle: Bundle,
  path: string,
  params: Record<string, string | number | undefined>,
  inLocation = true,
  items?: Shape<T[]>,
): Promise<{ items: T[]; next: string | null }> {
  const page = await serebroRequest(z, bundle, { path, params, inLocation, shape: listEnvelope(items as Shape<unknown[]> | undefined) });
  return { items: page.data as unknown as T[], next: page.meta?.nextCursor ?? null };
}

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
