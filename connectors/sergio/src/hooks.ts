import { findHeader, record, restHook, segment, verifyBodyHmac, type DeliveryScheme, type Shape } from '../../../kit';
import { listOf, policy, sergioRequest } from './client';

/** Sergio's deliveries (docs/apis.md §2.1): `X-Sergio-Signature: sha256=…` over the body, the event named in `event`. */
export const sergioDelivery: DeliveryScheme = {
  deliveryHeader: 'X-Sergio-Delivery',
  eventField: 'event',
  verify: (headers, rawBody, secret) =>
    verifyBodyHmac({ headerName: 'X-Sergio-Signature', header: findHeader(headers, 'X-Sergio-Signature'), rawBody, secret }),
};

/**
 * A Sergio REST-hook trigger: `performList` returns the same items from the trigger's list endpoint, so a
 * Zap's test sample and its live runs have exactly the same fields.
 */
export function sergioHook<T extends { id: string }>(options: {
  event: 'job.created' | 'job.status_changed';
  /** The shape of one item (`recordOf(Job)`), as the list endpoint and the deliveries give it. */
  item: Shape<T>;
  /** `/triggers/new-job`, `/triggers/job-status-changed`. */
  listPath: string;
  /** How many recent items the Zap editor's sample asks for (more when a filter may drop most). */
  listLimit: number;
  /** The user's optional filters (e.g. "to status"): input key → the item field it must equal, live and listed. */
  filters?: Record<string, keyof T & string>;
}) {
  return restHook<T>(policy, {
    event: options.event,
    item: options.item,
    scheme: sergioDelivery,
    filters: options.filters,
    subscribe: (z, bundle) =>
      sergioRequest(z, bundle, { method: 'POST', path: '/subscriptions', body: { target_url: bundle.targetUrl, event: options.event }, shape: record }),
    // A subscription already removed in Sergio (404) is what unsubscribing wants anyway.
    unsubscribe: (z, bundle, data) =>
      sergioRequest(z, bundle, { method: 'DELETE', path: `/subscriptions/${segment(z, data.id, 'Subscription ID')}`, acceptStatuses: [404] }),
    // Sergio's trigger lists take no filters: the filters apply to the items listed.
    list: (z, bundle) => sergioRequest(z, bundle, { path: options.listPath, params: { limit: options.listLimit }, shape: listOf(options.item) }),
  });
}
