/**
 * One step of a trigger node (a webhook method, a delivery, a poll): the event chosen, its inputs read from
 * the node's parameters, and the kit's step started with the node's credential, as an action node's item is
 * (execute.ts). Errors become n8n's errors the same way, scrubbed of the credential and (Cerbo) of inputs.
 */
import type { IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import type { Bundle } from 'zapier-platform-core';
import { failed, startedStep, type Step, type StepTime } from './execute';
import { inputDataOf } from './inputs';
import { DEFAULT_TIMEOUT_SECONDS } from './parameters';
import type { Service } from './service';
import { EVENT_PARAMETER, eventFieldsOf, triggerEvents, type TriggerEvent } from './trigger-events';

/** What a trigger node's methods are called on. */
export type TriggerContext = IHookFunctions | IWebhookFunctions | IPollFunctions;

/** The trigger events of each service, derived once (the description derives the same). */
const derived = new WeakMap<Service, Promise<TriggerEvent[]>>();

function eventsOf(service: Service): Promise<TriggerEvent[]> {
  let events = derived.get(service);
  if (!events) {
    events = triggerEvents(service.operations, service.node);
    derived.set(service, events);
  }
  return events;
}

/** A started step of the node's event. */
export interface TriggerStep extends Step {
  event: TriggerEvent;
}

/**
 * How long a trigger step may take: as long as an action node's item by default (a trigger node has no
 * Timeout option, so a message must not send the user looking for one).
 */
const TRIGGER_STEP_TIME: StepTime = { seconds: DEFAULT_TIMEOUT_SECONDS, limit: `the ${DEFAULT_TIMEOUT_SECONDS} seconds a trigger node gives a step` };

/** Starts a step of the event the node is set to, its inputs from the node's parameters. */
export async function startedTriggerStep(context: TriggerContext, service: Service, meta: Partial<Bundle['meta']> = {}): Promise<TriggerStep> {
  const value = context.getNodeParameter(EVENT_PARAMETER, '');
  const event = (await eventsOf(service)).find((candidate) => candidate.key === value);
  if (!event) throw new Error(`This trigger node has no event "${String(value)}".`);
  const fields = eventFieldsOf(event);
  const inputData = inputDataOf(fields, (key) => context.getNodeParameter(key, ''));
  const step = await startedStep(context, service, new Map(), fields, inputData, meta, TRIGGER_STEP_TIME);
  return { ...step, event };
}

/** Runs `work` in the step, turning what it throws into n8n's error as an action node's (nothing secret in it). */
export async function inStep<T>(context: TriggerContext, service: Service, step: Step, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw failed(context, service, step, error);
  }
}

/** The event and inputs of a step as text: what a subscription or a poll's memory was made for. */
export const inputsKeyOf = (step: TriggerStep) =>
  JSON.stringify([step.event.key, Object.entries(step.bundle.inputData).sort(([a], [b]) => a.localeCompare(b))]);
