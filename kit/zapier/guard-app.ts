import type { Bundle, ZObject } from 'zapier-platform-core';
import type { ServicePolicy } from '../errors';
import { safeError } from '../guard';
import { outputFieldsOnRequest } from '../schema';
import { startStep } from '../step';

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
