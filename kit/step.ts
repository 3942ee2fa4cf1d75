import type { ZObject } from 'zapier-platform-core';

/**
 * What the runtime running an operation tells the kit about one step (a Zapier call, or one input item
 * of an n8n node): how long it may take and where its base-URL overrides come from.
 */
export interface StepRuntime {
  /** The platform running the step, as messages name it ("Reconnect … in Zapier"). */
  platform: string;
  /** The time the requests of one step share, counted from its start, so that the last fails with a message in time. */
  budgetMs: number;
  /** How a message names that limit ("the 30 seconds Zapier gives a step"). */
  limit: string;
  /** A base-URL override by its name (`SEREBRO_BASE_URL`), or undefined for the production API. */
  override: (name: string) => string | undefined;
}

/**
 * Zapier's: it stops a step after 30 seconds, and overrides are environment variables of the app. A step
 * that no runtime started (a unit test calling a function directly) runs this way too.
 */
export const ZAPIER_STEP: StepRuntime = {
  platform: 'Zapier',
  budgetMs: 27_000,
  limit: 'the 30 seconds Zapier gives a step',
  override: (name) => process.env[name]?.trim() || undefined,
};

/** The budget of a Zapier step. */
export const STEP_BUDGET_MS = ZAPIER_STEP.budgetMs;

/** What the kit knows about the step being run: its runtime, deadline and the last answer read. */
export interface StepContext {
  runtime: StepRuntime;
  deadline: number;
  /** "GET /v2/contacts (HTTP 200)": quoted when something goes wrong after that answer was read. */
  lastAnswer?: string;
  /** What this step already read once (`remembered`), by key. */
  memo?: Map<string, Promise<unknown>>;
}

const steps = new WeakMap<object, StepContext>();

/**
 * A connector's text for the platform the step runs on: `{platform}` in it (a policy's "Reconnect your
 * account in {platform}.") becomes that platform's name.
 */
export const onPlatform = (z: ZObject, text: string): string => text.replaceAll('{platform}', stepOf(z).runtime.platform);

/** Starts a step: the whole budget ahead, nothing read yet. */
export function startStep(z: ZObject, runtime: StepRuntime = ZAPIER_STEP): void {
  steps.set(z, { runtime, deadline: Date.now() + runtime.budgetMs });
}

/** The context of the step `z` belongs to; a call no runtime started gets a fresh Zapier one. */
export function stepOf(z: ZObject): StepContext {
  let step = steps.get(z);
  if (!step) {
    step = { runtime: ZAPIER_STEP, deadline: Date.now() + ZAPIER_STEP.budgetMs };
    steps.set(z, step);
  }
  return step;
}
