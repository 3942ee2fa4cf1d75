import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serebroSignature } from '../core/signatures';
import { ApiError, invalid, notFound } from '../core/errors';
import type { ServiceContext } from '../core/service';
import { countRequest, type RateLimits } from './ratelimit';
import type { AccessToken, EventType, SerebroStore } from './store';
import { asBody, page } from './validate';

/**
 * What every v2 route shares (docs/apis.md §1.1–1.3): the bearer check and rate limits, scopes, the
 * Location a request acts on, and signed event delivery. The routes themselves are in `routes/`,
 * one file per resource.
 */
export type Query = Record<string, string | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    serebroToken?: AccessToken;
  }
}

export const now = () => new Date().toISOString();

/** What a resource's routes are given. */
export interface V2 {
  store: SerebroStore;
  context: ServiceContext;
  /** The Location a request acts on: the token's, or for Agency tokens the `locationId` it names. */
  locationOf(request: FastifyRequest): string;
  /** Signs and queues `data` for every subscription of the Location to `type`. */
  emit(locationId: string, type: EventType, data: unknown): void;
  /**
   * A list route (`GET path`): the scope checked, the Location's records of `records()` kept, then
   * `select` (the query's filters, the order, what is shown) and one page of the result.
   */
  list<T extends { locationId: string }>(path: string, scopeName: string, records: () => T[], select?: ListSelect<T>): void;
}

/** What a list route keeps of the Location's records, in what order and shape (the request for what the token says). */
export type ListSelect<T> = (items: T[], query: Query, request: FastifyRequest) => unknown[];

/**
 * Counts every request against its connection's limits (unknown tokens against the caller's address),
 * then refuses a missing, unknown or expired token with 401 `invalid_token`.
 */
export function registerV2(scope: FastifyInstance, store: SerebroStore, context: ServiceContext, limits: RateLimits): V2 {
  scope.addHook('onRequest', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const token = match ? store.accessTokens.get(match[1]) : undefined;
    const who = token ? `${token.clientId}:${token.locationId ?? token.companyId}` : `anonymous:${request.ip}`;
    if (!countRequest(limits, who, reply)) return reply;
    if (!token || token.expiresAt <= Date.now()) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: { code: 'invalid_token', message: token ? 'The access token has expired' : 'The access token is invalid' } });
    }
    request.serebroToken = token;
  });

  const locationOf = (request: FastifyRequest): string => {
    const token = auth(request);
    const fromRequest =
      request.method === 'GET' || request.method === 'DELETE'
        ? (request.query as Query).locationId
        : (asBody(request.body).locationId as unknown);
    if (fromRequest !== undefined && fromRequest !== null && fromRequest !== '' && typeof fromRequest !== 'string') {
      throw invalid('locationId', 'must be a string');
    }
    if (token.userType === 'Location') {
      if (fromRequest && fromRequest !== token.locationId) {
        throw new ApiError(403, 'location_forbidden', 'This token belongs to another Location');
      }
      return token.locationId as string;
    }
    if (!fromRequest) throw invalid('locationId', 'is required with an Agency token');
    const location = store.location(fromRequest);
    if (!location || location.companyId !== token.companyId) throw notFound(`Location ${fromRequest}`);
    return location.id;
  };

  const emit = (locationId: string, type: EventType, data: unknown) => {
    for (const subscription of store.subscriptions) {
      if (subscription.locationId !== locationId || !subscription.events.includes(type)) continue;
      const id = context.ids.next('evt');
      // A snapshot: the record may change again before the delivery (or its retries) goes out.
      const body = { id, type, createdAt: now(), locationId, data: structuredClone(data) };
      context.webhooks.dispatch({
        service: 'serebro',
        subscriptionId: subscription.id,
        url: subscription.url,
        event: type,
        id,
        body,
        headers: (rawBody) => ({
          'X-Serebro-Event': type,
          'X-Serebro-Delivery': id,
          'X-Serebro-Signature': serebroSignature(subscription.secret, rawBody),
        }),
      });
    }
  };

  const list: V2['list'] = (path, scopeName, records, select = (items) => items) => {
    scope.get(path, async (request) => {
      requireScope(request, scopeName);
      const locationId = locationOf(request);
      const query = request.query as Query;
      return page(
        select(
          records().filter((record) => record.locationId === locationId),
          query,
          request,
        ),
        query,
      );
    });
  };

  return { store, context, locationOf, emit, list };
}

/** The access token of a request that passed the bearer check. */
export function auth(request: FastifyRequest): AccessToken {
  return request.serebroToken as AccessToken;
}

export function requireScope(request: FastifyRequest, scopeName: string): void {
  if (!auth(request).scopes.includes(scopeName)) {
    throw new ApiError(403, 'insufficient_scope', `This connection was not granted the ${scopeName} scope`, {
      requiredScope: scopeName,
    });
  }
}

/** The record with this id in this Location, or 404 (another Location's records are not found). */
export function inLocation<T extends { id: string; locationId: string }>(items: T[], id: string, locationId: string, what: string): T {
  const found = items.find((item) => item.id === id && item.locationId === locationId);
  if (!found) throw notFound(`${what} ${id}`);
  return found;
}
