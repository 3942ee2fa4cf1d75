import type { Bundle, ZObject } from 'zapier-platform-core';
import { acceptDelivery, findHeader, segment, verifySergio, type DeliveryCheck } from '../../../kit';
import { sergioRequest } from './client';
import type { Delivery, Subscription } from './schemas';

export const sergioDelivery: DeliveryCheck = {
  deliveryHeader: 'X-Sergio-Delivery',
  verify: (headers, rawBody, secret) => verifySergio({ header: findHeader(headers, 'X-Sergio-Signature'), rawBody, secret }),
};

/** What Zapier keeps from subscribing: the id to unsubscribe and the secret deliveries are signed with. */
export interface SubscribeData {
  id: string;
  secret: string;
}

/**
 * The four functions of a Sergio REST-hook trigger. `perform` verifies the delivery and returns
 * its `data`; `performList` returns the same items from the trigger's list endpoint, so a Zap's
 * test sample and its live runs have exactly the same fields.
 */
export function restHook<T extends { id: string }>(options: {
  event: 'job.created' | 'job.status_changed';
  /** `/triggers/new-job`, `/triggers/job-status-changed`. */
  listPath: string;
  /** How many recent items the Zap editor's sample asks for (more when a filter may drop most). */
  listLimit: number;
  /** The user's optional filter (e.g. "to status"): applied to live deliveries and the list alike. */
  matches?: (item: T, bundle: Bundle) => boolean;
}) {
  const keep = (items: T[], bundle: Bundle) => (options.matches ? items.filter((item) => options.matches?.(item, bundle)) : items);
  return {
    type: 'hook' as const,
    performSubscribe: async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
      const subscription = await sergioRequest<Subscription>(z, bundle, {
        method: 'POST',
        path: '/subscriptions',
        body: { target_url: bundle.targetUrl, event: options.event },
      });
      if (!subscription?.id || !subscription.secret) {
        throw new z.errors.Error('Sergio answered the subscription request without an id and a signing secret.', 'malformed_response', 502);
      }
      return { id: subscription.id, secret: subscription.secret };
    },
    performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
      const data = bundle.subscribeData as Partial<SubscribeData> | undefined;
      // A subscription already removed in Sergio (404) is what unsubscribing wants anyway.
      await sergioRequest(z, bundle, {
        method: 'DELETE',
        path: `/subscriptions/${segment(z, data?.id, 'Subscription ID')}`,
        acceptStatuses: [404],
      });
      return {};
    },
    perform: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
      const delivery = await acceptDelivery<Delivery<T>>(z, bundle, sergioDelivery);
      if (!delivery || delivery.event !== options.event) return [];
      const item = delivery.data;
      if (!item || typeof item !== 'object' || typeof item.id !== 'string') {
        throw new z.errors.HaltedError(`Refused a webhook delivery: its ${options.event} data has no id.`);
      }
      return keep([item], bundle);
    },
    performList: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
      const items = await sergioRequest<T[]>(z, bundle, { path: options.listPath, params: { limit: options.listLimit } });
      if (!Array.isArray(items)) {
        throw new z.errors.Error(`Sergio answered ${options.listPath} with something other than a list.`, 'malformed_response', 502);
      }
      return keep(items, bundle);
    },
  };
}
