/**
 * A trigger node's description, derived from the connector's visible triggers (trigger-events.ts) as the
 * action node's is from its operations (describe.ts): an Event parameter whose values are the triggers'
 * keys, then each trigger's input fields, shown for the events that have them. REST-hook triggers make a
 * webhook node (one POST webhook, answered on receipt), polling triggers a polling node. Written into the
 * node's source as a literal by generate.ts, the only form n8n's lint can judge.
 */
import type { INodeProperties, INodeTypeDescription, NodeConnectionType } from 'n8n-workflow';
import type { Connector } from '../../kit/connector';
import { dropdownOf, EVERY_CONNECTION, inputsReadBy, definitionOf } from './definitions';
import { dropdownsOf, nodeOperations } from './node-operations';
import type { NodeSettings } from './nodes';
import { alphabetized, fieldProperty } from './parameters';
import { EVENT_PARAMETER, triggerEvents, triggerKind, type TriggerEvent } from './trigger-events';
import { camelCase, n8nSentences, subtitleNaming } from './words';

/** The Event parameter: one choice per trigger, by its label. */
function eventProperty(events: readonly TriggerEvent[]): INodeProperties {
  return {
    displayName: 'Event',
    name: EVENT_PARAMETER,
    type: 'options',
    required: true,
    noDataExpression: true,
    options: alphabetized(
      events.map((event) => ({ name: event.label, value: event.key, ...(n8nSentences(event.description) ? { description: n8nSentences(event.description) } : {}) })),
    ),
    default: events[0].key,
  };
}

/**
 * Each event's fields as parameters shown for that event; a field that several events show alike (the
 * Location, a Service filter) is one parameter shown for all of them, so its value stays when the event changes.
 */
async function eventFields(connector: Connector, settings: NodeSettings, events: readonly TriggerEvent[]): Promise<INodeProperties[]> {
  const reads = await inputsReadBy(connector.triggers.map(definitionOf), settings.connections ?? EVERY_CONNECTION);
  const shown: Array<{ property: INodeProperties; events: string[]; same: string }> = [];
  for (const event of events) {
    const operation = { resource: { name: event.noun, value: camelCase(event.noun) }, name: event.label, value: event.key, fields: event.fields };
    for (const field of event.fields) {
      const property = fieldProperty(field, { operation, settings, reads });
      const same = JSON.stringify({ ...property, displayOptions: undefined });
      const known = shown.find((candidate) => candidate.same === same);
      if (known) known.events.push(event.key);
      else shown.push({ property, events: [event.key], same });
    }
  }
  return shown.map(({ property, events: keys }) => ({ ...property, displayOptions: { show: { [EVENT_PARAMETER]: keys } } }));
}

/**
 * The dropdowns of the trigger node are the action node's `loadOptions` methods (one per hidden trigger,
 * execute.ts): a trigger field listing from one must take the same value and label of it.
 */
async function checkDropdowns(connector: Connector, settings: NodeSettings, events: readonly TriggerEvent[]): Promise<void> {
  const actionDropdowns = dropdownsOf(await nodeOperations(connector, settings));
  for (const event of events) {
    for (const { field } of event.fields) {
      const dropdown = dropdownOf(field);
      if (!dropdown) continue;
      const same = actionDropdowns.some((known) => known.trigger === dropdown.trigger && known.value === dropdown.value && known.label === dropdown.label);
      if (!same) {
        throw new Error(
          `Field '${field.key}' of trigger '${event.key}' lists '${dropdown.trigger}' (${dropdown.value}.${dropdown.label}), ` +
            'which no action of the node lists alike: the trigger node fills its dropdowns with the action node\'s methods.',
        );
      }
    }
  }
}

const MAIN: NodeConnectionType = 'main';

/** The trigger node's description; undefined for a connector without visible triggers. */
export async function describeTrigger(connector: Connector, settings: NodeSettings): Promise<INodeTypeDescription | undefined> {
  const events = await triggerEvents(connector, settings);
  if (events.length === 0) return undefined;
  const kind = triggerKind(events);
  await checkDropdowns(connector, settings, events);
  const service = connector.policy.service;
  const displayName = `${service} Trigger`;
  // The action node's icons, from its folder: one copy of each in the package.
  const icon = (suffix: string): `file:${string}.svg` => `file:../${settings.className}/${settings.service}${suffix}.svg`;
  return {
    displayName,
    // `serebroTrigger`: the action node's name with "Trigger", as n8n names its own trigger nodes.
    name: `${camelCase(settings.className)}Trigger`,
    icon: { light: icon(''), dark: icon('.dark') },
    group: ['trigger'],
    version: 1,
    subtitle: subtitleNaming(EVENT_PARAMETER, new Map(events.map((event) => [event.key, event.label]))),
    description: kind === 'hook' ? `Starts the workflow when ${service} sends an event` : `Starts the workflow when ${service} has new records`,
    defaults: { name: displayName },
    inputs: [],
    outputs: [MAIN],
    credentials: [{ name: settings.credential, required: true }],
    ...(kind === 'hook' ? { webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }] } : { polling: true }),
    properties: [eventProperty(events), ...(await eventFields(connector, settings, events))],
  };
}
