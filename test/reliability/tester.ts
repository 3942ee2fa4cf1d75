/**
 * Runs connector operations the way Zapier does, through zapier-platform-core's own Lambda handler,
 * while keeping what the plain `createAppTester` hides from a test:
 *  - every log line core and the connector produce (`z.console`, core's request/response logs,
 *    error logs), both as written and as Zapier stores them after its secret scrubbing;
 *  - every request exactly as the connector built it (URL before Node normalises `..` away, params, body).
 * It keeps `z.cache` (zcacheTestObj) for the life of one tester, as `createAppTester` does.
 */
import nock from 'nock';
import type { Bundle } from 'zapier-platform-core';

type Handler = (event: Record<string, unknown>) => Promise<{ results: unknown }>;

/**
 * Core's handler is not part of its typed API, but the package exports `./src/*` for exactly this.
 * Core counts invocations per loaded copy and, past 250, exits the process when its memory is over
 * Lambda's limit (a guard for Lambda, not for a test worker), so a fresh copy is loaded every 200.
 */
let core: { create: (app: unknown) => Handler; invocations: number } | undefined;

function loadCore(): (app: unknown) => Handler {
  if (!core || core.invocations >= 200) {
    jest.isolateModules(() => {
      core = { create: require('zapier-platform-core/src/tools/create-lambda-handler'), invocations: 0 };
    });
  }
  return core!.create;
}

function freshHandler(app: unknown): Handler {
  let handler = loadCore()(app);
  let loadedBy = core;
  return (event) => {
    if (core !== loadedBy || core!.invocations >= 200) {
      handler = loadCore()(app);
      loadedBy = core;
    }
    core!.invocations += 1;
    return handler(event);
  };
}

export interface LogLine {
  /**
   * `console` (z.console), `http` (core's request log), `error` (core's error log), `raw` (text
   * printed to the console), `shown` (an error message thrown out of an operation).
   */
  kind: string;
  text: string;
  /** For `shown`: the bundle of the call that threw (its credentials and input are checked against the message). */
  bundle?: Record<string, unknown>;
}

export interface BuiltRequest {
  method: string;
  url: string;
  params: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  timeout?: number;
}

/**
 * Everything logged in this test file goes to these readers as it happens (the secrets check is
 * one): lines are not kept, so a long property run does not hold megabytes of logs.
 */
export const logReaders: Array<(line: LogLine) => void> = [];

function emit(line: LogLine): void {
  for (const read of logReaders) read(line);
}

let consoleCaptured = false;

/**
 * core also prints `z.console` lines to the process console; capture them (unscrubbed, as the
 * connector wrote them) and keep the test output quiet.
 */
export function captureConsole(): void {
  if (consoleCaptured) return;
  consoleCaptured = true;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      emit({ kind: 'raw', text: args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ') });
    });
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function logText(message: unknown, data: Record<string, unknown> | undefined): string {
  const parts = [String(message)];
  if (data) {
    for (const key of ['request_url', 'request_params', 'request_headers', 'request_data', 'response_headers', 'response_content']) {
      const value = data[key];
      if (value !== undefined && value !== null && value !== '') parts.push(typeof value === 'string' ? value : safeJson(value));
    }
  }
  return parts.join('\n');
}

/**
 * A stand-in for Zapier's cache service, reached the way production code reaches it (core's RPC
 * client), with the semantics `z.cache.set(key, value, ttl, scope, nx)` documents: with `nx` a key
 * that exists is left alone and `false` comes back. `createAppTester`'s own `zcacheTestObj` mock
 * ignores `nx` (every set answers true), so a dedupe built on `nx` cannot be seen working through it.
 */
export const RPC_ORIGIN = 'https://rpc.reliability.test';

export function installZapierCache(store: Map<string, { value: string; expires: number }>): void {
  process.env.ZAPIER_DEPLOY_KEY = process.env.ZAPIER_DEPLOY_KEY ?? 'reliability-deploy-key';
  nock(RPC_ORIGIN)
    .persist()
    .post('/cli')
    .reply((_uri, body) => {
      const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { id: string; method: string; params: unknown[] };
      const { id, method, params } = parsed;
      const [key, value, ttl, , nx] = params as [string, string, number | null, unknown, boolean | null];
      const live = (k: string) => {
        const entry = store.get(k);
        if (entry && entry.expires < Date.now()) store.delete(k);
        return store.get(k);
      };
      let result: unknown = null;
      if (method === 'zcache_get') result = live(key)?.value ?? null;
      else if (method === 'zcache_set') {
        if (nx && live(key)) result = false;
        else {
          store.set(key, { value, expires: ttl ? Date.now() + ttl * 1000 : Number.MAX_SAFE_INTEGER });
          result = true;
        }
      } else if (method === 'zcache_delete') result = store.delete(key);
      else return [200, { id, error: `unexpected RPC method ${method}` }];
      return [200, { id, result }];
    });
}

export interface Tester {
  (method: string, bundle: Partial<Bundle> | Record<string, unknown>): Promise<unknown>;
  /** Requests built by the connector during the last call (cleared at the start of each call). */
  requests: BuiltRequest[];
  zcacheTestObj: Record<string, unknown>;
}

/**
 * A tester for `app`. A `beforeRequest` appended after the connector's own records each request as
 * built; it changes nothing.
 */
export function makeTester(app: object, options: { zapierCache?: boolean } = {}): Tester {
  const recorder = (request: Record<string, unknown>) => {
    tester.requests.push({
      method: String(request.method ?? 'GET').toUpperCase(),
      url: String(request.url ?? ''),
      params: { ...((request.params as Record<string, unknown>) ?? {}) },
      headers: { ...((request.headers as Record<string, unknown>) ?? {}) },
      body: request.body,
      timeout: typeof request.timeout === 'number' ? request.timeout : undefined,
    });
    return request;
  };
  const before = (app as { beforeRequest?: unknown }).beforeRequest;
  const wrapped = { ...app, beforeRequest: [...(Array.isArray(before) ? before : before ? [before] : []), recorder] };
  const handler = freshHandler(wrapped);

  const tester = (async (method: string, bundle: Record<string, unknown>) => {
    tester.requests = [];
    const event = {
      command: 'execute',
      method,
      bundle,
      ...(options.zapierCache ? { rpc_base: `${RPC_ORIGIN}/cli` } : { zcacheTestObj: tester.zcacheTestObj }),
      cursorTestObj: {},
      customLogger: (message: unknown, data: Record<string, unknown>) => {
        emit({ kind: String(data?.log_type ?? 'console'), text: logText(message, data) });
      },
    };
    try {
      const response = await handler(event);
      return response.results;
    } catch (error) {
      // The message a user sees (thrown out of an operation) must not hold secrets either.
      emit({ kind: 'shown', text: error instanceof Error ? error.message : String(error), bundle });
      throw error;
    }
  }) as Tester;
  tester.requests = [];
  tester.zcacheTestObj = {};
  return tester;
}

/** The message a user sees: AppError and ThrottledError carry JSON `{message, ...}`. */
export function userMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the message is the text
  }
  return raw;
}

/** ThrottledError's delay in seconds. */
export function throttleDelay(error: unknown): number | undefined {
  try {
    const parsed = JSON.parse((error as Error).message) as { delay?: unknown };
    return typeof parsed.delay === 'number' ? parsed.delay : undefined;
  } catch {
    return undefined;
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error || (error && typeof error === 'object' && 'name' in error)
    ? String((error as { name: unknown }).name)
    : typeof error;
}
