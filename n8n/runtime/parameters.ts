/**
 * The node's parameters: one input field of one operation as an n8n parameter (its type, choices,
 * dropdown, key/value pairs, description and where it shows), Return All / Limit on lists, and the
 * node's Options collection (the step's timeout).
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { PlainInputField } from 'zapier-platform-core';
import { dropdownOf, EVERY_CONNECTION, type NodeField } from './definitions';
import { ACCOUNT_FIELDS, type NodeOperation } from './node-operations';
import { ACCOUNT_FIELD_WORDS, type ConnectionKind, type NodeSettings } from './nodes';
import { htmlOf, n8nSentences, singular } from './words';

const EXPRESSIONS_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';
/** n8n's own words for a dropdown that can also take an ID from an expression (its lint asks for them). */
const DROPDOWN_HINT = `Choose from the list, or specify an ID using an ${EXPRESSIONS_LINK}`;
const MULTI_DROPDOWN_HINT = `Choose from the list, or specify IDs using an ${EXPRESSIONS_LINK}`;

/** n8n alphabetizes the items of a list of five or more (its lint asks for it); shorter lists keep their order. */
const MIN_ITEMS_TO_ALPHABETIZE = 5;

export function alphabetized<T extends { name: string }>(options: T[]): T[] {
  return options.length >= MIN_ITEMS_TO_ALPHABETIZE ? [...options].sort((a, b) => a.name.localeCompare(b.name)) : options;
}

/** The choice an optional dropdown of fixed choices starts at: nothing chosen, so nothing sent. */
const NOT_SET: INodePropertyOptions = { name: '(Not Set)', value: '' };

/** A field's fixed choices as n8n lists options. */
export function choicesOf(field: PlainInputField): INodePropertyOptions[] {
  const { choices } = field;
  if (!choices) return [];
  if (Array.isArray(choices)) {
    return choices.map((choice) => (typeof choice === 'string' ? { name: choice, value: choice } : { name: choice.label, value: choice.value }));
  }
  return Object.entries(choices).map(([value, name]) => ({ name, value }));
}

/** What shows a field: its operation, and the resource the operation belongs to. */
const shownIn = (operation: Pick<NodeOperation, 'resource' | 'value'>): IDisplayOptions => ({ show: { resource: [operation.resource.value], operation: [operation.value] } });

/** The sentence a field shown to some kinds of connection only says about them. */
function onlyForSentence(field: PlainInputField, onlyFor: readonly string[], kinds: readonly ConnectionKind[]): string {
  const others = kinds.map((kind) => kind.name).filter((name) => !onlyFor.includes(name));
  return field.required ? `Required for ${onlyFor.join(' and ')}; leave it empty with ${others.join(' and ')}.` : `Used by ${onlyFor.join(' and ')} only.`;
}

/** n8n's placeholder for an email field (its lint asks for one). */
const EMAIL_PLACEHOLDER = 'name@email.com';

interface FieldContext {
  /** The operation showing the field (a trigger node's event, in the same terms). */
  operation: Pick<NodeOperation, 'resource' | 'name' | 'value' | 'fields'>;
  settings: Pick<NodeSettings, 'connections' | 'helpText'>;
  /** The inputs each dropdown source reads, by trigger key. */
  reads: Map<string, Set<string>>;
}

/** The order n8n's own nodes write a parameter's keys in, so that a generated source reads like one of theirs. */
const KEY_ORDER = ['displayName', 'name', 'type', 'noDataExpression', 'required', 'typeOptions', 'displayOptions', 'options', 'default', 'placeholder', 'description'];

const inKeyOrder = (property: INodeProperties): INodeProperties =>
  Object.fromEntries(Object.entries(property).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b))) as unknown as INodeProperties;

/** The node parameter of one input field of one operation. */
export function fieldProperty(field: NodeField, context: FieldContext): INodeProperties {
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

/**
 * The resource mapper of an operation's account fields (custom fields): its method reads them by name with the
 * node's credential when the editor shows the operation, and again when the operation or a field they depend
 * on (an Agency connection's Location) changes. Every field is optional and matches nothing: the mapper only
 * adds values, so it is in n8n's 'add' mode whatever the operation does, with every field listed (as Zapier
 * lists them) and no mapping from the input's keys, which are not the fields' IDs.
 */
export function accountFieldsProperty(operation: NodeOperation, settings: Pick<NodeSettings, 'accountFields'>): INodeProperties {
  const { displayName, singular, plural } = settings.accountFields ?? ACCOUNT_FIELD_WORDS;
  const dependsOn = ['operation', ...(operation.accountFields?.dependsOn ?? [])];
  const description = n8nSentences(`${plural.charAt(0).toUpperCase()}${plural.slice(1)} as the account defines them, by name`, 'Empty ones are not sent');
  return inKeyOrder({
    displayName,
    name: ACCOUNT_FIELDS,
    type: 'resourceMapper',
    noDataExpression: true,
    typeOptions: {
      loadOptionsDependsOn: dependsOn,
      resourceMapper: {
        resourceMapperMethod: ACCOUNT_FIELDS,
        mode: 'add',
        fieldWords: { singular, plural },
        addAllFields: true,
        supportAutoMap: false,
      },
    },
    displayOptions: shownIn(operation),
    default: { mappingMode: 'defineBelow', value: null },
    ...(description ? { description } : {}),
  });
}

/** The values of a key/value field (`dict`) in the node: `{ pairs: [{ key, value }] }`. */
const DICT_PAIRS = 'pairs';

/** The default Limit of a list (n8n's, which its lint asks for). */
const DEFAULT_LIMIT = 50;

/** Return All, and Limit when not all: what a list's runtime reads as `returnAll` and `limit`. */
export function listProperties(operation: NodeOperation): INodeProperties[] {
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
export const OPTIONS: INodeProperties = {
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
