import type { Bundle, ZObject } from 'zapier-platform-core';
import { findHeader, readPages, record, recordOf, restHook, segment, verifyTimestampedHmac, type DeliveryScheme, type Shape } from '../../../kit';
import { isAgency, listPage, policy, SERVICE, serebroRequest, type CustomFieldModel } from './client';
import { withCustomFieldValues } from './fields';
import { ListedSubscription, type CustomFieldValue } from './schemas';

/** Serebro's deliveries (docs/apis.md §1.3): `X-Serebro-Signature: t=…,v1=…`, the event named in `type`. */
export const serebroDelivery: DeliveryScheme = {
  deliveryHeader: 'X-Serebro-Delivery',
  eventField: 'type',
  verify: (headers, rawBody, secret) =>
    verifyTimestampedHmac({ headerName: 'X-Serebro-Signature', header: findHeader(headers, 'X-Serebro-Signature'), rawBody, secret }),
};

interface HookOptions<T> {
  event: string;
  /** The shape of one item (`recordOf(Appointment)`), as the list endpoint and the deliveries give it. */
  item: Shape<T>;
  /** The list endpoint with recent items for the Zap editor's sample (`/appointments`). */
  listPath: string;
  /** Fixed query of that list (`{ status: 'canceled', limit: 10 }`); the filters chosen are added to it. */
  listQuery: Record<string, string | number>;
  /** The trigger's optional filters: input key → the item field (and list query parameter) it must equal. */
  filters?: Record<string, keyof T & string>;
  /** Any further condition on items, live and listed. */
  matches?: (item: T, bundle: Bundle) => boolean;
}

/**
 * A Serebro REST-hook trigger: subscribes in the chosen Location (Agency connections remember it to
 * unsubscribe), and lists the same resource for the Zap editor's sample.
 */
export function serebroHook<T extends { id: string }>(options: HookOptions<T>) {
  return restHook<T>(policy, hookOptions(options));
}

/**
 * A REST-hook trigger on records with custom fields: live events and the Zap editor's sample both carry
 * the values under readable keys as well (`customFieldValues`), so that they keep the same shape.
 */
export function serebroHookWithCustomFields<T extends { id: string; customFields?: CustomFieldValue[] }>(
  model: CustomFieldModel,
  options: HookOptions<T>,
) {
  const hook = restHook<T>(policy, hookOptions(options));
  return {
    ...hook,
    perform: async (z: ZObject, bundle: Bundle) => withCustomFieldValues(z, bundle, model, await hook.perform(z, bundle)),
    performList: async (z: ZObject, bundle: Bundle) => withCustomFieldValues(z, bundle, model, await hook.performList(z, bundle)),
  };
}

function hookOptions<T extends { id: string }>(options: HookOptions<T>): Parameters<typeof restHook<T>>[1] {
  return {
    event: options.event,
    item: options.item,
    filters: options.filters,
    matches: options.matches,
    // The chosen filters go in the query too, so that a filter matching few items still fills the sample.
    list: async (z, bundle, chosen) => {
      const params = { ...options.listQuery, ...chosen };
      return (await listPage(z, bundle, { path: options.listPath, params, location: bundle.inputData.locationId, item: options.item })).items;
    },
    scheme: serebroDelivery,
    subscribe: (z, bundle) =>
      serebroRequest(z, bundle, {
        method: 'POST',
        path: '/webhooks',
        body: { url: bundle.targetUrl, events: [options.event] },
        location: bundle.inputData.locationId,
        shape: record,
      }),
    remember: (bundle) => (isAgency(bundle) ? { locationId: String(bundle.inputData.locationId ?? '') } : {}),
    // A subscription already removed in Serebro AI (404) is what unsubscribing wants anyway.
    unsubscribe: (z, bundle, data) =>
      serebroRequest(z, bundle, {
        method: 'DELETE',
        path: `/webhooks/${segment(z, data.id, 'Subscription ID')}`,
        // The Location subscribed in, which the Zap's Location input may no longer name.
        location: typeof data.locationId === 'string' ? data.locationId : bundle.inputData.locationId,
        acceptStatuses: [404],
      }),
  };
}

/** A connection has a few subscriptions per workflow that listens: 10 pages of 100 is more than any needs. */
const WEBHOOK_PAGES = { service: SERVICE, endpoint: 'GET /v2/webhooks', maxPages: 10, atBound: 'keep' } as const;

/**
 * The connection's webhook subscriptions in the step's Location (its Location input on an Agency connection),
 * each with what unsubscribing it needs (its id and Location). Zapier never asks for them; a runtime that
 * keeps its own record of a subscription (n8n) checks that record against them.
 */
export async function webhookSubscriptions(z: ZObject, bundle: Bundle): Promise<ListedSubscription[]> {
  return readPages(z, WEBHOOK_PAGES, (cursor) =>
    listPage(z, bundle, { path: '/webhooks', params: { limit: 100, cursor }, location: bundle.inputData.locationId, item: recordOf(ListedSubscription) }),
  );
}
