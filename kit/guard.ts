import type { Bundle, ZObject } from 'zapier-platform-core';
import { withoutContext, type ServicePolicy } from './errors';
import { personalInput } from './personal';
import { outputFieldsOnRequest } from './schema';
import { startStep, stepOf } from './step';

/** Error names of zapier-platform-core's own errors: Zapier knows what to do with each. */
const ZAPIER_ERRORS = new Set(['AppError', 'ExpiredAuthError', 'RefreshAuthError', 'ThrottledError', 'HaltedError']);

/** Words a secret must be longer than to be scrubbed (shorter values would mask ordinary words). */
const MIN_SECRET_LENGTH = 4;

/**
 * Every value a message must not hold: the connection's credentials, the webhook signing secret, and for
 * health-record services every input value of the step that may identify someone (names, dates of birth,
 * contact details; not an HTTP method chosen from its list), which the operation's input fields tell.
 */
function secretsOf(policy: ServicePolicy, bundle: Bundle | undefined, inputFields?: readonly unknown[]): string[] {
  if (!bundle) return [];
  const values: unknown[] = [...policy.secrets(bundle.authData ?? {})];
  const subscribeData = bundle.subscribeData as Record<string, unknown> | undefined;
  values.push(subscribeData?.secret);
  if (policy.privateData) {
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      else values.push(value);
    };
    collect(personalInput(bundle.inputData, inputFields));
  }
  const texts = values.filter((value): value is string | number => typeof value === 'string' || typeof value === 'number').map(String);
  return [...new Set(texts.map((text) => text.trim()).filter((text) => text.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** A message with every secret replaced by `[redacted]`, including its JSON-escaped form (core's messages are JSON). */
export function scrub(message: string, secrets: string[]): string {
  let result = message;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      result = result.split(form).join('[redacted]');
    }
  }
  return result;
}

/**
 * The error a user sees for anything that leaves a function Zapier calls: Zapier's own errors keep their
 * type (Zapier acts on it: retry, refresh, reconnect, halt) with their message scrubbed and marked so that
 * core appends no bundle dump; anything else (a TypeError on an answer nobody expected, a failing cache)
 * becomes a clear AppError that says what was last read.
 */
export function safeError(z: ZObject, policy: ServicePolicy, bundle: Bundle | undefined, error: unknown, inputFields?: readonly unknown[]): Error {
  const secrets = secretsOf(policy, bundle, inputFields);
  if (error instanceof Error && ZAPIER_ERRORS.has(error.name)) {
    if (!error.message.trim() && error.name === 'RefreshAuthError') {
      error.message = `${policy.service} said the access token has expired; Zapier is refreshing it.`;
    }
    error.message = scrub(error.message, secrets);
    if (error.stack) error.stack = scrub(error.stack, secrets);
    return withoutContext(error);
  }
  const last = stepOf(z).lastAnswer;
  const after = last ? ` after it answered ${last}` : '';
  return new z.errors.Error(
    `${policy.service}: this step stopped on something this integration does not understand${after}. ` +
      'Try again; if it keeps happening, contact support.',
    'unexpected_error',
    500,
  );
}

type ZapierFunction = (z: ZObject, bundle: Bundle) => unknown;

/**
 * One function Zapier calls, run with its own step context and every error made safe. A function that
 * answers synchronously (a dynamic field list) still does, so that tools reading the definition can call it.
 * `inputFields` are its operation's static input fields, which say what input identifies no one.
 */
export function guarded<F extends ZapierFunction>(policy: ServicePolicy, fn: F, inputFields?: readonly unknown[]): F {
  const wrapped = (z: ZObject, bundle: Bundle) => {
    if (z && typeof z === 'object') startStep(z);
    let result: unknown;
    try {
      result = fn(z, bundle);
    } catch (error) {
      throw safeError(z, policy, bundle, error, inputFields);
    }
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        throw safeError(z, policy, bundle, error, inputFields);
      });
    }
    return result;
  };
  // Tools that read the definition (the publishing checks read dynamic fields' source) see the function itself.
  Object.defineProperty(wrapped, 'unguarded', { value: fn });
  return wrapped as unknown as F;
}

/** The function a guard wraps (or the function itself). */
export const unguarded = (fn: unknown): unknown => (fn as { unguarded?: unknown }).unguarded ?? fn;

const OPERATION_FUNCTIONS = ['perform', 'performList', 'performSubscribe', 'performUnsubscribe', 'performResume', 'performGet'];

/** Wraps the functions of one operation: perform*, and function-valued input and output fields. */
function guardOperation(policy: ServicePolicy, operation: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...operation };
  const inputFields = Array.isArray(operation.inputFields) ? operation.inputFields : undefined;
  for (const name of OPERATION_FUNCTIONS) {
    if (typeof operation[name] === 'function') result[name] = guarded(policy, operation[name] as ZapierFunction, inputFields);
  }
  for (const list of ['inputFields', 'outputFields']) {
    const fields = operation[list];
    if (Array.isArray(fields)) {
      result[list] = fields.map((field: unknown) => (typeof field === 'function' ? guarded(policy, field as ZapierFunction, inputFields) : field));
    }
  }
  if (Array.isArray(result.outputFields)) result.outputFields = outputFieldsOnRequest(result.outputFields);
  return result;
}

interface Definition {
  authentication?: Record<string, unknown>;
  triggers?: Record<string, { operation: Record<string, unknown> }>;
  creates?: Record<string, { operation: Record<string, unknown> }>;
  searches?: Record<string, { operation: Record<string, unknown> }>;
}

function guardAll<T extends { operation: Record<string, unknown> }>(policy: ServicePolicy, group: Record<string, T> | undefined) {
  if (!group) return group;
  return Object.fromEntries(Object.entries(group).map(([key, item]) => [key, { ...item, operation: guardOperation(policy, item.operation) }]));
}

/**
 * Puts the guard around every function Zapier calls, where the app is assembled, so that a new
 * operation cannot forget it: perform, performList, performSubscribe/Unsubscribe, dropdown triggers,
 * dynamic field functions, the auth test, connection label, getAccessToken and refreshAccessToken.
 */
export function guardApp<D extends object>(policy: ServicePolicy, definition: D): D {
  const app = definition as Definition;
  const authentication = app.authentication ? { ...app.authentication } : undefined;
  if (authentication) {
    for (const name of ['test', 'connectionLabel']) {
      if (typeof authentication[name] === 'function') authentication[name] = guarded(policy, authentication[name] as ZapierFunction);
    }
    const oauth2 = authentication.oauth2Config as Record<string, unknown> | undefined;
    if (oauth2) {
      const config = { ...oauth2 };
      for (const name of ['getAccessToken', 'refreshAccessToken', 'authorizeUrl']) {
        if (typeof config[name] === 'function') config[name] = guarded(policy, config[name] as ZapierFunction);
      }
      authentication.oauth2Config = config;
    }
  }
  const guardedApp: Definition = {
    ...app,
    ...(authentication ? { authentication } : {}),
    triggers: guardAll(policy, app.triggers),
    creates: guardAll(policy, app.creates),
    searches: guardAll(policy, app.searches),
  };
  return guardedApp as D;
}
