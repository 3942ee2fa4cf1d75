import type { Bundle, ZObject } from 'zapier-platform-core';
import { withoutContext } from './errors';
import { findHeader, type Verdict } from './signature';

/** Deliveries larger than this are refused before their JSON is parsed. */
export const MAX_DELIVERY_BYTES = 1_000_000;

/**
 * Senders retry failed deliveries for minutes (Serebro: 5 tries with exponential backoff), and Zapier
 * does not dedupe hooks, so a delivery id is remembered for a day.
 */
export const DELIVERY_MEMORY_SECONDS = 24 * 60 * 60;

export interface DeliveryCheck {
  /** Header carrying the delivery id (`X-Serebro-Delivery`, `X-Sergio-Delivery`). */
  deliveryHeader: string;
  /** Checks the signature of the raw body against the subscription's secret. */
  verify: (headers: Record<string, unknown>, rawBody: string, secret: string | undefined) => Verdict;
}

/**
 * Accepts one webhook delivery: refuses oversize, unsigned, forged and stale ones with a `HaltedError`
 * (the run shows why, and a flood of forgeries cannot switch the Zap off through errors), and returns
 * `undefined` for a delivery already seen. Otherwise returns the parsed body.
 */
export async function acceptDelivery<T>(z: ZObject, bundle: Bundle, check: DeliveryCheck): Promise<T | undefined> {
  const raw = bundle.rawRequest;
  const headers = (raw?.headers ?? {}) as Record<string, unknown>;
  const rawBody = typeof raw?.content === 'string' ? raw.content : undefined;
  if (rawBody === undefined) {
    throw refusal(z, 'Refused a webhook delivery: it has no body.');
  }
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_DELIVERY_BYTES) {
    throw refusal(z, `Refused a webhook delivery: its body is larger than ${MAX_DELIVERY_BYTES} bytes.`);
  }
  const secret = (bundle.subscribeData as { secret?: string } | undefined)?.secret;
  const verdict = check.verify(headers, rawBody, secret);
  if (!verdict.ok) {
    throw refusal(z, `Refused a webhook delivery: ${verdict.reason}.`);
  }

  let body: T;
  try {
    body = JSON.parse(rawBody) as T;
  } catch {
    throw refusal(z, 'Refused a webhook delivery: its body is not JSON.');
  }

  const deliveryId = findHeader(headers, check.deliveryHeader);
  if (deliveryId && !(await firstDelivery(z, deliveryId))) {
    return undefined;
  }
  return body;
}

/** A refused delivery: halted, and without core's bundle dump (it holds the secret and the raw delivery). */
function refusal(z: ZObject, message: string): Error {
  return withoutContext(new z.errors.HaltedError(message));
}

/** True the first time a delivery id is seen (per connection), false for a retry of it. */
export async function firstDelivery(z: ZObject, deliveryId: string): Promise<boolean> {
  try {
    const stored = await z.cache.set(`delivery:${deliveryId}`, 1, DELIVERY_MEMORY_SECONDS, ['auth'], true);
    return stored !== false;
  } catch (error) {
    // Outside Zapier (local tests, `invoke`) there is no cache service: every delivery counts as new.
    if (error instanceof Error && error.message === 'rpc is not available') return true;
    throw error;
  }
}
