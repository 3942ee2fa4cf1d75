import type { DemoContext } from './harness';
import type { ConnectorName } from '../connectors';
import type { FieldDefinition, OperationKind } from '../definition';
import type { Delivery } from './receiver';

/**
 * The moves Zapier makes when it runs a Zap, expressed over a connector's methods: turning a REST-hook
 * trigger on and off, handing it a delivery, polling, filling a dropdown and performing an action.
 */

export interface Hook {
  connector: ConnectorName;
  key: string;
  targetUrl: string;
  subscribeData: Record<string, unknown>;
  inputData: Record<string, unknown>;
  active: boolean;
  /** The last delivery handed to `perform` (to replay it). */
  lastDelivery?: Delivery;
}

/** Turning a Zap on: `performSubscribe` with the Zap's own hook URL. */
export async function subscribe(
  context: DemoContext,
  connector: ConnectorName,
  key: string,
  inputData: Record<string, unknown> = {},
): Promise<Hook> {
  const targetUrl = context.receiver.targetUrl(`${connector}-${key}-${Date.now().toString(36)}`);
  const subscribeData = await context.call<Record<string, unknown>>(connector, context.method(connector, 'triggers', key, 'performSubscribe'), {
    targetUrl,
    inputData,
  });
  if (!subscribeData || typeof subscribeData !== 'object' || !subscribeData.id) {
    throw new Error('performSubscribe returned no subscription id');
  }
  context.rememberSecrets(subscribeData, /secret/i);
  return { connector, key, targetUrl, subscribeData, inputData, active: true };
}

/** Turning a Zap off: `performUnsubscribe` with the data its subscribe returned. */
export async function unsubscribe(context: DemoContext, hook: Hook): Promise<void> {
  await context.call(hook.connector, context.method(hook.connector, 'triggers', hook.key, 'performUnsubscribe'), {
    targetUrl: hook.targetUrl,
    inputData: hook.inputData,
    subscribeData: hook.subscribeData,
  });
  hook.active = false;
}

/**
 * What Zapier's hook endpoint gives a REST-hook trigger: `bundle.rawRequest` (headers prefixed
 * `Http-`, the body as received) and `bundle.cleanedRequest` (the parsed body).
 */
export function rawRequestOf(delivery: Delivery) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    const title = name.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
    headers[`Http-${title}`] = value;
  }
  let cleaned: unknown = {};
  try {
    cleaned = JSON.parse(delivery.content);
  } catch {
    cleaned = {};
  }
  return { rawRequest: { method: 'POST', querystring: '', headers, content: delivery.content }, cleanedRequest: cleaned };
}

/** Waits for the next signed delivery to the hook and runs the trigger's `perform` on it. */
export async function receive<T = Record<string, unknown>>(
  context: DemoContext,
  hook: Hook,
  accept: (body: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T[]> {
  const delivery = await context.receiver.next(
    hook.targetUrl,
    (d) => {
      try {
        return accept(JSON.parse(d.content) as Record<string, unknown>);
      } catch {
        return false;
      }
    },
    timeoutMs,
  );
  hook.lastDelivery = delivery;
  return performDelivery<T>(context, hook, delivery);
}

/** The trigger's `perform` on one delivery, as Zapier's hook endpoint hands it over. */
export async function performDelivery<T = Record<string, unknown>>(context: DemoContext, hook: Hook, delivery: Delivery): Promise<T[]> {
  const items = await context.call<T[]>(hook.connector, context.method(hook.connector, 'triggers', hook.key, 'perform'), {
    ...rawRequestOf(delivery),
    targetUrl: hook.targetUrl,
    inputData: hook.inputData,
    subscribeData: hook.subscribeData,
  });
  if (!Array.isArray(items)) throw new Error('perform did not return a list');
  return items;
}

/** A polling trigger's `perform`, as Zapier runs it on its schedule. */
export async function poll<T = Record<string, unknown>>(
  context: DemoContext,
  connector: ConnectorName,
  key: string,
  inputData: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): Promise<T[]> {
  const items = await context.call<T[]>(connector, context.method(connector, 'triggers', key, 'perform'), {
    inputData,
    meta: { page: 0, limit: -1, ...meta },
  });
  if (!Array.isArray(items)) throw new Error('perform did not return a list');
  return items;
}

/** Zapier's dedupe for polling triggers: ids seen on earlier polls never trigger again. */
export class Dedupe {
  private readonly seen = new Set<string>();

  prime(items: Array<Record<string, unknown>>): void {
    for (const item of items) this.seen.add(String(item.id));
  }

  fresh<T extends Record<string, unknown>>(items: T[]): T[] {
    const fresh = items.filter((item) => !this.seen.has(String(item.id)));
    this.prime(fresh);
    return fresh;
  }
}

/** The input fields an action shows for the data entered so far (dynamic fields resolved). */
export async function inputFields(
  context: DemoContext,
  connector: ConnectorName,
  type: OperationKind,
  key: string,
  inputData: Record<string, unknown> = {},
): Promise<FieldDefinition[]> {
  const fields = await context.call<FieldDefinition[]>(connector, context.method(connector, type, key, 'inputFields'), { inputData });
  return Array.isArray(fields) ? fields : [];
}

export interface DropdownChoice {
  value: string;
  label: string;
  /** `workflows.id.name`: the hidden trigger that filled the dropdown. */
  source: string;
  /** How many choices the dropdown offered. */
  offered: number;
}

/**
 * Fills a dynamic dropdown as the Zap editor does: reads the field's `dynamic` source from the
 * action's input fields and runs that hidden trigger (`isFillingDynamicDropdown`), then picks one.
 */
export async function dropdown(
  context: DemoContext,
  connector: ConnectorName,
  type: OperationKind,
  key: string,
  fieldKey: string,
  inputData: Record<string, unknown> = {},
  pick: (item: Record<string, unknown>) => boolean = () => true,
): Promise<DropdownChoice> {
  const fields = await inputFields(context, connector, type, key, inputData);
  const field = fields.find((f) => f.key === fieldKey);
  if (!field) throw new Error(`${key} has no input field "${fieldKey}"`);
  if (!field.dynamic) throw new Error(`${key}.${fieldKey} is not a dynamic dropdown`);
  const [triggerKey, valueKey, labelKey] = field.dynamic.split('.');
  const choices: Array<Record<string, unknown>> = [];
  for (let page = 0; page < 5; page += 1) {
    const items = await context.call<Array<Record<string, unknown>>>(connector, context.method(connector, 'triggers', triggerKey, 'perform'), {
      inputData,
      meta: { page, isFillingDynamicDropdown: true, limit: -1 },
    });
    choices.push(...items);
    const chosen = choices.find(pick);
    if (chosen || !context.runtime(connector).app.triggers?.[triggerKey]?.operation.canPaginate || items.length === 0) break;
  }
  const chosen = choices.find(pick);
  if (!chosen) throw new Error(`the ${field.label ?? fieldKey} dropdown (${field.dynamic}) offered no suitable choice among ${choices.length}`);
  return { value: String(chosen[valueKey]), label: String(chosen[labelKey ?? valueKey] ?? chosen[valueKey]), source: field.dynamic, offered: choices.length };
}

/** The hidden trigger that filled a dropdown (`workflows` of `workflows.id.name`), as the transcript names it. */
export const dropdownName = (choice: DropdownChoice) => choice.source.split('.')[0];

/** An action's `perform`. */
export function perform<T = Record<string, unknown>>(
  context: DemoContext,
  connector: ConnectorName,
  type: 'creates' | 'searches',
  key: string,
  inputData: Record<string, unknown>,
): Promise<T> {
  return context.call<T>(connector, context.method(connector, type, key, 'perform'), { inputData });
}

/** The one item a step expects (a trigger's delivery of one record): anything else is a failed step. */
export function one<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected 1 ${what}, got ${items.length}`);
  return items[0];
}

/** Matches a delivery whose `data` is the record with this id. */
export const dataId = (id: unknown) => (body: Record<string, unknown>) => (body.data as Record<string, unknown> | undefined)?.id === id;
