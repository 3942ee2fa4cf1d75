import type { ZObject } from 'zapier-platform-core';

/**
 * Zapier stops a step after 30 seconds. The requests of one step share this budget, counted from the
 * moment the guard started the step, so that the last of them fails with a message in time.
 */
export const STEP_BUDGET_MS = 27_000;

/** What the kit knows about the call Zapier is making: its deadline and the last answer read. */
export interface StepContext {
  deadline: number;
  /** "GET /v2/contacts (HTTP 200)": quoted when something goes wrong after that answer was read. */
  lastAnswer?: string;
  /** What this step already read once (`remembered`), by key. */
  memo?: Map<string, Promise<unknown>>;
}

const steps = new WeakMap<object, StepContext>();

/** Starts the step of one call Zapier makes: the whole budget ahead, nothing read yet. */
export function startStep(z: ZObject): void {
  steps.set(z, { deadline: Date.now() + STEP_BUDGET_MS });
}

/** The context of the step `z` belongs to; a call outside the guard (a unit test) gets a fresh one. */
export function stepOf(z: ZObject): StepContext {
  let step = steps.get(z);
  if (!step) {
    step = { deadline: Date.now() + STEP_BUDGET_MS };
    steps.set(z, step);
  }
  return step;
}
