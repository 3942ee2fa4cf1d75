/**
 * A stand-in for the three APIs on their fake origins (nock): it answers every request with a body
 * of the right shape, so that an operation runs to its end whatever it asks, and records each
 * request as it arrives on the wire.
 */
import nock from 'nock';
import { FAKE_ORIGIN, type ServiceName } from './connectors';

export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, unknown>;
  body: unknown;
}

const LIST_SHAPE: Record<ServiceName, (path: string) => unknown> = {
  serebro: () => ({ data: [], meta: { nextCursor: null } }),
  sergio: (path) => (path.includes('/options/') ? { data: [], next_cursor: null } : []),
  cerbo: () => ({ data: [], total: 0 }),
};

/** Who the connection is, as each service's `/me` says it (the auth tests read it). */
const ME: Record<ServiceName, Record<string, unknown>> = {
  serebro: { user: { id: 'usr_reliability', name: 'Reliability', email: 'reliability@example.com' }, user_type: 'Location', location: null },
  sergio: { company: { id: 'co_reliability', name: 'Reliability Co.' }, key: { id: 'key_reliability', label: 'Zapier', scopes: [] } },
  cerbo: {},
};

/** What the token endpoint issues (names unlike the connection's credentials: a step returning them leaks nothing). */
export const ISSUED_TOKENS = {
  access_token: 'at_issued_fuzz_5c1e9d',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'rt_issued_fuzz_8a2f4b',
  user_type: 'Location',
  location_id: 'loc_reliability',
  company_id: 'co_reliability',
};

/** A nock answer: status, body, headers. */
export type NockReply = [number, unknown, Record<string, string>?];

export interface FakeApi {
  wire: WireRequest[];
  /**
   * Answers a request instead of the stand-in (an odd answer, a redirect); `index` is the request's
   * position in `wire`, `normal` what the stand-in would have answered. Undefined: the normal answer.
   */
  fault?: (request: WireRequest & { index: number }, normal: NockReply) => NockReply | undefined;
  /** Values that, found as a path's last segment, mean "one record by id" (answered with `record`). */
  ids: Set<string>;
  record: Record<string, unknown>;
}

export function fakeApi(service: ServiceName): FakeApi {
  const state: FakeApi = { wire: [], ids: new Set(), record: { id: 'rec_reliability' } };
  const scope = nock(FAKE_ORIGIN[service]).persist();
  const answer = function (this: { req: { method?: string; path?: string; headers: Record<string, unknown> } }, uri: string, body: unknown): NockReply {
    const method = (this.req.method ?? 'GET').toUpperCase();
    const request = { method, path: uri, headers: this.req.headers, body };
    state.wire.push(request);
    const normal = normalAnswer(method, uri);
    return state.fault?.({ ...request, index: state.wire.length - 1 }, normal) ?? normal;
  };
  const normalAnswer = (method: string, uri: string): NockReply => {
    const path = uri.split('?')[0];
    // Unsubscribing answers 204; deleting a record (cancelling an appointment) answers the record.
    if (method === 'DELETE' && /\/(webhooks|subscriptions)\//.test(path)) return [204, ''];
    if (method === 'POST' && path.endsWith('/oauth/token')) return [200, { ...ISSUED_TOKENS }, { 'content-type': 'application/json' }];
    // Serebro's upsert wraps the contact: {contact, new}.
    if (method === 'POST' && path.endsWith('/contacts/upsert')) return [201, { contact: { ...state.record }, new: true }, { 'content-type': 'application/json' }];
    if (method !== 'GET') return [201, { ...state.record }, { 'content-type': 'application/json' }];
    let last = path.split('/').pop() ?? '';
    try {
      last = decodeURIComponent(last);
    } catch {
      // keep it encoded
    }
    if (path.endsWith('/me')) return [200, { ...state.record, ...ME[service] }, { 'content-type': 'application/json' }];
    if (state.ids.has(last.trim())) return [200, { ...state.record }, { 'content-type': 'application/json' }];
    return [200, LIST_SHAPE[service](path), { 'content-type': 'application/json' }];
  };
  scope.get(/.*/).reply(answer);
  scope.post(/.*/).reply(answer);
  scope.put(/.*/).reply(answer);
  scope.patch(/.*/).reply(answer);
  scope.delete(/.*/).reply(answer);
  return state;
}
