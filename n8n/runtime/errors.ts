import { NodeApiError, NodeOperationError, type Failure, type INode, type JsonObject } from 'n8n-workflow';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { safeError, scrub } from '../../kit/guard';
import type { ServicePolicy } from '../../kit/errors';

/*
 * The errors operations throw through `z.errors` in n8n, and what n8n is handed for them. The kit and its
 * guard know Zapier's errors by name (AppError, ThrottledError, …): these classes carry the same names and
 * fields, as plain errors of this runtime's own.
 */

/** `z.errors.Error(message, code, status)`: an error the user can act on, with its code and HTTP status. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A 429: the API asks to wait `delay` seconds. */
export class ThrottledError extends Error {
  override name = 'ThrottledError';
  constructor(
    message: string,
    readonly delay?: number,
  ) {
    super(message);
  }
}

/** An OAuth access token expired: on Zapier, core refreshes it and runs the step again. */
export class RefreshAuthError extends Error {
  override name = 'RefreshAuthError';
}

/** The credential no longer works: only reconnecting it helps. */
export class ExpiredAuthError extends Error {
  override name = 'ExpiredAuthError';
}

/** A delivery or input refused for good: running the step again would not help. */
export class HaltedError extends Error {
  override name = 'HaltedError';
}

/** `z.errors` as the kit and the operations use it. */
export const zErrors = { Error: AppError, ThrottledError, RefreshAuthError, ExpiredAuthError, HaltedError };

/** Codes of refusals made before anything is sent, from what the step or its credential holds: not API failures. */
const REFUSALS = new Set(['invalid_input', 'invalid_auth_field', 'invalid_api_key_format', 'invalid_base_url']);

/** The most this runtime waits on a 429 before sending again; a longer wait fails, naming it. */
export const MAX_THROTTLE_WAIT_SECONDS = 60;

/** A 429 the runtime handed on rather than wait out: how long the API asked to wait, and why this step did not. */
export interface Throttled {
  seconds: number;
  reason: 'too long' | 'beyond the step' | 'still limited';
}

/** Waits this long or longer (or not a number at all: a header can say anything) are stated as "more than 30 days". */
const LONGEST_STATED_DAYS = 30;

/** "45 seconds", "12 minutes", "3 h 12 min", "12 days": a wait as a person reads it, as the kit's throttle messages word it. */
function readableWait(seconds: number): string {
  if (!(seconds < LONGEST_STATED_DAYS * 86_400)) return `more than ${LONGEST_STATED_DAYS} days`;
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** The message for a 429 this step did not wait out: the wait the API asked for and why this step did not wait. */
export function throttledMessage(service: string, throttled: Throttled, limit: string): string {
  const wait = readableWait(throttled.seconds);
  const why = {
    'too long': `This node waits at most ${MAX_THROTTLE_WAIT_SECONDS} seconds for a rate limit.`,
    'beyond the step': `That is more than is left of ${limit}.`,
    'still limited': 'It was still limiting after this node waited for it.',
  }[throttled.reason];
  return `${service} is rate limiting requests (HTTP 429) and asks to wait ${wait}. ${why} Try again after that.`;
}

/** What the runtime knows of a step that failed, for the error n8n is handed. */
export interface StepFailure {
  policy: ServicePolicy;
  z: ZObject;
  bundle: Bundle;
  /** Everything of the credential a message must never hold, besides what the policy names. */
  secrets: unknown[];
  /** A 429 the step handed on, if that is what ended it. */
  throttled?: Throttled;
  /** How a message names the step's time limit. */
  limit: string;
  /** The input item the step ran for; undefined for a dropdown. */
  itemIndex?: number;
  /** The fields the step's inputs came from: a value chosen from a field marked as identifying no one is not scrubbed. */
  inputFields: readonly unknown[];
}

/** The texts among `values`, longest first, long enough to scrub (as the kit's guard scrubs). */
function textsOf(values: unknown[]): string[] {
  const texts = values.filter((value): value is string | number => typeof value === 'string' || typeof value === 'number').map((value) => String(value).trim());
  return [...new Set(texts.filter((text) => text.length >= 4))].sort((a, b) => b.length - a.length);
}

/**
 * The error n8n is handed for anything a step threw: made safe by the kit's guard (Zapier's errors keep their
 * message, scrubbed of the connection's secrets and, for health records, of the step's input; anything else
 * becomes the kit's "stopped on something this integration does not understand"), scrubbed again of the
 * credential's own secrets (the OAuth client's secret among them), and built as n8n's own error from the
 * message alone: nothing of an answer's body, of the request or of the thrown error travels with it.
 */
export function nodeErrorOf(node: INode, failure: StepFailure, thrown: unknown): NodeApiError | NodeOperationError {
  const safe = safeError(failure.z, failure.policy, failure.bundle, thrown, failure.inputFields);
  const clean = (text: string) => scrub(text, textsOf(failure.secrets));
  const { itemIndex } = failure;
  const service = failure.policy.service;

  switch (safe.name) {
    case 'ThrottledError': {
      const delay = (safe as ThrottledError).delay ?? 0;
      const throttled = failure.throttled ?? { seconds: delay, reason: 'too long' };
      const message = throttledMessage(service, throttled, failure.limit);
      const retryAfter = Number.isFinite(throttled.seconds) ? { retryAfterMs: throttled.seconds * 1000 } : {};
      return apiError(node, message, { httpCode: '429', itemIndex, failure: { cause: 'rate-limited', ...retryAfter } });
    }
    case 'RefreshAuthError':
      // n8n refreshed the token on the first 401 and sent the request again: another 401 means it cannot.
      return apiError(node, reconnectMessage(service), { httpCode: '401', itemIndex, failure: { cause: 'credential-invalid' } });
    case 'ExpiredAuthError':
      return apiError(node, clean(safe.message), { httpCode: '401', itemIndex, failure: { cause: 'credential-invalid' } });
    case 'HaltedError':
      return operationError(node, clean(safe.message), itemIndex);
    default: {
      const { code, status } = safe as AppError;
      const message = clean(safe.message);
      if (code && REFUSALS.has(code)) return operationError(node, message, itemIndex);
      // The code is the API's (`duplicate_contact`) or the kit's (`redirect_refused`): what support asks for.
      const description = code ? `Error code: ${code}` : undefined;
      return apiError(node, message, { httpCode: status ? String(status) : undefined, description, itemIndex });
    }
  }
}

/** What a user reads when the credential's access token cannot be renewed. */
export function reconnectMessage(service: string): string {
  return `${service} no longer accepts this credential's access token, and refreshing it did not help. Open the ${service} credential in n8n and reconnect it.`;
}

/**
 * n8n's API error from our message alone. n8n rewrites a message that mentions a system error code
 * (ECONNREFUSED…) into its own words; the message is put back, so that the user reads what the kit says.
 */
function apiError(
  node: INode,
  message: string,
  options: { httpCode?: string; description?: string; itemIndex?: number; failure?: Failure },
): NodeApiError {
  const error = new NodeApiError(node, { message } as JsonObject, { message, ...options });
  error.message = message;
  return error;
}

/** n8n's operation error (a refusal before anything was sent) from our message alone. */
function operationError(node: INode, message: string, itemIndex: number | undefined): NodeOperationError {
  const error = new NodeOperationError(node, message, { itemIndex });
  error.message = message;
  return error;
}
