/**
 * Reading a connector's operation definitions without running them: what the node reads of a
 * definition, each operation's input fields resolved offline for each kind of connection (a field
 * function called with a stand-in `z` that stops at its first request), and the dropdowns: which
 * trigger fills a field, and which other inputs that trigger reads (what the dropdown depends on).
 */
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import type { OperationModule } from '../../kit/connector';
import type { ConnectionKind } from './nodes';

// ---- what the node reads of an operation --------------------------------------------------------

/** What the node reads of an operation's definition (`defineCreate(…)`, `defineSearch(…)`, `defineTrigger(…)`). */
export interface OperationDefinition {
  key: string;
  noun: string;
  display: { label: string; description: string; hidden?: boolean };
  operation: { inputFields?: readonly InputFieldEntry[]; perform?: unknown };
}

/** A field function: fields that depend on the connection or on the account, resolved when a step is set up. */
export type FieldFunction = (z: ZObject, bundle: Bundle) => unknown;

type InputFieldEntry = PlainInputField | FieldFunction;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The definition of an operation module, checked for what the node reads: an error names the module otherwise. */
export function definitionOf(module: OperationModule): OperationDefinition {
  const definition: unknown = module.default;
  const { key } = module.default;
  if (!isRecord(definition) || typeof definition.noun !== 'string' || !isRecord(definition.display) || !isRecord(definition.operation)) {
    throw new Error(`Operation '${key}' has no noun, display or operation: an n8n node cannot be described from it.`);
  }
  const { label, description } = definition.display;
  if (typeof label !== 'string' || typeof description !== 'string') throw new Error(`Operation '${key}' has no display label or description.`);
  const inputFields = definition.operation.inputFields;
  if (inputFields !== undefined && !Array.isArray(inputFields)) throw new Error(`Operation '${key}': its input fields are not a list.`);
  return definition as unknown as OperationDefinition;
}

// ---- resolving input fields offline ---------------------------------------------------------------

/** What stops a field function or dropdown source at its first use of `z` beyond its errors. */
class Offline extends Error {}

/**
 * A stand-in `z` for reading an operation without running it: its error classes are there (an input
 * refused is an answer too), and any other use (a request, the cache, the cursor) stops the call.
 */
function offlineZ(): ZObject {
  const errors = new Proxy({}, { get: () => class extends Error {} });
  const z = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (name === 'errors') return errors;
        throw new Offline(`offline: z.${String(name)}`);
      },
    },
  );
  // Only what is read of it above exists: anything else throws, which is the point.
  return z as ZObject;
}

/** The fields a field function gave, as the kit's operations declare them (anything else in its list is not a field). */
export const fieldsIn = (result: unknown): PlainInputField[] =>
  Array.isArray(result) ? result.filter((field): field is PlainInputField => isRecord(field) && typeof field.key === 'string') : [];

/** Every connection, when the connector's fields do not depend on the kind of connection. */
export const EVERY_CONNECTION: readonly ConnectionKind[] = [{ name: 'every connection', authData: {} }];

/** An input field as the node shows it: for every kind of connection, or only for those named. */
export interface NodeField {
  field: PlainInputField;
  /** The connection kinds that show the field; undefined when every kind does. */
  onlyFor?: string[];
}

interface ResolvedFields {
  fields: NodeField[];
  /**
   * The field functions that read the account to give their fields (custom fields): the node calls them
   * when the editor shows the operation, with the credential and what is chosen so far.
   */
  computed: FieldFunction[];
  /** How many of `fields` come before the computed ones, in the order the entries give them. */
  computedAt: number;
}

/**
 * The input fields of an operation for each kind of connection. A field function is called offline
 * with the kind's `authData`: one that needs a request (custom fields) is kept aside as computed.
 */
export async function resolveFields(entries: readonly InputFieldEntry[], kinds: readonly ConnectionKind[]): Promise<ResolvedFields> {
  // By key, in the order the entries give them: a field one kind of connection shows keeps its place among the others.
  const shownFor = new Map<string, { field: PlainInputField; kinds: string[]; place: [number, number] }>();
  const computed = new Map<FieldFunction, number>();
  for (const kind of kinds) {
    for (const [entryIndex, entry] of entries.entries()) {
      let fields: PlainInputField[];
      if (typeof entry === 'function') {
        try {
          const result = await entry(offlineZ(), { authData: kind.authData, inputData: {}, meta: {} } as unknown as Bundle);
          fields = fieldsIn(result);
        } catch {
          if (!computed.has(entry)) computed.set(entry, entryIndex);
          fields = [];
        }
      } else {
        fields = [entry];
      }
      for (const [index, field] of fields.entries()) {
        const known = shownFor.get(field.key);
        if (!known) shownFor.set(field.key, { field, kinds: [kind.name], place: [entryIndex, index] });
        else if (!known.kinds.includes(kind.name)) known.kinds.push(kind.name);
      }
    }
  }
  const inOrder = [...shownFor.values()].sort((a, b) => a.place[0] - b.place[0] || a.place[1] - b.place[1]);
  const fields = inOrder.map(({ field, kinds: names }) => (names.length < kinds.length ? { field, onlyFor: names } : { field }));
  const firstComputed = Math.min(...computed.values());
  const computedAt = inOrder.filter(({ place }) => place[0] < firstComputed).length;
  return { fields, computed: [...computed.keys()], computedAt };
}

// ---- dropdowns --------------------------------------------------------------------------------------

/** A field's dropdown: the trigger that lists its choices (`dynamic: 'trigger.value.label'`). */
export interface Dropdown {
  /** The trigger's key: also the name of the node's `loadOptions` method. */
  trigger: string;
  /** The key of each listed item that is the choice's value, and the one that is its label. */
  value: string;
  label: string;
}

export function dropdownOf(field: PlainInputField): Dropdown | undefined {
  if (!field.dynamic) return undefined;
  const [trigger, value, label] = field.dynamic.split('.');
  return { trigger, value, label: label ?? value };
}

/** A value no field function refuses: what a dropdown source reads is recorded, not checked. */
const PROBE_VALUE = 'probe';

/**
 * The inputs a function of `z` and `bundle` reads (a dropdown source's perform, a field function): it is
 * called offline with inputs that record what is read of them, once per kind of connection, and stopped
 * at its first request.
 */
export async function inputsReadByCall(call: FieldFunction, kinds: readonly ConnectionKind[], meta: Record<string, unknown> = {}): Promise<Set<string>> {
  const read = new Set<string>();
  const inputData = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return PROBE_VALUE;
      },
      has: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return true;
      },
    },
  );
  for (const kind of kinds) {
    try {
      await call(offlineZ(), { authData: kind.authData, inputData, meta } as unknown as Bundle);
    } catch {
      // Stopped at its first request (or refused the probe's inputs): what it read is recorded.
    }
  }
  return read;
}

/**
 * The inputs each dropdown source reads. Serebro's stages read `pipelineId`, and its lists the
 * `locationId` of the Location they list.
 */
export async function inputsReadBy(triggers: readonly OperationDefinition[], kinds: readonly ConnectionKind[]): Promise<Map<string, Set<string>>> {
  const reads = new Map<string, Set<string>>();
  for (const trigger of triggers) {
    const { perform } = trigger.operation;
    // A perform written as a request object (Zapier's shorthand) reads no inputs the node could name.
    reads.set(trigger.key, typeof perform === 'function' ? await inputsReadByCall(perform as FieldFunction, kinds, { page: 0 }) : new Set());
  }
  return reads;
}
