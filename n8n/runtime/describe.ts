/**
 * An action node's description, derived from the connector as every runtime reads it (`operations.ts`):
 * resources from the operations' nouns, an operation per create, search and Find or Create pair, and
 * their fields from the operations' input fields. Nothing here is written per operation, so an
 * operation added to a connector's lists is in its node with no other change.
 *
 * The description is built at build time: generate.ts writes it into each node's source as a literal,
 * the only form n8n's lint can judge. What the node's parameters are called is what the runtime reads:
 * each input field is the parameter named by its key (a key/value field's pairs as `{ pairs: [{ key,
 * value }] }`), the operation's value is its key, and `returnAll`, `limit` and `options.timeout` are the
 * node's own.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions, INodeTypeDescription, NodeConnectionType } from 'n8n-workflow';
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import type { Connector, OperationModule } from '../../kit/connector';
import type { ConnectionKind, NodeSettings } from './nodes';

// ---- what the node reads of an operation --------------------------------------------------------

/** What the node reads of an operation's definition (`defineCreate(…)`, `defineSearch(…)`, `defineTrigger(…)`). */
export interface OperationDefinition {
  key: string;
  noun: string;
  display: { label: string; description: string; hidden?: boolean };
  operation: { inputFields?: readonly InputFieldEntry[]; perform?: unknown };
}

/** A field function: fields that depend on the connection or on the account, resolved when a step is set up. */
type FieldFunction = (z: ZObject, bundle: Bundle) => unknown;

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

/** Every connection, when the connector's fields do not depend on the kind of connection. */
const EVERY_CONNECTION: readonly ConnectionKind[] = [{ name: 'every connection', authData: {} }];

/** An input field as the node shows it: for every kind of connection, or only for those named. */
export interface NodeField {
  field: PlainInputField;
  /** The connection kinds that show the field; undefined when every kind does. */
  onlyFor?: string[];
}

interface ResolvedFields {
  fields: NodeField[];
  /** Some fields are read from the account when a step is set up (custom fields): they are not in the node yet. */
  computed: boolean;
}

/**
 * The input fields of an operation for each kind of connection. A field function is called offline
 * with the kind's `authData`: one that needs a request (custom fields) is left out and noted.
 */
async function resolveFields(entries: readonly InputFieldEntry[], kinds: readonly ConnectionKind[]): Promise<ResolvedFields> {
  // By key, in the order the entries give them: a field one kind of connection shows keeps its place among the others.
  const shownFor = new Map<string, { field: PlainInputField; kinds: string[]; place: [number, number] }>();
  let computed = false;
  for (const kind of kinds) {
    for (const [entryIndex, entry] of entries.entries()) {
      let fields: PlainInputField[];
      if (typeof entry === 'function') {
        try {
          const result = await entry(offlineZ(), { authData: kind.authData, inputData: {}, meta: {} } as unknown as Bundle);
          fields = Array.isArray(result) ? result.filter(isRecord).map((field) => field as unknown as PlainInputField) : [];
        } catch {
          computed = true;
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
  return { fields, computed };
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
 * The inputs each dropdown source reads: its perform is called offline with inputs that record what
 * is read of them, once per kind of connection, and stopped at its first request. Serebro's stages
 * read `pipelineId`, and its lists the `locationId` of the Location they list.
 */
async function inputsReadBy(triggers: readonly OperationDefinition[], kinds: readonly ConnectionKind[]): Promise<Map<string, Set<string>>> {
  const reads = new Map<string, Set<string>>();
  for (const trigger of triggers) {
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
    const { perform } = trigger.operation;
    // A perform written as a request object (Zapier's shorthand) reads no inputs the node could name.
    if (typeof perform === 'function') {
      for (const kind of kinds) {
        try {
          await (perform as FieldFunction)(offlineZ(), { authData: kind.authData, inputData, meta: { page: 0 } } as unknown as Bundle);
        } catch {
          // Stopped at its first request (or refused the probe's inputs): what it read is recorded.
        }
      }
    }
    reads.set(trigger.key, read);
  }
  return reads;
}

// ---- names ------------------------------------------------------------------------------------------

const isAcronym = (word: string) => word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word);

/** Words in lower case but acronyms ("API Request" → "API request"). */
const lowerWords = (text: string) =>
  text
    .split(' ')
    .map((word) => (isAcronym(word) ? word : word.toLowerCase()))
    .join(' ');

const sentenceCase = (text: string) => {
  const lowered = lowerWords(text);
  return lowered.charAt(0).toUpperCase() + lowered.slice(1);
};

/** n8n's parameter values: "Add Tags" → `addTags`, "API Request" → `apiRequest`. */
const camelCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join('');

/** "Find or Create Contact" → `find_or_create_contact`. */
const snakeCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase())
    .join('_');

const articleFor = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/** "Opportunity" → "opportunities", "API Request" → "API requests". */
function plural(noun: string): string {
  const words = lowerWords(noun);
  if (/[^aeiou]y$/.test(words)) return `${words.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(words)) return `${words}es`;
  return `${words}s`;
}

/** "Tags" → "Tag": the label of one of a list's items. */
const singular = (label: string) => (/[^s]s$/.test(label) ? label.slice(0, -1) : label);

/**
 * The resource an operation acts on: the longest of the connector's nouns its label ends with ("Add
 * Tags to Contact": Contact; "Execute Workflow": Workflow), or its own noun ("API Request").
 */
function resourceOf(definition: { label: string; noun: string }, nouns: readonly string[]): string {
  const named = nouns.filter((noun) => definition.label === noun || definition.label.endsWith(` ${noun}`));
  return named.sort((a, b) => b.length - a.length)[0] ?? definition.noun;
}

/**
 * The operation's name within its resource: its label without the resource ("Add Tags to Contact" →
 * "Add Tags"). A label that is the resource itself ("API Request") takes the verb its description
 * starts with ("Sends …" → "Send").
 */
function operationNameOf(label: string, resource: string, description: string): string {
  const rest = label === resource ? '' : label.slice(0, label.length - resource.length).trim().replace(/\s+(to|from|in|for|of|on)$/i, '');
  if (rest) return rest;
  const verb = description.split(' ')[0].replace(/s$/, '');
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** n8n's action text: "Add tags to a contact", "Send an API request". */
function actionOf(label: string, resource: string, name: string): string {
  const phrase = label === resource ? `${name} ${resource}` : label;
  const verbs = phrase.endsWith(resource) ? phrase.slice(0, phrase.length - resource.length) : `${phrase} `;
  return sentenceCase(`${verbs}${articleFor(resource)} ${resource}`);
}

// ---- text -------------------------------------------------------------------------------------------

const EXPRESSIONS_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';
/** n8n's own words for a dropdown that can also take an ID from an expression (its lint asks for them). */
const DROPDOWN_HINT = `Choose from the list, or specify an ID using an ${EXPRESSIONS_LINK}`;
const MULTI_DROPDOWN_HINT = `Choose from the list, or specify IDs using an ${EXPRESSIONS_LINK}`;

/** A connector's help text (Zapier's Markdown) as n8n shows one (HTML): escaped, with `code` kept as code. */
export function htmlOf(markdown: string): string {
  return markdown
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Sentences as n8n writes a description: one sentence has no final period, several end with one
 * (counted as n8n's lint counts them, with the first "e.g." not ending one).
 */
export function n8nSentences(...parts: Array<string | undefined>): string | undefined {
  const sentences = parts.map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  if (!sentences.length) return undefined;
  const text = sentences.map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`)).join(' ');
  const single = text.replace('e.g.', '').split('. ').length === 1;
  return single ? text.replace(/\.$/, '') : text;
}

// ---- operations ---------------------------------------------------------------------------------------

export type OperationKind = 'create' | 'search' | 'findOrCreate';

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
  /** Whether some of its fields are read from the account when a step is set up (custom fields), which the node does not show yet. */
  computedFields: boolean;
}

/** Parameter names the node uses itself: an input field by one of these names would be shadowed. */
const NODE_PARAMETERS = ['resource', 'operation', 'returnAll', 'limit', 'options'];

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
    const { fields, computed } = await resolveFields(entries, kinds);
    for (const { field } of fields) {
      if (NODE_PARAMETERS.includes(field.key)) throw new Error(`Operation '${value}': its field '${field.key}' has a name the node uses for its own parameter.`);
    }
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
      computedFields: computed,
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

// ---- properties -------------------------------------------------------------------------------------------

/** n8n alphabetizes the items of a list of five or more (its lint asks for it); shorter lists keep their order. */
const MIN_ITEMS_TO_ALPHABETIZE = 5;

function alphabetized<T extends { name: string }>(options: T[]): T[] {
  return options.length >= MIN_ITEMS_TO_ALPHABETIZE ? [...options].sort((a, b) => a.name.localeCompare(b.name)) : options;
}

/** The choice an optional dropdown of fixed choices starts at: nothing chosen, so nothing sent. */
const NOT_SET: INodePropertyOptions = { name: '(Not Set)', value: '' };

function choicesOf(field: PlainInputField): INodePropertyOptions[] {
  const { choices } = field;
  if (!choices) return [];
  if (Array.isArray(choices)) {
    return choices.map((choice) => (typeof choice === 'string' ? { name: choice, value: choice } : { name: choice.label, value: choice.value }));
  }
  return Object.entries(choices).map(([value, name]) => ({ name, value }));
}

/** What shows a field: its operation, and the resource the operation belongs to. */
const shownIn = (operation: NodeOperation): IDisplayOptions => ({ show: { resource: [operation.resource.value], operation: [operation.value] } });

/** The sentence a field shown to some kinds of connection only says about them. */
function onlyForSentence(field: PlainInputField, onlyFor: readonly string[], kinds: readonly ConnectionKind[]): string {
  const others = kinds.map((kind) => kind.name).filter((name) => !onlyFor.includes(name));
  return field.required ? `Required for ${onlyFor.join(' and ')}; leave it empty with ${others.join(' and ')}.` : `Used by ${onlyFor.join(' and ')} only.`;
}

/** n8n's placeholder for an email field (its lint asks for one). */
const EMAIL_PLACEHOLDER = 'name@email.com';

interface FieldContext {
  operation: NodeOperation;
  settings: Pick<NodeSettings, 'connections' | 'helpText'>;
  /** The inputs each dropdown source reads, by trigger key. */
  reads: Map<string, Set<string>>;
}

/** The order n8n's own nodes write a parameter's keys in, so that a generated source reads like one of theirs. */
const KEY_ORDER = ['displayName', 'name', 'type', 'required', 'typeOptions', 'displayOptions', 'options', 'default', 'placeholder', 'description'];

const inKeyOrder = (property: INodeProperties): INodeProperties =>
  Object.fromEntries(Object.entries(property).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b))) as unknown as INodeProperties;

/** The node parameter of one input field of one operation. */
function fieldProperty(field: NodeField, context: FieldContext): INodeProperties {
  return inKeyOrder(parameterOf(field, context));
}

function parameterOf({ field, onlyFor }: NodeField, { operation, settings, reads }: FieldContext): INodeProperties {
  const where = `Field '${field.key}' of ${operation.resource.name} ${operation.name}`;
  if (field.type === 'file') throw new Error(`${where} is a file, which the n8n node cannot take yet.`);
  if (field.children) throw new Error(`${where} has child fields (line items), which the n8n node cannot show yet.`);
  if (field.type === 'copy') {
    return { displayName: htmlOf(field.helpText ?? ''), name: field.key, type: 'notice', default: '', displayOptions: shownIn(operation) };
  }
  const label = field.label ?? field.key;
  const dropdown = dropdownOf(field);
  const help = settings.helpText?.[field.key] ?? field.helpText;
  const kindsSentence = onlyFor ? onlyForSentence(field, onlyFor, settings.connections ?? EVERY_CONNECTION) : undefined;
  const list = Boolean(field.list);
  const common = {
    name: field.key,
    displayOptions: shownIn(operation),
    ...(field.required && !onlyFor ? { required: true } : {}),
  };
  const description = (...more: string[]) => {
    const text = n8nSentences(help ? htmlOf(help) : undefined, kindsSentence, ...more);
    return text ? { description: text } : {};
  };
  const placeholder = field.placeholder ?? (label === 'Email' && !dropdown ? EMAIL_PLACEHOLDER : undefined);
  const placeholderOf = placeholder ? { placeholder } : {};

  if (dropdown) {
    const fieldKeys = operation.fields.map((other) => other.field.key);
    const dependsOn = [...(reads.get(dropdown.trigger) ?? [])].filter((key) => key !== field.key && fieldKeys.includes(key));
    const typeOptions = { loadOptionsMethod: dropdown.trigger, ...(dependsOn.length ? { loadOptionsDependsOn: dependsOn } : {}) };
    return list
      ? { displayName: `${singular(label)} Names or IDs`, ...common, type: 'multiOptions', typeOptions, default: [], ...description(MULTI_DROPDOWN_HINT) }
      : { displayName: `${label} Name or ID`, ...common, type: 'options', typeOptions, default: '', ...description(DROPDOWN_HINT) };
  }
  const choices = choicesOf(field);
  if (choices.length) {
    if (list) return { displayName: label, ...common, type: 'multiOptions', options: alphabetized(choices), default: [], ...description() };
    const options = field.required ? choices : [NOT_SET, ...choices];
    const fallback = field.default ?? String(options[0].value);
    return { displayName: label, ...common, type: 'options', options: alphabetized(options), default: fallback, ...description() };
  }
  if (field.dict) {
    return {
      displayName: label,
      ...common,
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Pair',
      default: {},
      options: [
        {
          displayName: 'Pair',
          name: DICT_PAIRS,
          values: [
            { displayName: 'Key', name: 'key', type: 'string', default: '' },
            { displayName: 'Value', name: 'value', type: 'string', default: '' },
          ],
        },
      ],
      ...description(),
    };
  }
  if (list) {
    return { displayName: label, ...common, type: 'string', typeOptions: { multipleValues: true }, default: [], ...placeholderOf, ...description() };
  }
  switch (field.type) {
    case 'integer':
    case 'number':
      // An empty number is absent, as on Zapier: 0 would be sent (and an update would set it).
      return {
        displayName: label,
        ...common,
        type: 'number',
        ...(field.type === 'integer' ? { typeOptions: { numberPrecision: 0 } } : {}),
        default: field.default === undefined ? null : Number(field.default),
        ...description(),
      };
    case 'boolean':
      return { displayName: label, ...common, type: 'boolean', default: field.default === 'true', ...description() };
    case 'datetime':
      return { displayName: label, ...common, type: 'dateTime', default: field.default ?? '', ...description() };
    case 'json':
      return { displayName: label, ...common, type: 'json', default: field.default ?? '', ...description() };
    case 'password':
      return { displayName: label, ...common, type: 'string', typeOptions: { password: true }, default: '', ...description() };
    case 'text':
    case 'code':
      return { displayName: label, ...common, type: 'string', typeOptions: { rows: 4 }, default: field.default ?? '', ...placeholderOf, ...description() };
    default:
      return { displayName: label, ...common, type: 'string', default: field.default ?? '', ...placeholderOf, ...description() };
  }
}

/** The values of a key/value field (`dict`) in the node: `{ pairs: [{ key, value }] }`. */
const DICT_PAIRS = 'pairs';

/** The default Limit of a list (n8n's, which its lint asks for). */
const DEFAULT_LIMIT = 50;

/** Return All, and Limit when not all: what a list's runtime reads as `returnAll` and `limit`. */
function listProperties(operation: NodeOperation): INodeProperties[] {
  const show = shownIn(operation).show;
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      displayOptions: { show },
      default: false,
      description: 'Whether to return all results or only up to a given limit',
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      displayOptions: { show: { ...show, returnAll: [false] } },
      typeOptions: { minValue: 1 },
      default: DEFAULT_LIMIT,
      description: 'Max number of results to return',
    },
  ];
}

/** How long one item may take, in seconds, when the node does not say (`options.timeout`). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * The node's options: the step deadline the kit holds an item's requests to. Zapier stops a step after
 * 30 seconds; n8n gives a node no limit, so the node sets one, and a user may give it more.
 */
const OPTIONS: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  options: [
    {
      displayName: 'Timeout',
      name: 'timeout',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: DEFAULT_TIMEOUT_SECONDS,
      description: 'How long one item may take, in seconds, before it fails with a message saying so. Its requests share this time.',
    },
  ],
};

/** The Resource parameter, and an Operation parameter per resource. */
function resourceAndOperations(operations: readonly NodeOperation[]): INodeProperties[] {
  const resources = [...new Map(operations.map((operation) => [operation.resource.value, operation.resource])).values()];
  const resource: INodeProperties = {
    displayName: 'Resource',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    options: alphabetized(resources.map(({ name, value }) => ({ name, value }))),
    default: resources[0].value,
  };
  const perResource = resources.map(({ value }): INodeProperties => {
    const own = operations.filter((operation) => operation.resource.value === value);
    return {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [value] } },
      options: alphabetized(
        own.map((operation) => ({
          name: operation.name,
          value: operation.value,
          action: operation.action,
          ...(n8nSentences(operation.description) ? { description: n8nSentences(operation.description) } : {}),
        })),
      ),
      default: own[0].value,
    };
  });
  return [resource, ...perResource];
}

/** "Appointments, contacts and API requests in Serebro AI": what the node works with. */
function nodeDescription(service: string, operations: readonly NodeOperation[]): string {
  const resources = [...new Set(operations.map((operation) => operation.resource.name))].map(plural);
  const listed = resources.length > 1 ? `${resources.slice(0, -1).join(', ')} and ${resources[resources.length - 1]}` : resources[0];
  return `${listed.charAt(0).toUpperCase()}${listed.slice(1)} in ${service}`;
}

const MAIN: NodeConnectionType = 'main';

/**
 * The node's description: one resource per noun acted on, its operations, each operation's fields
 * shown for it alone, Return All / Limit on lists, and the node's options.
 */
export async function describeNode(connector: Connector, settings: NodeSettings): Promise<INodeTypeDescription> {
  const operations = await nodeOperations(connector, settings);
  const triggers = connector.triggers.map(definitionOf);
  const reads = await inputsReadBy(triggers, settings.connections ?? EVERY_CONNECTION);
  // Refuses two fields that would need two dropdown methods of one name.
  dropdownsOf(operations);
  const service = connector.policy.service;
  const fields = operations.flatMap((operation) => [
    ...operation.fields.map((field) => fieldProperty(field, { operation, settings, reads })),
    ...(operation.lists ? listProperties(operation) : []),
  ]);
  return {
    displayName: service,
    name: camelCase(settings.className),
    icon: { light: `file:${settings.service}.svg`, dark: `file:${settings.service}.dark.svg` },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: nodeDescription(service, operations),
    defaults: { name: service },
    inputs: [MAIN],
    outputs: [MAIN],
    usableAsTool: true,
    credentials: [{ name: settings.credential, required: true }],
    properties: [...resourceAndOperations(operations), ...fields, OPTIONS],
  };
}
