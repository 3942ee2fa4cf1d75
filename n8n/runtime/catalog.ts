import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import type { Connector, OperationModule } from '../../kit/connector';

/**
 * How a connector's operation lists become one n8n action node: which operations it has, what each runs,
 * and which parameters it reads. The node's description and its execution both read this, so that a field
 * the node shows is a field it reads, under the same name.
 *
 * - Every create and search is an operation, its value the Zapier key (`create_contact`); a Find or Create
 *   pair is one more, its value its label in snake case (`find_or_create_contact`).
 * - Each input field is a node parameter named by its Zapier key. A Find or Create operation shows the
 *   search's fields, then the create's; a key both have (Email) is one parameter, used by both.
 * - Parameters of the node's own: `resource`, `operation`, `returnAll` and `limit` (searches), and the
 *   `options` collection with `timeout` (seconds a step may take).
 */

/** The names of the node's own parameters: no connector field may take one. */
export const NODE_PARAMETERS = {
  resource: 'resource',
  operation: 'operation',
  returnAll: 'returnAll',
  limit: 'limit',
  options: 'options',
  timeout: 'timeout',
} as const;

/** What a perform is called with and gives: the kit's operations take Zapier's `z` and `bundle`. */
export type Perform = (z: ZObject, bundle: Bundle) => unknown;

/** An operation as the runtime calls it: its key, noun, card, fields and perform. */
export interface RunnableOperation {
  key: string;
  noun: string;
  display: { label: string; description: string; hidden?: boolean };
  operation: { perform: Perform; inputFields?: readonly unknown[]; canPaginate?: boolean };
}

/** One operation of the node. */
export type NodeOperation = {
  /** The node's `operation` value. */
  value: string;
  /** The node's `resource` value: the operation's noun in camel case (`contact`, `apiRequest`). */
  resource: string;
  label: string;
  description: string;
} & (
  | { kind: 'create' | 'search'; runs: RunnableOperation }
  | { kind: 'findOrCreate'; search: RunnableOperation; create: RunnableOperation }
);

/** A dropdown the node fills from a hidden trigger: Zapier's `dynamic: 'trigger.value.label'`. */
export interface Dropdown {
  /** The hidden trigger that lists the choices; also the name of the node's `loadOptions` method. */
  trigger: RunnableOperation;
  /** The key of a listed item that is the value chosen, and the one shown. */
  valueKey: string;
  labelKey: string;
}

/** `Find or Create Contact` → `find_or_create_contact`; `API Request` → `apiRequest` (camel case). */
const words = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean);
const snakeCase = (text: string) => words(text).map((word) => word.toLowerCase()).join('_');
const camelCase = (text: string) =>
  words(text)
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase()))
    .join('');

/** An operation module's operation, checked to be one the runtime can call. */
export function runnable(module: OperationModule): RunnableOperation {
  const definition = module.default as Partial<RunnableOperation> & { key: string };
  if (typeof definition.operation?.perform !== 'function') {
    throw new Error(`The operation '${definition.key}' has no perform function: the n8n runtime calls perform functions only.`);
  }
  return definition as RunnableOperation;
}

/** The node's operations, in the order of the connector's lists: creates, searches, then Find or Create pairs. */
export function nodeOperationsOf(connector: Connector): NodeOperation[] {
  const card = (operation: RunnableOperation) => ({
    resource: camelCase(operation.noun),
    label: operation.display.label,
    description: operation.display.description,
  });
  const operations: NodeOperation[] = [
    ...connector.creates.map((module): NodeOperation => {
      const runs = runnable(module);
      return { value: runs.key, ...card(runs), kind: 'create', runs };
    }),
    ...connector.searches.map((module): NodeOperation => {
      const runs = runnable(module);
      return { value: runs.key, ...card(runs), kind: 'search', runs };
    }),
    ...connector.findOrCreate.map((pair): NodeOperation => {
      const create = runnable(pair.create);
      return {
        value: snakeCase(pair.label),
        resource: camelCase(create.noun),
        label: pair.label,
        description: pair.description,
        kind: 'findOrCreate',
        search: runnable(pair.search),
        create,
      };
    }),
  ];
  const values = new Set<string>();
  for (const { value } of operations) {
    if (values.has(value)) throw new Error(`Two operations of the node have the value '${value}'.`);
    values.add(value);
  }
  return operations;
}

/** The operation of the node with this value, or undefined. */
export function nodeOperation(connector: Connector, value: unknown): NodeOperation | undefined {
  return nodeOperationsOf(connector).find((operation) => operation.value === value);
}

const isField = (value: unknown): value is PlainInputField =>
  typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';

/**
 * The input fields of an operation as the node shows them: its fixed fields, and what its field functions
 * give at once for `connection` with nothing chosen yet (Serebro's Location field for an Agency). Fields a
 * function loads from the account (custom fields) are not among them.
 */
export function inputFieldsOf(operation: RunnableOperation, connection: Bundle['authData']): PlainInputField[] {
  const fields: PlainInputField[] = [];
  for (const entry of operation.operation.inputFields ?? []) {
    if (isField(entry)) {
      fields.push(entry);
      continue;
    }
    if (typeof entry !== 'function') continue;
    const drawn = drawFields(entry as Perform, connection);
    fields.push(...drawn.filter(isField));
  }
  for (const field of fields) {
    if ((Object.values(NODE_PARAMETERS) as string[]).includes(field.key)) {
      throw new Error(`The field '${field.key}' of '${operation.key}' has the name of one of the node's own parameters.`);
    }
  }
  return fields;
}

/**
 * What a field function gives without a request: the fields it returns at once. One that answers later (a
 * promise: it reads the account) is left to its own change; its promise is settled here so that nothing
 * it might throw goes unhandled.
 */
function drawFields(fieldFunction: Perform, connection: Bundle['authData']): unknown[] {
  const drawing = { authData: connection, inputData: {}, meta: {} } as unknown as Bundle;
  try {
    const drawn = fieldFunction({} as ZObject, drawing);
    if (drawn instanceof Promise) {
      drawn.catch(() => undefined);
      return [];
    }
    return Array.isArray(drawn) ? drawn : [];
  } catch {
    return [];
  }
}

/** The fields of a node operation: for Find or Create, the search's, then those of the create's that the search lacks. */
export function nodeFieldsOf(operation: NodeOperation, connection: Bundle['authData']): PlainInputField[] {
  if (operation.kind !== 'findOrCreate') return inputFieldsOf(operation.runs, connection);
  const searchFields = inputFieldsOf(operation.search, connection);
  const keys = new Set(searchFields.map((field) => field.key));
  return [...searchFields, ...inputFieldsOf(operation.create, connection).filter((field) => !keys.has(field.key))];
}

/**
 * The dropdowns of the connector's fields, one per hidden trigger, in the order first met: every operation's
 * fields (triggers' too, for the trigger nodes) name their trigger and the keys of value and label. Two
 * fields that read one trigger with different keys would need two methods: that is refused.
 */
export function dropdownsOf(connector: Connector, connection: Bundle['authData']): Dropdown[] {
  const triggers = new Map(connector.triggers.map((module) => [module.default.key, module]));
  const dropdowns = new Map<string, Dropdown>();
  const operations = [...connector.triggers, ...connector.creates, ...connector.searches].map(runnable);
  for (const operation of operations) {
    for (const field of inputFieldsOf(operation, connection)) {
      if (!field.dynamic) continue;
      const [triggerKey, valueKey, labelKey] = field.dynamic.split('.');
      const module = triggers.get(triggerKey);
      if (!module || !valueKey) throw new Error(`The field '${field.key}' of '${operation.key}' names the dropdown '${field.dynamic}', which has no hidden trigger.`);
      const dropdown = { trigger: runnable(module), valueKey, labelKey: labelKey || valueKey };
      const known = dropdowns.get(triggerKey);
      if (known && (known.valueKey !== dropdown.valueKey || known.labelKey !== dropdown.labelKey)) {
        throw new Error(`The trigger '${triggerKey}' fills dropdowns with different keys ('${field.dynamic}' in '${operation.key}').`);
      }
      dropdowns.set(triggerKey, known ?? dropdown);
    }
  }
  return [...dropdowns.values()];
}
