import type { Bundle, ZObject } from 'zapier-platform-core';
import { withoutContext, type ServicePolicy } from './errors';
import { personalInput } from './personal';
import { stepOf } from './step';

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
