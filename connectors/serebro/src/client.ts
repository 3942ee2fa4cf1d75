import type { Bundle, HttpMethod, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { baseUrl, callApi, clean, cursorPage, invalidInput, readPages, remembered, record, records, segment, type ApiError, type Expected, type ServicePolicy, type Shape } from '../../../kit';
import { CustomField } from './schemas';

export const SERVICE = 'Serebro AI';

/** Production origin; `SEREBRO_BASE_URL` points the connector at the sandbox (docs/apis.md §4). */
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
  credentialNames: { headers: { Authorization: 'access token' } },
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

/** A 409 names the contact that already has the email, so the user can update or find it instead. */
export const explainDuplicate = (status: number, error: ApiError | undefined): string | undefined => {
  const existing = error?.details?.contactId;
  if (status === 409 && error?.code === 'duplicate_contact' && typeof existing === 'string') {
    return (
      `A contact with this email already exists in Serebro AI (contact ID ${existing}). ` +
      'Use Update Contact for it, or Find Contact with "Create Serebro AI Contact if it doesn\'t exist yet?".'
    );
  }
  return undefined;
};

export type CustomFieldModel = CustomField['model'];

/**
 * How long a connection's custom-field definitions are reused across steps: a field added in Serebro AI
 * shows up within a minute, and a Zap that runs often costs one request a minute instead of one a step.
 */
export const CUSTOM_FIELDS_TTL_SECONDS = 60;
/**
 * A Location has a few dozen custom fields: 5 pages of 100 is more than any needs. The definitions only
 * label values and find fields by name, so at a bound (a cursor given again, or a sixth page) the step goes
 * on with the fields read so far rather than stop over them.
 */
const CUSTOM_FIELD_PAGES = { service: SERVICE, endpoint: 'GET /v2/custom-fields', maxPages: 5, atBound: 'keep' } as const;

async function fetchCustomFields(z: ZObject, bundle: Bundle, model: CustomFieldModel): Promise<CustomField[]> {
  const items = await readPages(z, CUSTOM_FIELD_PAGES, (cursor) => listPage<unknown>(z, bundle, '/custom-fields', { model, limit: 100, cursor }));
  // A data type this integration does not know yet is left out: its values stay in the raw Custom Fields.
  return items.flatMap((item) => {
    const field = zm.safeParse(CustomField, item);
    return field.success ? [field.data] : [];
  });
}

/**
 * The Location's custom fields of one model (docs/apis.md §1.3a): at most one request per step, and
 * none while Zapier's cache holds them for this connection and Location.
 */
export function customFieldsOf(z: ZObject, bundle: Bundle, model: CustomFieldModel): Promise<CustomField[]> {
  const location = isAgency(bundle) ? clean(bundle.inputData.locationId) : clean(bundle.authData.location_id);
  return remembered(z, `custom-fields:${model}:${location ?? 'connection'}`, { ttlSeconds: CUSTOM_FIELDS_TTL_SECONDS, shape: zm.array(CustomField) }, () =>
    fetchCustomFields(z, bundle, model),
  );
}

/** The contact's tags after a change. */
const tagsAnswer = zm.object({ tags: zm.array(zm.string()) });

/**
 * Adds (POST) or removes (DELETE) some of a contact's tags, keeping the others (docs/apis.md §1.3a), in one
 * request; the answer is the contact's tags afterwards, returned with the contact's id.
 */
export async function changeContactTags(
  z: ZObject,
  bundle: Bundle,
  method: 'POST' | 'DELETE',
  contactId: string,
  tags: string[],
): Promise<{ id: string; tags: string[] }> {
  const answer = await serebroRequest(z, bundle, { method, path: `/contacts/${segment(z, contactId, 'Contact')}/tags`, body: { tags }, inLocation: true, shape: tagsAnswer });
  return { id: contactId, tags: answer.tags };
}
