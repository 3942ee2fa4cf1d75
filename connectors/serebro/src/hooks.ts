import type { Bundle, ZObject } from 'zapier-platform-core';
import { acceptDelivery, findHeader, segment, verifySerebro, type DeliveryCheck } from '../../../kit';
import { isAgency, serebroRequest } from './client';
import type { Delivery, Subscription } from './schemas';

export const serebroDelivery: DeliveryCheck = {
  deliveryHeader: 'X-Serebro-Delivery',
  verify: (headers, rawBody, secret) => verifySerebro({ header: findHeader(headers, 'X-Serebro-Signature'), rawBody, secret }),
};

export interface SubscribeData {
  id: string;
  secret: string;
  /** Agency connections: the Location subscribed in, needed again to unsubscribe. */
  locationId?: string;
}

/**
 * The four functions of a Serebro REST-hook trigger. `perform` returns the event's `data` (the
 * resource as GET returns it) and `performList` the same resource from its list endpoint, so a
 * Zap's test sample and its live runs have exactly the same fields.
 */
export function restHook<T extends { id: string }>(options: {
  event: string;
  /** Recent items for the Zap editor's sample, filtered like live events. */
  list: (z: ZObject, bundle: Bundle) => Promise<T[]>;
  /** Optional filters the user set on the trigger (Service, Pipeline, …). */
  matches?: (item: T, bundle: Bundle) => boolean;
}) {
  return {
    type: 'hook' as const,
    performSubscribe: async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
      const subscription = await serebroRequest<Subscription>(z, bundle, {
        method: 'POST',
        path: '/webhooks',
        body: { url: bundle.targetUrl, events: [options.event] },
        inLocation: true,
      });
      return {
        id: subscription.id,
        secret: subscription.secret,
        ...(isAgency(bundle) ? { locationId: String(bundle.inputData.locationId ?? '') } : {}),
      };
    },
    performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
      const data = bundle.subscribeData as Partial<SubscribeData> | undefined;
      // A subscription already removed in Serebro AI (404) is what unsubscribing wants anyway.
      await serebroRequest(z, bundle, {
        method: 'DELETE',
        path: `/webhooks/${segment(z, data?.id, 'Subscription ID')}`,
        inLocation: true,
        locationId: data?.locationId,
        acceptStatuses: [404],
      });
      return {};
    },
    perform: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
      const delivery = await acceptDelivery<Delivery<T>>(z, bundle, serebroDelivery);
      if (!delivery || delivery.type !== options.event || !delivery.data || typeof delivery.data.id !== 'string') return [];
      if (options.matches && !options.matches(delivery.data, bundle)) return [];
      return [delivery.data];
    },
    performList: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
      const items = await options.list(z, bundle);
      return options.matches ? items.filter((item) => options.matches?.(item, bundle)) : items;
    },
  };
}

/** An optional filter input: empty matches everything. */
export function sameOrUnset(filter: unknown, value: string | null | undefined): boolean {
  const wanted = typeof filter === 'string' ? filter.trim() : '';
  return wanted === '' || wanted === value;
}
