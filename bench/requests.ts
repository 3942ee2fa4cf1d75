/**
 * Requests per operation, counted by the sandbox: every operation of a connector's built app is run
 * once through createAppTester, with inputs resolved as the Zap editor resolves them (dropdowns
 * first), and the requests the sandbox received during that one call are listed.
 */
import path from 'node:path';
import { operationsOf, type AppDefinition, type FieldDefinition, type OperationDefinition } from '../scripts/definition';
import type { Artifact } from './artifacts';
import type { BenchSandbox } from './sandbox';
import type { InputValue, Profile } from './profiles';

type Tester = (method: string, bundle: Record<string, unknown>) => Promise<unknown>;
type Handler = (event: Record<string, unknown>) => Promise<{ results: unknown }>;

export interface Invocation {
  method: string;
  bundle: { authData: Record<string, string>; inputData: Record<string, unknown>; meta: Record<string, unknown>; targetUrl?: string; subscribeData?: unknown };
}

export interface OperationCount {
  operation: string;
  /** What Zapier's call is: a poll, a dropdown page, a REST-hook list/subscribe/unsubscribe, an action, a search. */
  kind: string;
  requests: string[];
  expected: number;
  /** The connector's reason when a call needs more than one request. */
  why?: string;
  error?: string;
}

/**
 * The tester of an unzipped app: Zapier's own Lambda entry point (zapierwrapper.js →
 * createAppHandler, which createAppTester wraps too), with the cursor store Zapier provides in
 * production emulated in memory. createAppTester cannot do that part: it passes no cursor store, so
 * a dropdown's `z.cursor` would try to reach Zapier's RPC service.
 */
export function loadApp(artifact: Artifact): { app: AppDefinition; tester: Tester } {
  const app = require(path.join(artifact.dir, 'index.js')) as AppDefinition;
  const { handler } = require(path.join(artifact.dir, 'zapierwrapper.js')) as { handler: Handler };
  const cursorTestObj = {};
  // Each call starts with an empty z.cache: what is counted is a step's cost when nothing is cached yet.
  const tester: Tester = async (method, bundle) =>
    // calledFromCli: no per-call memory line on the bench's output (Zapier prints one in Lambda).
    (await handler({ command: 'execute', method, bundle, storeKey: `bench-${method}`, cursorTestObj, zcacheTestObj: {}, calledFromCli: true })).results;
  return { app, tester };
}

const HOOK_TARGET = 'http://127.0.0.1:9/bench-hook';

export class OperationRunner {
  private call = 0;

  constructor(
    private readonly app: AppDefinition,
    private readonly tester: Tester,
    private readonly bench: BenchSandbox,
    private readonly profile: Profile,
    readonly authData: Record<string, string>,
  ) {}

  private value(kind: string, key: string, field: FieldDefinition): InputValue | undefined {
    const specific = this.profile.inputs[`${kind}.${key}.${field.key}`];
    if (specific !== undefined) return specific;
    return field.required ? this.profile.inputs[field.key] : undefined;
  }

  /** The first item of a dynamic dropdown (`trigger_key.id_field.label_field`), as a user would pick it. */
  private async pick(dynamic: string, inputData: Record<string, unknown>): Promise<unknown> {
    const [trigger, idField] = dynamic.split('.');
    const items = (await this.tester(`triggers.${trigger}.operation.perform`, {
      authData: this.authData,
      inputData: { ...inputData },
      meta: { isFillingDynamicDropdown: true, page: 0 },
    })) as Record<string, unknown>[];
    return items[0]?.[idField];
  }

  /** inputData for one operation: dropdown fields from their dropdowns, plain required fields from the profile. */
  async inputsFor(kind: string, key: string, operation: OperationDefinition): Promise<Record<string, unknown>> {
    const inputData: Record<string, unknown> = {};
    this.call += 1;
    for (const field of operation.inputFields ?? []) {
      if (typeof field === 'function') continue;
      const given = this.value(kind, key, field);
      let value: unknown;
      if (typeof given === 'function') value = given(this.call);
      else if (typeof given === 'object') value = await this.pick(given.dropdown, inputData);
      else if (given !== undefined) value = given;
      else if (field.dynamic && field.required) value = await this.pick(field.dynamic, inputData);
      else continue;
      inputData[field.key] = field.list && !Array.isArray(value) ? [value] : value;
    }
    // Inputs an operation reads without declaring them (a dropdown trigger reads the field above it).
    const prefix = `${kind}.${key}.`;
    for (const [name, given] of Object.entries(this.profile.inputs)) {
      const field = name.slice(prefix.length);
      if (!name.startsWith(prefix) || field in inputData) continue;
      if (typeof given === 'function') inputData[field] = given(this.call);
      else if (typeof given === 'object') inputData[field] = await this.pick(given.dropdown, inputData);
      else inputData[field] = given;
    }
    return inputData;
  }

  async invocation(method: string): Promise<Invocation> {
    const [kind, key] = method.split('.');
    const found = operationsOf(this.app).find((op) => op.kind === kind && op.key === key);
    if (!found) throw new Error(`The app has no ${kind}.${key}`);
    const { definition } = found;
    const hidden = kind === 'triggers' && definition.display.hidden === true;
    return {
      method,
      bundle: {
        authData: this.authData,
        inputData: await this.inputsFor(kind, key, definition.operation),
        meta: hidden ? { isFillingDynamicDropdown: true, page: 0 } : { page: 0, isLoadingSample: false },
      },
    };
  }

  /** Runs one call and returns the requests the sandbox received for it. */
  private async measure(kind: string, invocation: Invocation, expected: number, why?: string): Promise<{ count: OperationCount; result: unknown }> {
    if (this.bench.sinceReset > 20) await this.bench.resetLimits();
    this.bench.take();
    let result: unknown;
    let error: string | undefined;
    try {
      result = await this.tester(invocation.method, structuredClone(invocation.bundle));
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const requests = this.bench.take().map((request) => `${request.method} ${request.path}`);
    return { count: { operation: invocation.method, kind, requests, expected, why, error }, result };
  }

  async countAll(): Promise<OperationCount[]> {
    const counts: OperationCount[] = [];
    if (this.app.authentication?.test) {
      counts.push((await this.measure('auth test', { method: 'authentication.test', bundle: { authData: this.authData, inputData: {}, meta: {} } }, 1)).count);
    }
    for (const { key, definition: trigger } of operationsOf(this.app, ['triggers'])) {
      const base = await this.invocation(`triggers.${key}.operation.perform`);
      if (trigger.operation.type === 'hook') {
        const list = `triggers.${key}.operation.performList`;
        const more = this.profile.multiRequest[list];
        counts.push((await this.measure('poll (REST hook performList)', { ...base, method: list }, more?.requests ?? 1, more?.why)).count);
        const subscribe = await this.measure('subscribe', { ...base, method: `triggers.${key}.operation.performSubscribe`, bundle: { ...base.bundle, targetUrl: HOOK_TARGET } }, 1);
        counts.push(subscribe.count);
        const unsubscribe = { ...base, method: `triggers.${key}.operation.performUnsubscribe`, bundle: { ...base.bundle, targetUrl: HOOK_TARGET, subscribeData: subscribe.result } };
        counts.push((await this.measure('unsubscribe', unsubscribe, 1)).count);
      } else {
        counts.push((await this.measure(trigger.display.hidden ? 'dropdown page' : 'poll', base, 1)).count);
        if (trigger.operation.canPaginate) {
          // "Load more" in the editor: the next page, with the cursor the first page stored.
          const next = await this.measure('dropdown next page', { ...base, bundle: { ...base.bundle, meta: { ...base.bundle.meta, page: 1 } } }, 1);
          if (next.count.requests.length === 0 && !next.count.error) {
            next.count.expected = 0;
            next.count.why = 'the first page was the last: answered without a request';
          }
          counts.push(next.count);
        }
      }
    }
    for (const { kind, path: operation } of operationsOf(this.app, ['creates', 'searches'])) {
      const method = `${operation}.operation.perform`;
      const more = this.profile.multiRequest[method];
      const invocation = await this.invocation(method);
      counts.push((await this.measure(kind === 'creates' ? 'action' : 'search', invocation, more?.requests ?? 1, more?.why)).count);
    }
    return counts;
  }
}
