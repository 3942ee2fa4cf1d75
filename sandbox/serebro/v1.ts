import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalid, notFound } from '../core/errors';
import { countRequest, type RateLimits } from './ratelimit';
import type { SerebroStore } from './store';
import { newestFirst } from './validate';

type Query = Record<string, string | undefined>;

/** Who an API key belongs to: one Location, or the Agency (which names a Location per request). */
export interface ApiKeyOwner {
  locationId: string | null;
  companyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    serebroKey?: ApiKeyOwner;
  }
}

/**
 * The legacy read-only v1 API (docs/apis.md §1.4): API-key bearer auth, the same resources as v2, an
 * envelope named after the resource with `total` and `startAfterId` paging, and the same rate limits.
 */
export function registerV1(scope: FastifyInstance, store: SerebroStore, keys: Map<string, ApiKeyOwner>, limits: RateLimits): void {
  scope.addHook('onRequest', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const owner = match ? keys.get(match[1]) : undefined;
    const key = owner ? `v1:${owner.locationId ?? owner.companyId}` : `v1-anonymous:${request.ip}`;
    if (!countRequest(limits, key, reply)) return reply;
    if (!owner) {
      return reply.code(401).send({ error: { code: 'invalid_api_key', message: 'The API key is missing, unknown or revoked' } });
    }
    request.serebroKey = owner;
  });

  const locationOf = (request: FastifyRequest): string => {
    const owner = request.serebroKey as ApiKeyOwner;
    const asked = (request.query as Query).locationId;
    if (owner.locationId) {
      if (asked && asked !== owner.locationId) throw new ApiError(403, 'location_forbidden', 'This API key belongs to another Location');
      return owner.locationId;
    }
    if (!asked) throw invalid('locationId', 'is required with an Agency API key');
    const location = store.location(asked);
    if (!location || location.companyId !== owner.companyId) throw notFound(`Location ${asked}`);
    return location.id;
  };

  const listOf = <T extends { id: string; locationId: string; createdAt: string }>(
    name: string,
    items: () => T[],
    filter: (item: T, query: Query) => boolean = () => true,
    shape: (item: T) => unknown = (item) => item,
  ) => {
    scope.get(`/${name}`, async (request) => {
      const query = request.query as Query;
      const locationId = locationOf(request);
      let limit = 20;
      if (query.limit !== undefined && query.limit !== '') {
        limit = Number(query.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'must be an integer from 1 to 100');
      }
      const all = newestFirst(items().filter((item) => item.locationId === locationId && filter(item, query)));
      let start = 0;
      if (query.startAfterId) {
        const index = all.findIndex((item) => item.id === query.startAfterId);
        if (index < 0) throw invalid('startAfterId', 'is not an id of this list');
        start = index + 1;
      }
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return { [name]: page.map(shape), meta: { total: all.length, startAfterId: more ? page[page.length - 1].id : null } };
    });
  };

  listOf('contacts', () => store.contacts, (c, q) => !q.query || (c.name ?? c.email ?? '').toLowerCase().includes(q.query.toLowerCase()));
  listOf('opportunities', () => store.opportunities, (o, q) => !q.pipelineId || o.pipelineId === q.pipelineId);
  listOf('appointments', () => store.appointments);
  listOf(
    'workflows',
    () => store.workflows,
    () => true,
    ({ id, locationId, name, status, createdAt, updatedAt }) => ({ id, locationId, name, status, createdAt, updatedAt }),
  );

  scope.get<{ Params: { id: string } }>('/contacts/:id', async (request) => {
    const locationId = locationOf(request);
    const contact = store.contacts.find((c) => c.id === request.params.id && c.locationId === locationId);
    if (!contact) throw notFound(`Contact ${request.params.id}`);
    return { contact };
  });
}
