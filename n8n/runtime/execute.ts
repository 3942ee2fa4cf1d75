import {
  NodeOperationError,
  type ICredentialDataDecryptedObject,
  type IDataObject,
  type IExecuteFunctions,
  type ILoadOptionsFunctions,
  type INodeExecutionData,
  type INodePropertyOptions,
  type FieldType,
  type ResourceMapperField,
  type ResourceMapperFields,
} from 'n8n-workflow';
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { overrideProblem } from '../../kit/config';
import type { OperationModule } from '../../kit/connector';
import { startStep, type StepRuntime } from '../../kit/step';
import { fieldsIn, type Dropdown } from './definitions';
import { AppError, ExpiredAuthError, nodeErrorOf } from './errors';
import { inputDataOf, mappedInputsOf, zapierValue } from './inputs';
import { ACCOUNT_FIELDS, dropdownsOf, nodeOperations, type NodeOperation } from './node-operations';
import { ACCOUNT_FIELD_WORDS } from './nodes';
import { choicesOf, DEFAULT_TIMEOUT_SECONDS } from './parameters';
import { credentialText, type Service } from './service';
import { zFor, type NodeContext, type NodeRunCache, type StepState } from './z';

/**
 * Pages of one dropdown n8n's editor waits for. On Zapier a user asks for pages one at a time (the kit
 * ends a list after 100); n8n's editor loads a dropdown whole, at once, so it reads fewer: 25 pages of 100
 * choices is more than a dropdown can show usefully, and past them an ID is typed or mapped instead.
 */
export const DROPDOWN_PAGES_LOADED = 25;

/** What a perform is called with and gives: the kit's operations take Zapier's `z` and `bundle`. */
export type Perform = (z: ZObject, bundle: Bundle) => unknown;

/** The perform of an operation module: the runtime runs perform functions (every operation of the kit's connectors has one). */
export function performOf(module: OperationModule): Perform {
  const perform = (module.default as { operation?: { perform?: unknown } }).operation?.perform;
  if (typeof perform !== 'function') throw new Error(`The operation '${module.default.key}' has no perform function: the n8n runtime calls perform functions only.`);
  return perform as Perform;
}

/**
 * The node's operations and dropdowns as its description derives them (node-operations.ts), once per
 * service: the runtime reads the parameters the description shows, by the same derivation.
 */
const derived = new WeakMap<Service, Promise<{ operations: NodeOperation[]; dropdowns: Dropdown[] }>>();

function derivationOf(service: Service): Promise<{ operations: NodeOperation[]; dropdowns: Dropdown[] }> {
  let derivation = derived.get(service);
  if (!derivation) {
    derivation = nodeOperations(service.operations, service.node).then((operations) => ({ operations, dropdowns: dropdownsOf(operations) }));
    derived.set(service, derivation);
  }
  return derivation;
}

/** The fields of a node operation, as the connector declares them. */
const fieldsOf = (operation: NodeOperation): PlainInputField[] => operation.fields.map(({ field }) => field);

/** A step of the node: the operation's `z` and `bundle`, and what the runtime needs if it fails. */
export interface Step {
  z: ZObject;
  bundle: Bundle;
  /** The fields its inputs came from. */
  inputFields: readonly PlainInputField[];
  state: StepState;
  runtime: StepRuntime;
  credentials: ICredentialDataDecryptedObject;
}

/** How long a step may take, and how a message names that limit. */
export interface StepTime {
  seconds: number;
  /** "the 60 seconds this node gives a step (its Timeout option)". */
  limit: string;
}

/** The Timeout option of an action node: a positive number of seconds, or the default. */
function timeoutOption(read: () => unknown): StepTime {
  const chosen = Number(read());
  const seconds = Number.isFinite(chosen) && chosen > 0 ? chosen : DEFAULT_TIMEOUT_SECONDS;
  return { seconds, limit: `the ${seconds} seconds this node gives a step (its Timeout option)` };
}

/**
 * A step's runtime for the kit: the budget the node's Timeout option gives it, and the credential's Base URL
 * as the connector's base-URL override. One the kit's rule refuses (not https, nor http to this machine) is
 * refused naming the credential's field: the connector's name for the override is not one an n8n user knows.
 */
function stepRuntime(service: Service, credentials: ICredentialDataDecryptedObject, { seconds, limit }: StepTime): StepRuntime {
  const base = credentialText(credentials, 'baseUrl');
  const { service: name } = service.operations.policy;
  return {
    platform: 'n8n',
    budgetMs: seconds * 1000,
    limit,
    override: (override) => {
      if (override !== service.baseUrlOverride || !base) return undefined;
      const problem = overrideProblem(base);
      if (problem) {
        throw new AppError(`The Base URL of this ${name} credential cannot be used: ${problem}. Set it back to its default to use ${name} itself.`, 'invalid_base_url', 400);
      }
      return base;
    },
  };
}

/**
 * Starts a step: the credential as the connector's `authData`, the inputs, the workflow's time zone, and
 * `z` with the step started in the kit. An OAuth credential that was never connected has no `authData`.
 */
export async function startedStep(
  context: NodeContext,
  service: Service,
  cache: NodeRunCache,
  inputFields: readonly PlainInputField[],
  inputData: Record<string, unknown>,
  meta: Partial<Bundle['meta']>,
  time: StepTime,
  itemIndex?: number,
): Promise<Step> {
  const credentials = await context.getCredentials(service.node.credential, itemIndex);
  const authData = service.authData(credentials);
  const bundle = {
    authData: authData ?? {},
    inputData,
    meta: { timezone: context.getTimezone(), page: 0, limit: -1, isLoadingSample: false, isFillingDynamicDropdown: false, ...meta },
  } as Bundle;
  const state: StepState = {};
  const z = zFor(context, service, bundle, cache, state);
  const runtime = stepRuntime(service, credentials, time);
  startStep(z, runtime);
  const step = { z, bundle, inputFields, state, runtime, credentials };
  if (!authData) {
    throw failed(context, service, step, new ExpiredAuthError(`This ${service.operations.policy.service} credential is not connected yet: open it in n8n and connect your account.`), itemIndex);
  }
  return step;
}

/** The n8n error for what a step threw, with the credential's secrets scrubbed as the connection's are. */
export function failed(context: NodeContext, service: Service, step: Step, thrown: unknown, itemIndex?: number) {
  return nodeErrorOf(
    context.getNode(),
    {
      policy: service.operations.policy,
      z: step.z,
      bundle: step.bundle,
      secrets: service.secrets(step.credentials),
      throttled: step.state.throttled,
      limit: step.runtime.limit,
      itemIndex,
      inputFields: step.inputFields,
    },
    thrown,
  );
}

/** Runs a perform as the kit's operations expect: `z`, and a bundle of its own inputs. */
const perform = (module: OperationModule, step: Step, inputData: Record<string, unknown>, meta: Partial<Bundle['meta']> = {}) =>
  performOf(module)(step.z, { ...step.bundle, inputData, meta: { ...step.bundle.meta, ...meta } });

/** A record the operation returned, as an item's JSON; a list gives its records. */
export function recordsOf(result: unknown): IDataObject[] {
  const list = Array.isArray(result) ? result : [result];
  if (!list.every((record) => typeof record === 'object' && record !== null && !Array.isArray(record))) {
    throw new AppError('This operation answered with something that is not a record. Try again; if it keeps happening, contact support.', 'unexpected_result', 500);
  }
  return list as IDataObject[];
}

/**
 * The inputs among a Find or Create step's that one half takes: the fields that half shows as an operation
 * of its own (a Find or Create pair is made of a search and a create of the connector's lists), and the
 * account's fields given by name (`mapped`) when that half has them.
 */
function inputsOf(module: OperationModule, operations: readonly NodeOperation[], inputData: Record<string, unknown>, mapped: ReadonlySet<string>): Record<string, unknown> {
  const own = operations.find((operation) => operation.value === module.default.key);
  if (!own) throw new Error(`The Find or Create pair uses '${module.default.key}', which is not an operation of the node.`);
  const keys = new Set(fieldsOf(own).map((field) => field.key));
  return Object.fromEntries(Object.entries(inputData).filter(([key]) => keys.has(key) || (own.accountFields !== undefined && mapped.has(key))));
}

/** The records of one input item, for its operation; `mapped` names the inputs its account fields gave. */
async function runOperation(
  context: IExecuteFunctions,
  operations: readonly NodeOperation[],
  operation: NodeOperation,
  step: Step,
  itemIndex: number,
  mapped: ReadonlySet<string>,
): Promise<IDataObject[]> {
  const { inputData } = step.bundle;
  const { search, create } = operation;
  if (operation.kind === 'findOrCreate' && search && create) {
    // As Zapier's Find or Create: the search's first record, or the create's when the search finds none.
    const [first] = recordsOf(await perform(search, step, inputsOf(search, operations, inputData, mapped)));
    if (first) return [{ ...first, created: false }];
    const [made] = recordsOf(await perform(create, step, inputsOf(create, operations, inputData, mapped), { withSearch: search.default.key }));
    return [{ ...made, created: true }];
  }
  if (operation.kind === 'search' && search) {
    const found = recordsOf(await perform(search, step, inputData));
    // Return All / Limit, as the description offers them on a list; without them, every record found.
    const returnAll = context.getNodeParameter('returnAll', itemIndex, true) !== false;
    const limit = Number(context.getNodeParameter('limit', itemIndex, 0));
    return returnAll || !(limit > 0) ? found : found.slice(0, limit);
  }
  if (create) return recordsOf(await perform(create, step, inputData));
  throw new Error(`The node's operation '${operation.value}' runs nothing.`);
}

/**
 * The node's `execute`: each input item is one step of the chosen operation, its inputs read from the node's
 * parameters for that item. Every output item is paired with its input item. With "Continue On Fail", a
 * failed item gives `{error}` and the next one runs; otherwise the error stops the node.
 */
export async function executeOperation(this: IExecuteFunctions, service: Service): Promise<INodeExecutionData[][]> {
  const { operations } = await derivationOf(service);
  const cache: NodeRunCache = new Map();
  const output: INodeExecutionData[] = [];
  const items = this.getInputData();
  for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
    const pairedItem = { item: itemIndex };
    try {
      const value = this.getNodeParameter('operation', itemIndex);
      const operation = operations.find((candidate) => candidate.value === value);
      if (!operation) throw new NodeOperationError(this.getNode(), `This node has no operation "${String(value)}".`, { itemIndex });
      const fields = fieldsOf(operation);
      // The account's fields by name, read whole: n8n checks a value typed into the mapper against the type it
      // showed before the workflow runs, and reading `accountFields.value` would have it check mapped values too,
      // naming a field by its ID. The operation checks them as on Zapier, naming the field by its label.
      const mapped = operation.accountFields ? mappedInputsOf(this.getNodeParameter(ACCOUNT_FIELDS, itemIndex, null)) : {};
      // A field the operation names itself is given in its own parameter: the mapper does not replace it.
      const inputData = { ...mapped, ...inputDataOf(fields, (key) => this.getNodeParameter(key, itemIndex, '')) };
      const time = timeoutOption(() => this.getNodeParameter('options.timeout', itemIndex, DEFAULT_TIMEOUT_SECONDS));
      const step = await startedStep(this, service, cache, fields, inputData, {}, time, itemIndex);
      try {
        const records = await runOperation(this, operations, operation, step, itemIndex, new Set(Object.keys(mapped)));
        output.push(...records.map((json) => ({ json, pairedItem })));
      } catch (error) {
        throw failed(this, service, step, error, itemIndex);
      }
    } catch (error) {
      if (!this.continueOnFail()) throw error;
      output.push({ json: { error: (error as Error).message }, pairedItem });
    }
  }
  return [output];
}

/** The node's current parameters as a dropdown trigger's inputs: what is chosen so far (expressions cannot be read yet). */
function chosenSoFar(context: ILoadOptionsFunctions): Record<string, unknown> {
  const inputData: Record<string, unknown> = {};
  for (const [key, parameter] of Object.entries(context.getCurrentNodeParameters() ?? {})) {
    const value = zapierValue({ key }, parameter);
    if (typeof value === 'string' && value.startsWith('=')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') inputData[key] = value;
  }
  return inputData;
}

/** One dropdown's choices: its trigger's pages, read until one is empty or repeats, at most `DROPDOWN_PAGES_LOADED`. */
async function loadDropdown(context: ILoadOptionsFunctions, service: Service, trigger: OperationModule): Promise<INodePropertyOptions[]> {
  const { dropdowns } = await derivationOf(service);
  const dropdown = dropdowns.find((candidate) => candidate.trigger === trigger.default.key);
  if (!dropdown) throw new Error(`No field of the node is a dropdown of '${trigger.default.key}'.`);
  const time = timeoutOption(() => context.getNodeParameter('options.timeout', DEFAULT_TIMEOUT_SECONDS));
  const fields = ((trigger.default as { operation?: { inputFields?: unknown[] } }).operation?.inputFields ?? []).filter(
    (field): field is PlainInputField => typeof field === 'object' && field !== null,
  );
  const step = await startedStep(context, service, new Map(), fields, chosenSoFar(context), { isFillingDynamicDropdown: true }, time);
  const choices = new Map<string, string>();
  const canPage = (trigger.default as { operation?: { canPaginate?: boolean } }).operation?.canPaginate === true;
  try {
    for (let page = 0; page < (canPage ? DROPDOWN_PAGES_LOADED : 1); page += 1) {
      const records = recordsOf(await perform(trigger, step, step.bundle.inputData, { page }));
      let added = 0;
      for (const record of records) {
        const value = record[dropdown.value];
        if ((typeof value !== 'string' && typeof value !== 'number') || choices.has(String(value))) continue;
        const label = record[dropdown.label];
        choices.set(String(value), typeof label === 'string' || typeof label === 'number' ? String(label) : String(value));
        added += 1;
      }
      // As on Zapier, an empty page ends the list; so does a page of choices already listed.
      if (added === 0) break;
    }
  } catch (error) {
    throw failed(context, service, step, error);
  }
  return [...choices].map(([value, name]) => ({ name, value }));
}

/**
 * The node's `methods.loadOptions`: one method per hidden trigger of the connector, named by its key
 * (`workflows`), which reads the trigger page after page with Zapier's `bundle.meta.page`. The methods are
 * named at once (a node's class holds them); which keys of a listed item are a choice's value and label
 * comes from the fields that use the dropdown.
 */
export function loadOptionsOf(service: Service): Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>> {
  const hidden = service.operations.triggers.filter((module) => (module.default as { display?: { hidden?: boolean } }).display?.hidden === true);
  return Object.fromEntries(
    hidden.map((trigger) => [
      trigger.default.key,
      function (this: ILoadOptionsFunctions) {
        return loadDropdown(this, service, trigger);
      },
    ]),
  );
}

/** n8n's type for an account field in the mapper, after the connector's type of the field. */
function mapperTypeOf(field: PlainInputField): FieldType {
  if (field.list) return 'array';
  if (field.choices) return 'options';
  switch (field.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'datetime':
      return 'dateTime';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** An account field as the mapper shows it: its key as ID, its label, its type and choices; it adds a value, it matches nothing. */
function mapperFieldOf(field: PlainInputField): ResourceMapperField {
  const options = choicesOf(field);
  return {
    id: field.key,
    displayName: field.label ?? field.key,
    type: mapperTypeOf(field),
    ...(options.length ? { options } : {}),
    required: field.required === true,
    display: true,
    defaultMatch: false,
    canBeUsedToMatch: false,
  };
}

/**
 * The account's fields of the operation the editor shows, by name: its field functions called as on Zapier
 * when a step is set up, with the node's credential (`authData`) and what is chosen so far (the Location of an
 * Agency connection), through the runtime's own `z`. Nothing is kept between calls: each reads with the
 * credential and choices of that moment, so another credential or Location never gets these fields.
 */
async function loadAccountFields(context: ILoadOptionsFunctions, service: Service): Promise<ResourceMapperFields> {
  const { operations } = await derivationOf(service);
  const value = context.getCurrentNodeParameter('operation');
  const operation = operations.find((candidate) => candidate.value === value);
  if (!operation?.accountFields) return { fields: [] };
  const time = timeoutOption(() => context.getNodeParameter('options.timeout', DEFAULT_TIMEOUT_SECONDS));
  const step = await startedStep(context, service, new Map(), fieldsOf(operation), chosenSoFar(context), {}, time);
  const fields: ResourceMapperField[] = [];
  try {
    for (const fieldFunction of operation.accountFields.functions) {
      fields.push(...fieldsIn(await fieldFunction(step.z, step.bundle)).map(mapperFieldOf));
    }
  } catch (error) {
    throw failed(context, service, step, error);
  }
  if (fields.length) return { fields };
  // None until what they depend on is chosen, where this kind of connection has it (an Agency connection's Location).
  const { authData } = step.bundle;
  const kind = service.node.connections?.find((candidate) => Object.entries(candidate.authData).every(([key, expected]) => authData[key] === expected));
  const missing = operation.fields.filter(
    ({ field, onlyFor }) =>
      operation.accountFields?.dependsOn.includes(field.key) && step.bundle.inputData[field.key] === undefined && (!onlyFor || (kind && onlyFor.includes(kind.name))),
  );
  if (!missing.length) return { fields };
  const names = missing.map(({ field }) => field.label ?? field.key).join(' and ');
  const { plural } = service.node.accountFields ?? ACCOUNT_FIELD_WORDS;
  return { fields, emptyFieldsNotice: `Choose ${names} first: the ${plural} depend on it.` };
}

/**
 * The node's `methods.resourceMapping`: the one method of its account-fields mapper, which every operation
 * with account fields shows (the method reads which operation is open).
 */
export function resourceMappingOf(service: Service): Record<string, (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>> {
  return {
    [ACCOUNT_FIELDS]: function (this: ILoadOptionsFunctions) {
      return loadAccountFields(this, service);
    },
  };
}
