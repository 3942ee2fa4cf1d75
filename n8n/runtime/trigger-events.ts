/**
 * The events of a trigger node: one per visible trigger of the connector (`operations.ts` `triggers`, not
 * `display.hidden`), each with its key (the `event` parameter's value, as workflows keep it), its label and
 * description, how the trigger runs (REST hook or polling) and its input fields, resolved offline as the
 * action node's are. The description (trigger-describe.ts) and the runtime (webhook-trigger.ts,
 * poll-trigger.ts) read the same derivation.
 */
import type { PlainInputField } from 'zapier-platform-core';
import type { Connector, OperationModule } from '../../kit/connector';
import { definitionOf, EVERY_CONNECTION, resolveFields, type NodeField } from './definitions';
import type { NodeSettings } from './nodes';

/** How a trigger learns of new records: Zapier's REST hooks (`type: 'hook'`) or polling. */
export type TriggerKind = 'hook' | 'polling';

export interface TriggerEvent {
  /** The trigger's key (`contact_created`): the `event` parameter's value. */
  key: string;
  label: string;
  description: string;
  noun: string;
  kind: TriggerKind;
  module: OperationModule;
  fields: NodeField[];
}

/** The parameter choosing the event; an input field by this name would be shadowed. */
export const EVENT_PARAMETER = 'event';

function kindOf(module: OperationModule): TriggerKind {
  const type = (module.default as { operation?: { type?: unknown } }).operation?.type;
  if (type === 'hook') return 'hook';
  if (type === undefined || type === 'polling') return 'polling';
  throw new Error(`Trigger '${module.default.key}' is of type '${String(type)}', which the n8n trigger node cannot run.`);
}

/** The visible triggers of a connector as trigger node events, in the connector's order. */
export async function triggerEvents(connector: Connector, settings: Pick<NodeSettings, 'connections'>): Promise<TriggerEvent[]> {
  const events: TriggerEvent[] = [];
  for (const module of connector.triggers) {
    const definition = definitionOf(module);
    if (definition.display.hidden === true) continue;
    const { fields, computed } = await resolveFields(definition.operation.inputFields ?? [], settings.connections ?? EVERY_CONNECTION);
    // Fields read from the account (a request when a step is set up) would be missing from the node without a word.
    if (computed.length) throw new Error(`Trigger '${definition.key}' has input fields read from the account, which the n8n trigger node cannot show yet.`);
    if (fields.some(({ field }) => field.key === EVENT_PARAMETER)) throw new Error(`Trigger '${definition.key}' has a field named '${EVENT_PARAMETER}', the trigger node's own parameter.`);
    events.push({
      key: definition.key,
      label: definition.display.label,
      description: definition.display.description,
      noun: definition.noun,
      kind: kindOf(module),
      module,
      fields,
    });
  }
  return events;
}

/** The one way a connector's visible triggers run; a connector mixing hooks and polling would need two trigger nodes. */
export function triggerKind(events: readonly TriggerEvent[]): TriggerKind {
  const kinds = new Set(events.map((event) => event.kind));
  if (kinds.size !== 1) throw new Error(`A trigger node runs one kind of trigger; these are ${kinds.size ? [...kinds].join(' and ') : 'none'}.`);
  return events[0].kind;
}

/** The fields of an event, as the connector declares them. */
export const eventFieldsOf = (event: TriggerEvent): PlainInputField[] => event.fields.map(({ field }) => field);

/** The node's class for a connector's trigger node: its action node's, with "Trigger" (`SerebroTrigger`). */
export const triggerClassName = (settings: Pick<NodeSettings, 'className'>) => `${settings.className}Trigger`;
