import type { FastifyInstance } from 'fastify';
import { invalid, notFound } from '../../core/errors';
import { EVENTS, type EventType } from '../store';
import { asBody, newestFirst, requiredString } from '../validate';
import { auth, now, requireScope, type V2 } from '../v2';

/**
 * Webhook subscriptions (docs/apis.md §1.3): each belongs to the OAuth client and Location that made it;
 * its secret is shown once, on creation.
 */
export function registerWebhooks(scope: FastifyInstance, { store, context, locationOf, list }: V2): void {
  scope.post('/webhooks', async (request, reply) => {
    requireScope(request, 'webhooks:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const url = requiredString(body, 'url');
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw invalid('url', 'must be an http(s) URL');
    }
    const events = body.events;
    if (!Array.isArray(events) || events.length === 0) throw invalid('events', 'must be a non-empty list of event types');
    const unknown = events.find((e) => !(EVENTS as readonly unknown[]).includes(e));
    if (unknown !== undefined) throw invalid('events', `holds an unknown event type ${JSON.stringify(unknown)}`);
    const subscription = {
      id: context.ids.next('whk'),
      clientId: auth(request).clientId,
      locationId,
      url,
      events: [...new Set(events as EventType[])],
      secret: `whsec_${context.ids.secret(`webhook:${store.subscriptions.length + 1}:${url}`, 40)}`,
      createdAt: now(),
    };
    store.subscriptions.push(subscription);
    const { clientId: _client, ...shown } = subscription;
    return reply.code(201).send(shown);
  });

  list('/webhooks', 'webhooks:read', () => store.subscriptions, (subscriptions, _query, request) => {
    const clientId = auth(request).clientId;
    const mine = subscriptions.filter((s) => s.clientId === clientId);
    return newestFirst(mine).map(({ id, locationId, url, events, createdAt }) => ({ id, locationId, url, events, createdAt }));
  });

  scope.delete<{ Params: { id: string } }>('/webhooks/:id', async (request, reply) => {
    requireScope(request, 'webhooks:write');
    const locationId = locationOf(request);
    const index = store.subscriptions.findIndex(
      (s) => s.id === request.params.id && s.locationId === locationId && s.clientId === auth(request).clientId,
    );
    if (index < 0) throw notFound(`Webhook subscription ${request.params.id}`);
    store.subscriptions.splice(index, 1);
    return reply.code(204).send();
  });
}
