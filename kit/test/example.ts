/**
 * A small app built with the kit exactly as a connector is: a `ServicePolicy` for a fictitious
 * "Example" service on https://api.example.test, `guardApp`, the kit's `beforeRequest` and
 * `afterResponse`, and operations calling `callApi`. The kit's tests run it through Zapier's own
 * `createAppTester`, with nock standing in for the API.
 */
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import type { ServicePolicy } from '../errors';
import { afterResponseFor, beforeRequestFor } from '../zapier/middleware';
import { guardApp } from '../zapier/guard-app';

export const ORIGIN = 'https://api.example.test';
/** Another host: nothing of the connection may ever reach it. */
export const OTHER_ORIGIN = 'https://elsewhere.example.net';
/** The connection's token (long enough to be scrubbed, distinctive enough to be searched for). */
export const TOKEN = 'tok_live_9f8e7d6c5b4a';
export const REDIRECT_HINT = 'Check the Example region of the connection.';

/** The kit's request hooks for `policy`, as a connector's app declares them. */
export function requestHooksFor(policy: ServicePolicy) {
  return { beforeRequest: [beforeRequestFor(policy)], afterResponse: [afterResponseFor(policy)] };
}

export function examplePolicy(overrides: Partial<ServicePolicy> = {}): ServicePolicy {
  return {
    service: 'Example',
    origin: () => ORIGIN,
    canRefresh: false,
    reconnect: 'Reconnect your Example account in Zapier.',
    showApiMessages: true,
    redirectHint: REDIRECT_HINT,
    secrets: (authData) => [authData.token],
    credentials: (_z, bundle) => ({ Authorization: `Bearer ${String(bundle.authData.token ?? '')}` }),
    forbidden: (refused, apiError) =>
      `Example refused ${refused.method} ${refused.path} (HTTP 403, ${apiError?.code ?? 'no code'}). Ask an Example admin for access.`,
    ...overrides,
  };
}

export type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** What a test can see of a request as the app built it (after the kit's `beforeRequest`). */
export interface Sent {
  url: string;
  method: string;
  timeout?: number;
  headers: Record<string, unknown>;
  body: unknown;
}

/**
 * An app whose creates are the given functions (a create answers one object). `sent` receives every
 * request as built, from a `beforeRequest` placed after the kit's own (it changes nothing).
 */
export function exampleApp(policy: ServicePolicy, creates: Record<string, Perform>, sent: Sent[] = []) {
  const record = (request: { url?: string; method?: string; timeout?: number; headers?: Record<string, unknown>; body?: unknown }) => {
    sent.push({
      url: String(request.url),
      method: String(request.method ?? 'GET'),
      timeout: request.timeout,
      headers: { ...request.headers },
      body: request.body,
    });
    return request;
  };
  return guardApp(policy, {
    version: '1.0.0',
    platformVersion: zapier.version,
    authentication: { type: 'custom' as const, fields: [{ key: 'token', required: true }], test: async () => ({}) },
    beforeRequest: [beforeRequestFor(policy), record],
    afterResponse: [afterResponseFor(policy)],
    flags: { throwForThrottlingEarly: false },
    creates: Object.fromEntries(
      Object.entries(creates).map(([key, perform]) => [
        key,
        {
          key,
          noun: 'Thing',
          display: { label: `Example ${key}`, description: `Runs the example ${key} step.` },
          operation: { perform, inputFields: [] },
        },
      ]),
    ),
  });
}

/** Runs one create of an example app as Zapier would, with the Example connection. */
export function runCreate(app: ReturnType<typeof exampleApp>, key: string, bundle: Partial<Bundle> = {}): Promise<unknown> {
  const tester = zapier.createAppTester(app);
  const perform = (app.creates as Record<string, { operation: { perform: Perform } }>)[key].operation.perform;
  return tester(perform, { authData: { token: TOKEN }, inputData: {}, ...bundle } as Bundle);
}

export interface Shown {
  name: string;
  /** The message a user sees (AppError and ThrottledError carry JSON). */
  message: string;
  /** The error's message exactly as thrown (what Zapier logs). */
  raw: string;
  stack?: string;
  code?: string;
  status?: number;
  delay?: number;
  doNotContextify?: boolean;
}

/** The error a promise rejects with, as a user and Zapier see it; fails the test when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Shown> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    const e = error as Error & { doNotContextify?: boolean };
    let parsed: { message?: string; code?: string; status?: number; delay?: number } = {};
    try {
      const json = JSON.parse(e.message) as unknown;
      if (json && typeof json === 'object') parsed = json as typeof parsed;
    } catch {
      // not JSON: the message is the text
    }
    return {
      name: e.name,
      message: typeof parsed.message === 'string' ? parsed.message : e.message,
      raw: e.message,
      stack: e.stack,
      code: parsed.code,
      status: parsed.status,
      delay: parsed.delay,
      doNotContextify: e.doNotContextify,
    };
  }
  throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
}
