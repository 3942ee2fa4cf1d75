import type { Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { baseUrl, builtOnce, clean, cursorPage, endpointOf, invalidInput, readPages, record, remembered, requestFor, segment, type ApiError, type PathRequest, type ServicePolicy, type Shape } from '../../../kit';
import { CustomField } from './schemas';

export const SERVICE = 'Serebro AI';

/** Production origin; `SEREBRO_BASE_URL` points the connector at the sandbox (docs/apis.md §4). */
export const origin = (z: ZObject) => baseUrl(z, 'SEREBRO_BASE_URL', 'https://api.serebro.ai');
export const apiUrl = (path: string, z: ZObject) => `${origin(z)}/v2${path}`;
export const oauthUrl = (z: ZObject, path: string) => `${origin(z)}/oauth${path}`;

export const RECONNECT = 'Reconnect your Serebro AI account in {platform}.';

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
        `${SERVICE} refused ${refused.method} ${endpointOf(policy, refused.path)}: this connection was not granted the "${scope}" permission. ` +
        'Reconnect your Serebro AI account in {platform} and allow every permission asked for.'
      );
    }
    const reason = apiError?.message ? ` ${apiError.message}.` : '';
    return `${SERVICE} refused ${refused.method} ${endpointOf(policy, refused.path)} (HTTP 403).${reason} Check that your Serebro AI user may do this in that Location.`;
  },
};

export const isAgency = (bundle: Bundle) => bundle.authData.user_type === 'Company';

/** What a Serebro request may say besides the kit's: the Location it acts in. */
export interface InLocation {
  /**
   * The Location the request acts in: the step's Location input (`bundle.inputData.locationId`), or the
   * one a subscription was made in. Agency connections send it (query for GET/DELETE, body otherwise) and
   * refuse a request without one; a Location connection is one Location already. Left out by the few
   * requests that act in no Location (`/me`, `/locations`).
   */
  location?: unknown;
}

/** The query and body of a request: with the Location it acts in, on an Agency connection. */
function inLocation(z: ZObject, bundle: Bundle, request: PathRequest<unknown> & InLocation): Pick<PathRequest<unknown>, 'params' | 'body'> {
  if (!('location' in request) || !isAgency(bundle)) return request;
  const locationId = typeof request.location === 'string' ? request.location.trim() : '';
  if (!locationId) invalidInput(z, 'Location is required: this is an Agency connection, so choose the Location to work in.');
  const method = request.method ?? 'GET';
  if (method === 'GET' || method === 'DELETE') return { params: { ...request.params, locationId }, body: request.body };
  return { params: request.params, body: { ...request.body, locationId } };
}

/** The request every operation makes: v2 base URL, Location for Agency connections, the kit's request path. */
export const serebroRequest = requestFor<InLocation>(policy, { url: apiUrl, prepare: inLocation });

const nextCursor = zm.optional(zm.nullable(zm.object({ nextCursor: zm.optional(zm.nullable(zm.string())) })));

/** A v2 list page: `{data: [items], meta: {nextCursor}}`. */
const listEnvelope = builtOnce(<T>(item: Shape<T>) => zm.object({ data: zm.array(item), meta: nextCursor }));

/** A page of a v2 list: its path, query and Location, and the shape of one of its items (`recordOf(Contact)`). */
interface ListRequest<T> extends Pick<PathRequest<T>, 'path' | 'params'>, InLocation {
  item: Shape<T>;
}

/** One page of a v2 list. */
export async function listPage<T>(z: ZObject, bundle: Bundle, { item, ...list }: ListRequest<T>): Promise<{ items: T[]; next: string | null }> {
  const page = await serebroRequest(z, bundle, { ...list, shape: listEnvelope(item) });
  return { items: page.data, next: page.meta?.nextCursor ?? null };
}

/** A dropdown's page (Zapier's `bundle.meta.page`), 100 items at a time. */
export function dropdownPage<T>(z: ZObject, bundle: Bundle, list: ListRequest<T>): Promise<T[]> {
  return cursorPage(z, bundle, (cursor) => listPage(z, bundle, { ...list, params: { ...list.params, limit: 100, cursor } }));
}

/** A dropdown trigger's perform: the items of `path` in the Location of the step the dropdown fills (its Location input). */
export function dropdownOf<T>(path: string, item: Shape<T>, params: ListRequest<T>['params'] = {}) {
  return (z: ZObject, bundle: Bundle): Promise<T[]> => dropdownPage(z, bundle, { path, params, location: bundle.inputData.locationId, item });
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
  const params = (cursor: string | undefined) => ({ model, limit: 100, cursor });
  const items = await readPages(z, CUSTOM_FIELD_PAGES, (cursor) =>
    listPage(z, bundle, { path: '/custom-fields', params: params(cursor), location: bundle.inputData.locationId, item: record }),
  );
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
  { contactId, tags, location }: { contactId: string; tags: string[] } & InLocation,
): Promise<{ id: string; tags: string[] }> {
  const path = `/contacts/${segment(z, contactId, 'Contact')}/tags`;
  const answer = await serebroRequest(z, bundle, { method, path, body: { tags }, location, shape: tagsAnswer });
  return { id: contactId, tags: answer.tags };
}
