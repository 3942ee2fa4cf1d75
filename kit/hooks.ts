import type { Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import type { Shape } from './answers';
import { MAX_ANSWER_DEPTH, nestedDeeperThan } from './depth';
import { withoutContext, type ServicePolicy } from './errors';
import { findHeader, type Verdict } from './signature';

/** Deliveries larger than this are refused before their JSON is parsed. */
export const MAX_DELIVERY_BYTES = 1_000_000;

/**
 * Senders retry failed deliveries for minutes (5 tries with exponential backoff), and Zapier does not
 * dedupe hooks, so an event id is remembered for a day.
 */
export const DELIVERY_MEMORY_SECONDS = 24 * 60 * 60;

/** How a service signs and shapes its deliveries. */
export interface DeliveryScheme {
  /** Header carrying the delivery id, which must equal the signed body's `id` when present. */
  deliveryHeader: string;
  /** The body field naming the event (`type`, `event`). */
  eventField: string;
  /** Checks the signature of the raw body against the subscription's secret. */
  verify: (headers: Record<string, unknown>, rawBody: string, secret: string | undefined) => Verdict;
}

/** What Zapier keeps from subscribing: the id to unsubscribe, the signing secret, and what the connector adds. */
export interface SubscribeData extends Record<string, unknown> {
  id: string;
  secret: string;
}

const subscription = zm.looseObject({ id: zm.string().check(zm.minLength(1)), secret: zm.string().check(zm.minLength(1)) });
const signedEvent = zm.looseObject({ id: zm.string().check(zm.minLength(1)) });

/** A refused delivery: halted (a flood of forgeries cannot switch the Zap off through errors), no bundle dump. */
function refusal(z: ZObject, message: string): Error {
  return withoutContext(new z.errors.HaltedError(`Refused a webhook delivery: ${message}.`));
}

/**
 * The signed body of one delivery: refuses oversize, unsigned, forged and stale ones, a body that is
 * not JSON or has no event id, and a delivery header that disagrees with that id (the header is not signed).
 */
export function verifiedDelivery(z: ZObject, bundle: Bundle, scheme: DeliveryScheme): Record<string, unknown> & { id: string } {
  const raw = bundle.rawRequest;
  const headers = (raw?.headers ?? {}) as Record<string, unknown>;
  const rawBody = typeof raw?.content === 'string' ? raw.content : undefined;
  if (rawBody === undefined) throw refusal(z, 'it has no body');
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_DELIVERY_BYTES) throw refusal(z, `its body is larger than ${MAX_DELIVERY_BYTES} bytes`);
  const verdict = scheme.verify(headers, rawBody, (bundle.subscribeData as Partial<SubscribeData> | undefined)?.secret);
  if (!verdict.ok) throw refusal(z, verdict.reason);

  if (nestedDeeperThan(rawBody)) throw refusal(z, `its body is nested more than ${MAX_ANSWER_DEPTH} levels deep`);
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw refusal(z, 'its body is not JSON');
  }
  const event = zm.safeParse(signedEvent, body);
  if (!event.success) throw refusal(z, 'its signed body has no event id');
  const headerId = findHeader(headers, scheme.deliveryHeader);
  if (headerId !== undefined && headerId !== event.data.id) throw refusal(z, `its ${scheme.deliveryHeader} header does not match the signed event id`);
  return event.data;
}

/**
 * True the first time an event reaches this subscription, false for a repeat (the sender's retry, a replay).
 * Keyed on the signed event id and the subscription, so two Zaps on one connection each get the event.
 */
export async function firstDelivery(z: ZObject, service: string, subscriptionId: string, eventId: string): Promise<boolean> {
  try {
    const stored = await z.cache.set(`delivery:${subscriptionId}:${eventId}`, 1, DELIVERY_MEMORY_SECONDS, ['auth'], true);
    return stored !== false;
  } catch (error) {
    // Outside Zapier (local tests, `invoke`) there is no cache service: every delivery counts as new.
    if (error instanceof Error && error.message === 'rpc is not available') return true;
    throw withoutContext(
      new z.errors.Error(
        `Zapier's cache did not answer while checking whether this ${service} delivery was already seen. ` +
          'Replay the run if its item is missing.',
        'cache_unavailable',
        503,
      ),
    );
  }
}

/** The filters the user filled in, by item field: each input's text trimmed; an empty (or non-text) input is no filter. */
function chosenFilters(bundle: Bundle, filters: Record<string, string>): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const [input, field] of Object.entries(filters)) {
    const value = bundle.inputData?.[input];
    const wanted = typeof value === 'string' ? value.trim() : '';
    if (wanted !== '') chosen[field] = wanted;
  }
  return chosen;
}

/**
 * The functions of a REST-hook trigger, one implementation for every signing service. `perform` returns
 * the event's `data` (the resource as GET returns it) and `performList` the same resource from its list
 * endpoint, so a Zap's test sample and its live runs have exactly the same fields.
 */
export function restHook<T extends { id: string }>(
  policy: ServicePolicy,
  options: {
    /** The event this trigger subscribes to, as the delivery names it. */
    event: string;
    /** The shape of one item (the event's `data`, an item of `list`): a record of the resource (`recordOf(Contact)`). */
    item: Shape<T>;
    scheme: DeliveryScheme;
    /** Registers `bundle.targetUrl` for the event; the answer must hold `id` and `secret`. */
    subscribe: (z: ZObject, bundle: Bundle) => Promise<unknown>;
    /** Removes the subscription (an already removed one is fine). */
    unsubscribe: (z: ZObject, bundle: Bundle, data: Partial<SubscribeData>) => Promise<unknown>;
    /** Kept with the subscription besides id and secret (the Location subscribed in). */
    remember?: (bundle: Bundle) => Record<string, unknown>;
    /**
     * Recent items for the Zap editor's sample. `chosen` holds the filters the user filled in, by item
     * field (`{ serviceId: 'svc_1' }`), for a list endpoint that can filter by them too.
     */
    list: (z: ZObject, bundle: Bundle, chosen: Record<string, string>) => Promise<T[]>;
    /**
     * The user's optional filters, each written once: input key → the item field it must equal. An
     * input left empty matches every item. Applied to live deliveries and the list alike.
     */
    filters?: Record<string, keyof T & string>;
    /** Any further condition items must meet (live deliveries and the list alike). */
    matches?: (item: T, bundle: Bundle) => boolean;
  },
) {
  const chosenOf = (bundle: Bundle) => chosenFilters(bundle, options.filters ?? {});
  const keep = (items: T[], bundle: Bundle) => {
    const chosen = Object.entries(chosenOf(bundle));
    return items.filter((item) => chosen.every(([field, value]) => item[field as keyof T] === value) && (options.matches?.(item, bundle) ?? true));
  };
  return {
    type: 'hook' as const,
    performSubscribe: async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
      const answer = zm.safeParse(subscription, await options.subscribe(z, bundle));
      if (!answer.success) {
        throw new z.errors.Error(
          `${policy.service} answered the subscription request without a subscription ID and signing secret, so deliveries ` +
            'could not be verified and the Zap was not turned on. Try turning it on again; if it keeps happening, contact support.',
          'subscription_without_secret',
          502,
        );
      }
      return { id: answer.data.id, secret: answer.data.secret, ...options.remember?.(bundle) };
    },
    performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
      await options.unsubscribe(z, bundle, (bundle.subscribeData ?? {}) as Partial<SubscribeData>);
      return {};
    },
    perform: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
      const body = verifiedDelivery(z, bundle, options.scheme);
      if (body[options.scheme.eventField] !== options.event) return [];
      const data = zm.safeParse(options.item, body.data);
      if (!data.success) throw refusal(z, `its ${options.event} event has no data with an id`);
      const subscriptionId = String((bundle.subscribeData as Partial<SubscribeData> | undefined)?.id ?? '');
      if (!(await firstDelivery(z, policy.service, subscriptionId, body.id))) return [];
      return keep([data.data], bundle);
    },
    performList: async (z: ZObject, bundle: Bundle): Promise<T[]> => keep(await options.list(z, bundle, chosenOf(bundle)), bundle),
  };
}
