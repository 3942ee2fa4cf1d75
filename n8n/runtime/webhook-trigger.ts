/**
 * A REST-hook trigger node, run by the connector's own trigger functions as on Zapier: `performSubscribe`
 * when n8n creates the webhook, `performUnsubscribe` when it deletes it, `perform` for each delivery.
 *
 * The subscription lives in the workflow's static data (`subscription`: what `performSubscribe` returned,
 * its id and signing secret among it, with the URL and the event and inputs it was made for). n8n calls
 * `checkExists` before `create` whenever it activates the workflow (publishing, saving, restarting) or listens
 * for a test event, and `delete` when it stops: `checkExists` keeps a subscription only when it is for this
 * URL, event and inputs and still at the service, and otherwise removes it, so that no order of these calls
 * leaves a duplicate or an orphan. Where the service lists subscriptions (Serebro AI), one made for this
 * node's exact URL that the static data lost (a workflow imported again, static data reset) is removed too.
 *
 * A delivery is verified over its raw body by the connector's `perform` (the kit's `verifiedDelivery`); one
 * refused is answered 401 and starts no execution. Repeats are dropped by the kit's `firstDelivery`, whose
 * set-if-absent is answered from the static data (trigger-memory.ts).
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { DELIVERY_MEMORY_SECONDS } from '../../kit/hooks';
import { performOf, recordsOf } from './execute';
import type { ListedSubscription, Service } from './service';
import { DeliveryMemory } from './trigger-memory';
import { inputsKeyOf, inStep, startedTriggerStep, type TriggerStep } from './trigger-step';

/** The webhook n8n creates for the node (its description's `webhooks`). */
const WEBHOOK = 'default';

/** A subscription as the static data keeps it: what `performSubscribe` returned, and what it was made for. */
interface StoredSubscription {
  id: string;
  secret: string;
  url: string;
  /** The event and its inputs, as text (`inputsKeyOf`). */
  inputs: string;
}

const KEPT_TEXTS = ['id', 'secret', 'url', 'inputs'] as const;

/**
 * What the static data keeps of the subscription; a record it cannot read counts as none. (The runtime reads it
 * without zod: n8n's engine folder has its own, older zod, which the kit's schemas are not written for.)
 */
function storedSubscription(staticData: IDataObject): StoredSubscription | undefined {
  const stored = staticData.subscription;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const kept = stored as Record<string, unknown>;
  const complete = KEPT_TEXTS.every((key) => typeof kept[key] === 'string') && kept.id !== '' && kept.secret !== '';
  return complete ? (kept as unknown as StoredSubscription) : undefined;
}

/** The subscription as `performSubscribe` returned it: Zapier's `bundle.subscribeData`. */
function subscribeDataOf(stored: IDataObject): IDataObject {
  const { url: _url, inputs: _inputs, ...subscribeData } = stored;
  return subscribeData;
}

/** The connector's REST-hook functions of the step's event. */
function hookFunctions(step: TriggerStep) {
  const operation = (step.event.module.default as { operation?: { performSubscribe?: unknown; performUnsubscribe?: unknown } }).operation;
  const { performSubscribe, performUnsubscribe } = operation ?? {};
  if (typeof performSubscribe !== 'function' || typeof performUnsubscribe !== 'function') {
    throw new Error(`Trigger '${step.event.key}' has no performSubscribe and performUnsubscribe: it is not a REST hook.`);
  }
  type HookFunction = (z: ZObject, bundle: Bundle) => Promise<unknown>;
  return { subscribe: performSubscribe as HookFunction, unsubscribe: performUnsubscribe as HookFunction };
}

/** This node's webhook URL in the call n8n makes: the production URL, or the test URL while listening for a test event. */
function webhookUrlOf(context: IHookFunctions): string {
  const url = context.getNodeWebhookUrl(WEBHOOK);
  if (!url) throw new Error('n8n gave this trigger node no webhook URL.');
  return url;
}

/** Removes one subscription at the service (one already gone is fine: the connector accepts its 404). */
function unsubscribe(step: TriggerStep, subscribeData: Record<string, unknown>): Promise<unknown> {
  return hookFunctions(step).unsubscribe(step.z, { ...step.bundle, subscribeData: subscribeData as Bundle['subscribeData'] });
}

/** The service's subscriptions, where it lists them; undefined where it does not. */
const listedAt = (service: Service, step: TriggerStep): Promise<ListedSubscription[]> | undefined => service.subscriptions?.(step.z, step.bundle);

/**
 * `checkExists`: true when the static data holds a subscription for this URL, event and inputs that is still
 * at the service (a service that lists none is taken at the static data's word). Otherwise the one it holds
 * is removed, at the service and from the static data, and n8n creates a new one. Either way, any other
 * subscription the service lists for this node's exact URL is removed.
 */
export async function hookExists(this: IHookFunctions, service: Service): Promise<boolean> {
  const staticData = this.getWorkflowStaticData('node');
  const step = await startedTriggerStep(this, service);
  const url = webhookUrlOf(this);
  return inStep(this, service, step, async () => {
    const stored = storedSubscription(staticData);
    const listed = await listedAt(service, step);
    const current = stored !== undefined && stored.url === url && stored.inputs === inputsKeyOf(step);
    const kept = current && (listed === undefined || listed.some((subscription) => subscription.id === stored.id)) ? stored : undefined;
    for (const stray of (listed ?? []).filter((subscription) => subscription.url === url && subscription.id !== kept?.id && subscription.id !== stored?.id)) {
      await unsubscribe(step, stray);
    }
    if (kept) return true;
    if (stored) await unsubscribe(step, subscribeDataOf(staticData.subscription as IDataObject));
    forgetSubscription(staticData);
    return false;
  });
}

/** `create`: subscribes this node's URL to its event with its inputs, and keeps the subscription in the static data. */
export async function subscribeHook(this: IHookFunctions, service: Service): Promise<boolean> {
  const staticData = this.getWorkflowStaticData('node');
  const step = await startedTriggerStep(this, service);
  const url = webhookUrlOf(this);
  const subscribeData = await inStep(this, service, step, async () => (await hookFunctions(step).subscribe(step.z, { ...step.bundle, targetUrl: url })) as IDataObject);
  forgetSubscription(staticData);
  staticData.subscription = { ...subscribeData, url, inputs: inputsKeyOf(step) };
  return true;
}

/**
 * `delete`: removes the subscription the static data holds, and any other the service lists for this node's
 * URL, then forgets it. When the service cannot be reached, the error stops here with the subscription still
 * kept, so that the next `checkExists` removes it.
 */
export async function unsubscribeHook(this: IHookFunctions, service: Service): Promise<boolean> {
  const staticData = this.getWorkflowStaticData('node');
  const step = await startedTriggerStep(this, service);
  const url = webhookUrlOf(this);
  await inStep(this, service, step, async () => {
    const stored = storedSubscription(staticData);
    if (stored) await unsubscribe(step, subscribeDataOf(staticData.subscription as IDataObject));
    const listed = await listedAt(service, step);
    for (const stray of (listed ?? []).filter((subscription) => subscription.url === url && subscription.id !== stored?.id)) await unsubscribe(step, stray);
  });
  forgetSubscription(staticData);
  return true;
}

/** Forgets the subscription and the deliveries taken for it (a new subscription has another id). */
function forgetSubscription(staticData: IDataObject): void {
  delete staticData.subscription;
  delete staticData.deliveries;
}

/**
 * `z.cache` of a delivery's step: a set-if-absent (the kit's `firstDelivery`, the one use of it) is answered
 * from the static data, so that it holds across deliveries; everything else stays in the step's own cache.
 */
function rememberingDeliveries(z: ZObject, memory: DeliveryMemory): void {
  const stepCache = z.cache;
  const cache: ZObject['cache'] = {
    get: stepCache.get,
    delete: stepCache.delete,
    set: async (key, value, ttl = DELIVERY_MEMORY_SECONDS, scope, onlyIfNew = false) =>
      onlyIfNew ? memory.offer(key, ttl) : stepCache.set(key, value, ttl, scope, onlyIfNew),
  };
  Object.assign(z, { cache });
}

/** The kit's refusals of a delivery (unsigned, forged, stale, not JSON …) are its HaltedError. */
const isRefusal = (error: unknown) => error instanceof Error && error.name === 'HaltedError';

/**
 * `webhook()`: one delivery. Its raw body and headers go to the connector's `perform` with the subscription
 * kept in the static data; what `perform` returns is the execution's items, as on Zapier (nothing for a
 * repeat, another event, or an item the node's filters leave out: answered 200, no execution). A delivery
 * `perform` refuses is answered 401 here, and starts no execution.
 */
export async function receiveDelivery(this: IWebhookFunctions, service: Service): Promise<IWebhookResponseData> {
  const staticData = this.getWorkflowStaticData('node');
  const request = this.getRequestObject();
  const rawBody = (request as { rawBody?: unknown }).rawBody;
  const stored = storedSubscription(staticData);
  const refuse = (message: string): IWebhookResponseData => {
    this.getResponseObject().status(401).json({ message });
    return { noWebhookResponse: true };
  };
  if (!stored) return refuse('Refused a webhook delivery: this trigger has no subscription to check it against.');
  if (!Buffer.isBuffer(rawBody)) return refuse('Refused a webhook delivery: it has no body.');

  const step = await startedTriggerStep(this, service);
  const memory = new DeliveryMemory(staticData);
  rememberingDeliveries(step.z, memory);
  const bundle = {
    ...step.bundle,
    rawRequest: { headers: { ...request.headers }, content: rawBody.toString('utf8') },
    subscribeData: subscribeDataOf(staticData.subscription as IDataObject),
  } as Bundle;
  let items: IDataObject[];
  try {
    items = recordsOf(await performOf(step.event.module)(step.z, bundle));
  } catch (error) {
    if (isRefusal(error)) return refuse((error as Error).message);
    return inStep(this, service, step, () => Promise.reject(error));
  }
  memory.commit();
  return items.length ? { workflowData: [items.map((json) => ({ json }))] } : {};
}
