import {
  NodeOperationError,
  type ICredentialDataDecryptedObject,
  type IDataObject,
  type IExecuteFunctions,
  type ILoadOptionsFunctions,
  type INodeExecutionData,
  type INodePropertyOptions,
} from 'n8n-workflow';
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { overrideProblem } from '../../kit/config';
import { startStep, type StepRuntime } from '../../kit/step';
import { dropdownsOf, inputFieldsOf, NODE_PARAMETERS, nodeFieldsOf, nodeOperation, type Dropdown, type NodeOperation, type RunnableOperation } from './catalog';
import { AppError, ExpiredAuthError, nodeErrorOf } from './errors';
import { inputDataOf, zapierValue } from './inputs';
import { credentialText, type Service } from './service';
import { zFor, type NodeContext, type NodeRunCache, type StepState } from './z';

/** How long a step (one input item, one dropdown) may take when the node's Timeout option is not set. */
export const DEFAULT_STEP_SECONDS = 60;

/**
 * Pages of one dropdown read at most: 25 pages of 100 choices is more than a dropdown can show usefully;
 * past them, an ID is typed or mapped instead.
 */
export const MAX_DROPDOWN_PAGES = 25;

/** A step of the node: the operation's `z` and `bundle`, and what the runtime needs if it fails. */
interface Step {
  z: ZObject;
  bundle: Bundle;
  /** The fields its inputs came from. */
  inputFields: readonly PlainInputField[];
  state: StepState;
  runtime: StepRuntime;
  credentials: ICredentialDataDecryptedObject;
}

/** The Timeout option, in seconds: a positive number, or the default. */
function stepSeconds(read: () => unknown): number {
  const seconds = Number(read());
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_STEP_SECONDS;
}

/**
 * A step's runtime for the kit: the budget the node's Timeout option gives it, and the credential's Base URL
 * as the connector's base-URL override. One the kit's rule refuses (not https, nor http to this machine) is
 * refused naming the credential's field: the connector's name for the override is not one an n8n user knows.
 */
function stepRuntime(service: Service, credentials: ICredentialDataDecryptedObject, seconds: number): StepRuntime {
  const base = credentialText(credentials, 'baseUrl');
  const { service: name } = service.operations.policy;
  return {
    budgetMs: seconds * 1000,
    limit: `the ${seconds} seconds this node gives a step (its Timeout option)`,
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
async function startedStep(
  context: NodeContext,
  service: Service,
  cache: NodeRunCache,
  inputFields: readonly PlainInputField[],
  inputData: Record<string, unknown>,
  meta: Partial<Bundle['meta']>,
  seconds: number,
  itemIndex?: number,
): Promise<Step> {
  const credentials = await context.getCredentials(service.credential, itemIndex);
  const authData = service.authData(credentials);
  const bundle = {
    authData: authData ?? {},
    inputData,
    meta: { timezone: context.getTimezone(), page: 0, limit: -1, isLoadingSample: false, isFillingDynamicDropdown: false, ...meta },
  } as Bundle;
  const state: StepState = {};
  const z = zFor(context, service, bundle, cache, state);
  const runtime = stepRuntime(service, credentials, seconds);
  startStep(z, runtime);
  const step = { z, bundle, inputFields, state, runtime, credentials };
  if (!authData) {
    throw failed(context, service, step, new ExpiredAuthError(`This ${service.operations.policy.service} credential is not connected yet: open it in n8n and connect your account.`), itemIndex);
  }
  return step;
}

/** The n8n error for what a step threw, with the credential's secrets scrubbed as the connection's are. */
function failed(context: NodeContext, service: Service, step: Step, thrown: unknown, itemIndex?: number) {
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
const perform = (operation: RunnableOperation, step: Step, inputData: Record<string, unknown>, meta: Partial<Bundle['meta']> = {}) =>
  operation.operation.perform(step.z, { ...step.bundle, inputData, meta: { ...step.bundle.meta, ...meta } });

/** A record the operation returned, as an item's JSON; a list gives its records. */
function recordsOf(result: unknown): IDataObject[] {
  const list = Array.isArray(result) ? result : [result];
  if (!list.every((record) => typeof record === 'object' && record !== null && !Array.isArray(record))) {
    throw new AppError('This operation answered with something that is not a record. Try again; if it keeps happening, contact support.', 'unexpected_result', 500);
  }
  return list as IDataObject[];
}

/** The inputs among `inputData` that `operation`'s own fields take (a Find or Create step holds both halves'). */
function inputsFor(operation: RunnableOperation, service: Service, inputData: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set(inputFieldsOf(operation, service.widestConnection).map((field) => field.key));
  return Object.fromEntries(Object.entries(inputData).filter(([key]) => keys.has(key)));
}

/** The records of one input item, for its operation. */
async function runOperation(context: IExecuteFunctions, service: Service, operation: NodeOperation, step: Step, itemIndex: number): Promise<IDataObject[]> {
  const { inputData } = step.bundle;
  switch (operation.kind) {
    case 'create':
      return recordsOf(await perform(operation.runs, step, inputData));
    case 'search': {
      const found = recordsOf(await perform(operation.runs, step, inputData));
      // Lists offer Return All / Limit where the node's description has them; without, every record found.
      const returnAll = context.getNodeParameter(NODE_PARAMETERS.returnAll, itemIndex, true) !== false;
      const limit = Number(context.getNodeParameter(NODE_PARAMETERS.limit, itemIndex, 0));
      return returnAll || !(limit > 0) ? found : found.slice(0, limit);
    }
    case 'findOrCreate': {
      // As Zapier's Find or Create: the search's first record, or the create's when the search finds none.
      const [first] = recordsOf(await perform(operation.search, step, inputsFor(operation.search, service, inputData)));
      if (first) return [{ ...first, created: false }];
      const createInput = inputsFor(operation.create, service, inputData);
      const [made] = recordsOf(await perform(operation.create, step, createInput, { withSearch: operation.search.key }));
      return [{ ...made, created: true }];
    }
  }
}

/**
 * The node's `execute`: each input item is one step of the chosen operation, its inputs read from the node's
 * parameters for that item. Every output item is paired with its input item. With "Continue On Fail", a
 * failed item gives `{error}` and the next one runs; otherwise the error stops the node.
 */
export async function executeOperation(this: IExecuteFunctions, service: Service): Promise<INodeExecutionData[][]> {
  const cache: NodeRunCache = new Map();
  const output: INodeExecutionData[] = [];
  const items = this.getInputData();
  for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
    const pairedItem = { item: itemIndex };
    try {
      const value = this.getNodeParameter(NODE_PARAMETERS.operation, itemIndex);
      const operation = nodeOperation(service.operations, value);
      if (!operation) throw new NodeOperationError(this.getNode(), `This node has no operation "${String(value)}".`, { itemIndex });
      const fields = nodeFieldsOf(operation, service.widestConnection);
      const inputData = inputDataOf(fields, (key) => this.getNodeParameter(key, itemIndex, ''));
      const seconds = stepSeconds(() => this.getNodeParameter(`${NODE_PARAMETERS.options}.${NODE_PARAMETERS.timeout}`, itemIndex, DEFAULT_STEP_SECONDS));
      const step = await startedStep(this, service, cache, fields, inputData, {}, seconds, itemIndex);
      try {
        const records = await runOperation(this, service, operation, step, itemIndex);
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

/** One dropdown's choices: its trigger's pages, read until one is empty or repeats, at most `MAX_DROPDOWN_PAGES`. */
async function loadDropdown(context: ILoadOptionsFunctions, service: Service, dropdown: Dropdown): Promise<INodePropertyOptions[]> {
  const seconds = stepSeconds(() => context.getNodeParameter(`${NODE_PARAMETERS.options}.${NODE_PARAMETERS.timeout}`, DEFAULT_STEP_SECONDS));
  const fields = inputFieldsOf(dropdown.trigger, service.widestConnection);
  const step = await startedStep(context, service, new Map(), fields, chosenSoFar(context), { isFillingDynamicDropdown: true }, seconds);
  const choices = new Map<string, string>();
  const pages = dropdown.trigger.operation.canPaginate ? MAX_DROPDOWN_PAGES : 1;
  try {
    for (let page = 0; page < pages; page += 1) {
      const records = recordsOf(await perform(dropdown.trigger, step, step.bundle.inputData, { page }));
      let added = 0;
      for (const record of records) {
        const value = record[dropdown.valueKey];
        if ((typeof value !== 'string' && typeof value !== 'number') || choices.has(String(value))) continue;
        const label = record[dropdown.labelKey];
        choices.set(String(value), typeof label === 'string' || typeof label === 'number' ? String(label) : String(value));
        added += 1;
      }
      if (added === 0) break;
    }
  } catch (error) {
    throw failed(context, service, step, error);
  }
  return [...choices].map(([value, name]) => ({ name, value }));
}

/**
 * The node's `methods.loadOptions`: one method per hidden trigger that fills a dropdown, named by its key
 * (`workflows`), which reads the trigger page after page with Zapier's `bundle.meta.page`.
 */
export function loadOptionsOf(service: Service): Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>> {
  return Object.fromEntries(
    dropdownsOf(service.operations, service.widestConnection).map((dropdown) => [
      dropdown.trigger.key,
      function (this: ILoadOptionsFunctions) {
        return loadDropdown(this, service, dropdown);
      },
    ]),
  );
}
