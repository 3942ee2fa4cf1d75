/**
 * The node's operations: one per create, search and Find or Create pair of the connector, each with
 * its resource, name, parameter value, action text and input fields, and the dropdowns their fields
 * need (one `loadOptions` method per source trigger).
 */
import type { Connector, OperationModule } from '../../kit/connector';
import { definitionOf, dropdownOf, EVERY_CONNECTION, inputsReadByCall, resolveFields, type Dropdown, type FieldFunction, type NodeField } from './definitions';
import type { NodeSettings } from './nodes';
import { actionOf, camelCase, operationNameOf, resourceOf, snakeCase } from './words';

export type OperationKind = 'create' | 'search' | 'findOrCreate';

/**
 * The fields of an operation the account defines (custom fields): its field functions that read the account,
 * shown by name in one resource mapper whose method calls them with the credential when the editor shows
 * the operation.
 */
export interface AccountFields {
  functions: FieldFunction[];
  /** How many of the operation's fields come before the mapper. */
  at: number;
  /** The operation's fields the functions read (an Agency connection's Location): the mapper reads its fields again when one changes. */
  dependsOn: string[];
}

/** One operation of the node: what it is called in n8n and what runs. */
export interface NodeOperation {
  resource: { name: string; value: string };
  /** Its name among the resource's operations ("Add Tags"). */
  name: string;
  /**
   * Its parameter value, which workflows keep: the operation's key (`add_contact_tags`), which never
   * changes, and for Find or Create its label in snake case (`find_or_create_contact`; a pair has no key).
   */
  value: string;
  /** n8n's action text ("Add tags to a contact"). */
  action: string;
  description: string;
  /** A create runs its create, a search its search; Find or Create the search, then the create when it finds nothing. */
  kind: OperationKind;
  create?: OperationModule;
  search?: OperationModule;
  /** Its input fields: a Find or Create's are the search's, then the create's (a key both have, once). */
  fields: NodeField[];
  /**
   * Whether it returns a list, and so offers Return All / Limit: a search returns every match it finds
   * (Zapier keeps the first, n8n makes an item of each). A create returns one record, and Find or
   * Create one (the first match, or the record it made).
   */
  lists: boolean;
  /** The fields the account defines (custom fields), when it has some. */
  accountFields?: AccountFields;
}

/** The parameter of the resource mapper that shows an operation's account fields by name; also the name of its method. */
export const ACCOUNT_FIELDS = 'accountFields';

/** Parameter names the node uses itself: an input field by one of these names would be shadowed. */
const NODE_PARAMETERS = ['resource', 'operation', 'returnAll', 'limit', 'options', ACCOUNT_FIELDS];

/**
 * The node's operations, in the connector's order: its creates, its searches, then its Find or Create
 * pairs. Triggers are not operations: hidden ones fill dropdowns (`loadOptions`), visible ones belong
 * to a trigger node.
 */
export async function nodeOperations(connector: Connector, settings: Pick<NodeSettings, 'connections'>): Promise<NodeOperation[]> {
  const kinds = settings.connections ?? EVERY_CONNECTION;
  const all = [...connector.triggers, ...connector.creates, ...connector.searches].map(definitionOf);
  const nouns = [...new Set(all.map((definition) => definition.noun))];
  const operations: NodeOperation[] = [];
  const add = async (
    kind: OperationKind,
    card: { label: string; description: string; noun: string },
    modules: { create?: OperationModule; search?: OperationModule },
    value: string,
  ) => {
    const resource = resourceOf(card, nouns);
    const name = operationNameOf(card.label, resource, card.description);
    const entries = [modules.search, modules.create].flatMap((module) => (module ? (definitionOf(module).operation.inputFields ?? []) : []));
    const { fields, computed, computedAt } = await resolveFields(entries, kinds);
    for (const { field } of fields) {
      if (NODE_PARAMETERS.includes(field.key)) throw new Error(`Operation '${value}': its field '${field.key}' has a name the node uses for its own parameter.`);
    }
    const fieldKeys = fields.map(({ field }) => field.key);
    const read = new Set<string>();
    for (const call of computed) for (const key of await inputsReadByCall(call, kinds)) read.add(key);
    const operation: NodeOperation = {
      resource: { name: resource, value: camelCase(resource) },
      name,
      value,
      action: actionOf(card.label, resource, name),
      description: card.description,
      kind,
      ...modules,
      fields,
      lists: kind === 'search',
      ...(computed.length ? { accountFields: { functions: computed, at: computedAt, dependsOn: fieldKeys.filter((key) => read.has(key)) } } : {}),
    };
    const twin = operations.find((other) => other.resource.value === operation.resource.value && other.name === operation.name);
    if (twin) throw new Error(`Two operations of ${resource} are both called "${name}": ${twin.value} and ${value}. Give one a label naming what it does.`);
    if (operations.some((other) => other.value === value)) throw new Error(`Two operations of the node have the value '${value}'.`);
    operations.push(operation);
  };
  for (const module of connector.creates) {
    const { display, noun } = definitionOf(module);
    await add('create', { ...display, noun }, { create: module }, module.default.key);
  }
  for (const module of connector.searches) {
    const { display, noun } = definitionOf(module);
    await add('search', { ...display, noun }, { search: module }, module.default.key);
  }
  for (const pair of connector.findOrCreate) {
    const card = { label: pair.label, description: pair.description, noun: definitionOf(pair.search).noun };
    await add('findOrCreate', card, { search: pair.search, create: pair.create }, snakeCase(pair.label));
  }
  return operations;
}

/**
 * The dropdowns of the node's operations, one per source trigger: its `loadOptions` method is named by
 * the trigger's key, so every field filled from one trigger must take the same value and label of it.
 */
export function dropdownsOf(operations: readonly NodeOperation[]): Dropdown[] {
  const byTrigger = new Map<string, Dropdown & { field: string }>();
  for (const { fields } of operations) {
    for (const { field } of fields) {
      const dropdown = dropdownOf(field);
      if (!dropdown) continue;
      const known = byTrigger.get(dropdown.trigger);
      if (known && (known.value !== dropdown.value || known.label !== dropdown.label)) {
        throw new Error(
          `Fields '${known.field}' and '${field.key}' both list '${dropdown.trigger}' but with another value or label ` +
            `(${known.value}.${known.label}, ${dropdown.value}.${dropdown.label}): the node has one dropdown method per trigger.`,
        );
      }
      if (!known) byTrigger.set(dropdown.trigger, { ...dropdown, field: field.key });
    }
  }
  return [...byTrigger.values()].map(({ trigger, value, label }) => ({ trigger, value, label }));
}
