/**
 * Cerbo's policy and request helper. Cerbo holds health records, so no response body, and no value the
 * user sent, ever reaches a log line or an error message: errors are built from the status, the code,
 * the refused endpoint and field names this file knows.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { baseUrl, builtOnce, createdWithin, endpointOf, offsetPage, readPages, requestFor, type ApiError, type PathRequest, type RequestLine, type ServicePolicy, type Shape } from '../../../kit';

export const SERVICE = 'Cerbo';

export const WHERE_CREDENTIALS = 'Admin → Manage → Integrations → API User Management';

/** Production origin per practice; `CERBO_BASE_URL` (which may contain `{subdomain}`) points at the sandbox. */
const PRODUCTION_ORIGIN = 'https://{subdomain}.md-hq.com';

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const USERNAME = /^pk_[A-Za-z0-9_-]+$/;

/**
 * The practice subdomain from what the user typed: `acme`, `acme.md-hq.com` or a pasted
 * `https://acme.md-hq.com/...` all give `acme`. Undefined when it is not a valid host label.
 */
export function normaliseSubdomain(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let host = raw.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split(/[/?#]/)[0].replace(/:\d*$/, '');
  if (host.endsWith('.md-hq.com')) host = host.slice(0, -'.md-hq.com'.length);
  return HOST_LABEL.test(host) ? host : undefined;
}

export interface Credentials {
  subdomain: string;
  username: string;
  password: string;
}

/** Checks the connection's fields before any request; each failure names the field (never its value). */
export function credentialsFrom(z: ZObject, authData: Bundle['authData']): Credentials {
  const subdomain = normaliseSubdomain(authData.subdomain);
  if (!subdomain) {
    throw new z.errors.Error(
      'Subdomain must be your practice\'s Cerbo subdomain: the part before .md-hq.com in the address you sign in at ' +
        '(lowercase letters, digits and hyphens, e.g. "acme" for acme.md-hq.com).',
      'invalid_auth_field',
      400,
    );
  }
  const username = typeof authData.username === 'string' ? authData.username.trim() : '';
  if (!USERNAME.test(username)) {
    throw new z.errors.Error(
      'Username (Public Key) must be the API user\'s username: it starts with "pk_" and holds only letters, digits, "_" and "-". ' +
        `Find it in Cerbo under ${WHERE_CREDENTIALS}.`,
      'invalid_auth_field',
      400,
    );
  }
  const password = typeof authData.password === 'string' ? authData.password.trim() : '';
  if (!password) {
    throw new z.errors.Error(
      `Secret Key is required: it was shown once when the API user was created in ${WHERE_CREDENTIALS}. ` +
        'If it was not saved, generate a new one there.',
      'invalid_auth_field',
      400,
    );
  }
  return { subdomain, username, password };
}

/** The practice's API origin: the production host for its subdomain, or `CERBO_BASE_URL` with `{subdomain}` filled in. */
export function practiceBase(z: ZObject, bundle: Bundle): string {
  const { subdomain } = credentialsFrom(z, bundle.authData);
  return baseUrl(z, 'CERBO_BASE_URL', PRODUCTION_ORIGIN).replace('{subdomain}', subdomain);
}

/** The address of a path of the practice's API (`/patients` → `https://acme.md-hq.com/api/v1/patients`). */
export function apiUrl(path: string, z: ZObject, bundle: Bundle): string {
  return `${practiceBase(z, bundle)}/api/v1${path}`;
}

/** What each endpoint needs from the API user's permission profile, in the words of Cerbo's admin. */
function permissionFor(refused: RequestLine): string {
  const resource = /\/api\/v1\/([a-z_]+)/.exec(refused.path)?.[1] ?? '';
  const reading = refused.method === 'GET';
  switch (resource) {
    case 'users':
      return 'reading users (providers)';
    case 'patients':
      return reading ? 'reading patients' : 'creating and changing patients';
    case 'appointments':
      return reading ? 'reading appointments' : 'booking appointments';
    case 'appointment_types':
      return 'reading appointment types';
    default:
      return 'this endpoint';
  }
}

/**
 * The endpoint as Cerbo's documentation names it: `/api/v1/patients/{id}`, so that a patient's ID in
 * the path is not repeated in the message (it identifies a health record).
 */
export function documentedPath(path: string): string {
  const at = path.indexOf('/api/v1/');
  const [resource, ...rest] = (at < 0 ? path : path.slice(at + '/api/v1/'.length)).split('/');
  const tail = rest.map((part) => (part === 'search' ? part : '{id}'));
  return ['/api/v1', resource, ...tail].join('/');
}

export const policy: ServicePolicy = {
  service: SERVICE,
  origin: practiceBase,
  canRefresh: false,
  reconnect: `Check the API user in Cerbo (${WHERE_CREDENTIALS}) and reconnect with its username and secret key.`,
  // Cerbo's error text may quote what was sent (patient data): never shown.
  showApiMessages: false,
  privateData: true,
  redirectHint: 'The practice subdomain of the connection may be wrong: check it and reconnect.',
  endpoint: documentedPath,
  secrets: (authData) => [authData.username, authData.password],
  /**
   * Checks the connection's fields before every request, and puts the trimmed ones where Zapier's Basic
   * auth header is built from (it reads `authData.username`/`password` after the app's `beforeRequest`).
   */
  credentials: (z, bundle) => {
    const credentials = credentialsFrom(z, bundle.authData);
    bundle.authData.username = credentials.username;
    bundle.authData.password = credentials.password;
    return {};
  },
  credentialNames: { basic: { username: 'Username (Public Key)', password: 'Secret Key' } },
  forbidden: (refused) =>
    `Cerbo refused ${refused.method} ${endpointOf(policy, refused.path)} (HTTP 403): the permission profile of this API user most likely ` +
    `does not allow ${permissionFor(refused)}. In Cerbo, open ${WHERE_CREDENTIALS}, give the API user a permission ` +
    'profile that includes it, then try again.',
};

/** Labels of the fields Cerbo may name in a 422 (`details.field`); any other name is not repeated. */
const FIELD_LABELS: Record<string, string> = {
  first_name: 'First Name',
  last_name: 'Last Name',
  dob: 'Date of Birth',
  sex: 'Sex',
  email1: 'Email',
  phone_mobile: 'Mobile Phone',
  address1: 'Address',
  city: 'City',
  state: 'State',
  zip: 'ZIP Code',
  provider_ids: 'Provider',
  pt_id: 'Patient',
  appointment_type: 'Appointment Type',
  start_date_time: 'Start Date & Time',
  end_date_time: 'End Date & Time',
  title: 'Title',
  appointment_note: 'Note',
  start_date: 'Start Date',
  end_date: 'End Date',
  limit: 'Limit',
  offset: 'Offset',
};

/** What a Cerbo request may say besides the kit's: what a 404 means for it. */
interface NotFound {
  /** What a 404 means for this request (e.g. "Cerbo has no patient with this ID"). */
  notFound?: string;
}

/** Turns a validation or not-found answer into a message a user can act on, from field names only. */
function explain(status: number, apiError: ApiError | undefined, request: NotFound): string | undefined {
  if (status === 404 && apiError?.code === 'practice_not_found') {
    return 'Cerbo has no practice at this subdomain (HTTP 404). Check the Subdomain of the connection and reconnect.';
  }
  if (status === 404 && request.notFound) return `${request.notFound} (HTTP 404).`;
  if (status === 422) {
    const field = apiError?.details?.field;
    const label = typeof field === 'string' && Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field] : undefined;
    if (label) return `Cerbo did not accept the value of ${label} (HTTP 422, validation_error). Check the value mapped to that field.`;
  }
  return undefined;
}

/**
 * The request every operation makes: practice URL, Basic auth (added by Zapier), the kit's request path.
 * Zapier's core writes request and response bodies to the integration's HTTP log; for health records
 * it must not: the policy's `privateData` has the kit send bodies as streams and read answers raw, which
 * core logs as "<streaming data>".
 */
export const cerboRequest = requestFor<NotFound>(policy, { url: apiUrl, explain });

/** A list answer: `{data: [items], total}`. */
const listEnvelope = builtOnce(<T>(item: Shape<T>) => zm.object({ data: zm.array(item), total: zm.optional(zm.number()) }));

/** A page of a list endpoint: its path and query, and the shape of one of its items (`recordOf(Patient)`). */
interface ListRequest<T> extends Pick<PathRequest<T>, 'path' | 'params'> {
  item: Shape<T>;
}

/** One page of a list endpoint. */
export function listPage<T>(z: ZObject, bundle: Bundle, { path, params, item }: ListRequest<T>) {
  return cerboRequest(z, bundle, { path, params, shape: listEnvelope(item) });
}

/** A dropdown's page (Zapier's `bundle.meta.page`), 100 at a time with `limit`/`offset`. */
export async function dropdownPage<T>(z: ZObject, bundle: Bundle, list: ListRequest<T>): Promise<T[]> {
  const page = offsetPage(bundle, 100);
  if (!page) return [];
  return (await listPage(z, bundle, { ...list, params: { ...list.params, ...page } })).data;
}

/** Drops undefined entries so the body holds only what the user set. */
export function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  // `Object.fromEntries` types its result by no key; its entries are `object`'s own, some left out.
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Pages of newest records read when looking for one an earlier run made: 500 records a day is a busy practice. */
const LOOKBACK_PAGES = 5;

/**
 * The record an earlier run of a create made, if any (its answer lost, the step retried or replayed):
 * Cerbo offers no conflict answer, so a create first reads the newest records of its kind (`sort=-created`)
 * back to the retry window and returns the first that `isMine` recognises. The query names no patient,
 * so nothing about one reaches the request log; the answers are read raw, like every Cerbo answer.
 * The look is best effort: at its bound it ends with what it read (none of it the step's), and the create
 * goes on, as it would with a record older than the window.
 */
export async function recordMadeByEarlierRun<T extends { created?: unknown }>(
  z: ZObject,
  bundle: Bundle,
  list: ListRequest<T>,
  isMine: (record: T) => boolean,
): Promise<T | undefined> {
  const newest = async (pointer: string | undefined) => {
    const offset = Number(pointer ?? 0);
    const { data, total = 0 } = await listPage(z, bundle, { ...list, params: { ...list.params, sort: '-created', limit: 100, offset } });
    const oldest = data.at(-1)?.created;
    const olderThanWindow = typeof oldest === 'string' && !createdWithin(oldest);
    const last = data.length < 100 || olderThanWindow || offset + 100 >= total;
    return { items: data, next: last ? null : String(offset + 100) };
  };
  const bounds = { service: SERVICE, endpoint: `GET ${endpointOf(policy, `/api/v1${list.path}`)}`, maxPages: LOOKBACK_PAGES, atBound: 'keep' } as const;
  return (await readPages(z, bounds, newest, (page) => page.some(isMine))).find(isMine);
}
