import { Readable } from 'node:stream';
import {
  sleep,
  type IExecuteFunctions,
  type IHookFunctions,
  type IHttpRequestOptions,
  type IHttpRequestMethods,
  type ILoadOptionsFunctions,
  type IPollFunctions,
  type IWebhookFunctions,
} from 'n8n-workflow';
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import { sendableCredentials } from '../../kit/credentials';
import type { ServicePolicy } from '../../kit/errors';
import { throttleDelaySeconds } from '../../kit/ratelimit';
import { stepOf } from '../../kit/step';
import { AppError, ExpiredAuthError, MAX_THROTTLE_WAIT_SECONDS, reconnectMessage, zErrors, type Throttled } from './errors';
import { limitOf, RequestPacer, type PacedRequest } from './pacing';
import type { Service } from './service';

/** What the runtime is called from: a node's execution, the loading of its dropdowns, or a trigger node's hooks, deliveries and polls. */
export type NodeContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

/** Times a request is sent when the API answers 429 with a wait this step can afford: once, then twice more. */
const MAX_SENDS = 3;

/** A wait on a 429 that would leave less than this of the step's budget is not taken: the request after it could not finish. */
const MIN_LEFT_AFTER_WAIT_MS = 1_000;

/** The cache of one run of a node: what `z.cache` keeps, shared by the items of that run. */
export type NodeRunCache = Map<string, { value: unknown; expires: number }>;

/** What one step (one input item, or one dropdown) keeps besides the kit's step context. */
export interface StepState {
  /** The 429 this step handed on to the kit rather than wait out, if any. */
  throttled?: Throttled;
}

/** An answer as the kit reads it from `z.request`: with or without `raw`, the body is read once, as text. */
interface Answer {
  status: number;
  getHeader: (name: string) => string | undefined;
  headers: { forEach: (callback: (value: string, name: string) => void) => void };
  content: string;
  text: () => Promise<string>;
  skipThrowForStatus: true;
  request: { method: string; url: string };
}

/**
 * A failure to reach the API, as the kit's request path reads one (it names node-fetch's errors): the kit
 * turns it into its own message, "… could not be reached: the connection failed (ECONNREFUSED)".
 */
class NetworkFailure extends Error {
  override name = 'FetchError';
  constructor(
    readonly type: 'request-timeout' | 'system',
    readonly code?: string,
  ) {
    super('The request did not get an answer.');
  }
}

/**
 * The pacer of each execution of a node, under its credential's rate limits (pacing.ts). n8n hands each
 * execution of a node (and each loading of a dropdown) a context of its own, shared by all its items: the
 * pacer lives as long as that context.
 */
const pacers = new WeakMap<NodeContext, Promise<RequestPacer>>();

/** The credential's limits, read once per execution; a field holding no usable number is refused naming it. */
async function pacerOf(context: NodeContext, service: Service): Promise<RequestPacer> {
  let pacer = pacers.get(context);
  if (!pacer) {
    pacer = context.getCredentials(service.node.credential).then((credentials) =>
      new RequestPacer(
        service.rateLimits.map((rateLimit) => {
          const limit = limitOf(rateLimit, credentials);
          if (limit === undefined) {
            const { service: name } = service.operations.policy;
            throw new AppError(`The ${rateLimit.field.displayName} of this ${name} credential must be a whole number of 1 or more.`, 'invalid_auth_field', 400);
          }
          return { limit, windowMs: rateLimit.windowMs, counts: rateLimit.counts };
        }),
      ),
    );
    pacers.set(context, pacer);
  }
  return pacer;
}

/** The execution's cancel signal (n8n's Cancel, or its execution timeout); a dropdown being loaded has none. */
const cancelSignalOf = (context: NodeContext): AbortSignal | undefined => ('getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined);

/** Error codes of a request that timed out, as axios (under n8n's helper) reports them. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** A header value as one string: a repeated header joined as HTTP joins it. */
const headerText = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(', ') : String(value));

/** The body as n8n's helper sends it: a stream (the kit's private-data bodies) read into a buffer, so that it can be sent again. */
async function bodyOf(body: HttpRequestOptions['body']): Promise<string | Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  }
  return JSON.stringify(body);
}

/** n8n's full answer (`returnFullResponse`), read as the kit reads an answer. */
function answerOf(full: unknown, method: string, url: string): Answer {
  const { statusCode, headers, body } = (full ?? {}) as { statusCode?: unknown; headers?: Record<string, unknown>; body?: unknown };
  const lowerCased = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null && typeof value !== 'function') lowerCased.set(name.toLowerCase(), headerText(value));
  }
  const content = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : body === undefined || body === null ? '' : JSON.stringify(body);
  return {
    status: typeof statusCode === 'number' ? statusCode : 0,
    getHeader: (name) => lowerCased.get(name.toLowerCase()),
    headers: { forEach: (callback) => lowerCased.forEach((value, name) => callback(value, name)) },
    content,
    text: async () => content,
    skipThrowForStatus: true,
    request: { method, url },
  };
}

/**
 * What a failure of n8n's helper means for the kit. n8n's helper refreshes an OAuth token on a 401 and sends
 * the request again; a 401 after that, or a refresh refused, means only reconnecting helps. A request that got
 * no answer becomes the kit's network failure. Anything else is said without quoting n8n's message (it may
 * hold the request's address, whose query can hold personal data).
 */
function requestFailure(policy: ServicePolicy, error: unknown): Error {
  const failure = error as { httpCode?: unknown; failure?: { cause?: unknown }; cause?: { code?: unknown; message?: unknown; response?: unknown } };
  const cause = failure.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (failure.failure?.cause === 'credential-invalid' || String(failure.httpCode) === '401' || code === 'EAUTH') {
    return new ExpiredAuthError(reconnectMessage(policy.service));
  }
  if (!cause?.response && code) {
    const timedOut = TIMEOUT_CODES.has(code) || (typeof cause?.message === 'string' && /timeout/i.test(cause.message));
    return new NetworkFailure(timedOut ? 'request-timeout' : 'system', code);
  }
  return new AppError(`n8n could not send the request to ${policy.service}. Check the credential, then try again.`, 'request_failed', 502);
}

/**
 * `z` for one step of a node: one input item, or one dropdown being filled. Requests go through n8n's
 * `httpRequestWithAuthentication` with the node's credential (n8n adds it and refreshes OAuth tokens), with
 * redirects not followed: the kit follows those within the API's origin itself and refuses the others, so
 * nothing of the credential reaches another host. Every answer comes back to the kit, whatever its status.
 *
 * Each request sent with the credential first waits for its turn under the credential's rate limits, paced
 * across the execution's items; that wait is added to the step's deadline, since the item is queued, not slow.
 * A 429 holds the execution's next requests for the wait the API asks, and one this step can afford is waited
 * out with n8n's `sleep` (within the step's time) and sent again; any other answer is never sent again. Once n8n
 * cancels the execution, nothing more is sent.
 *
 * `errors` are the runtime's own (named as the kit expects), `cache` lives as long as the node's run,
 * `cursor` as long as the step, and `console` says nothing: n8n keeps no log per step, and what an operation
 * might print could hold a health record.
 */
export function zFor(context: NodeContext, service: Service, bundle: Bundle, cache: NodeRunCache, state: StepState): ZObject {
  const { policy } = service.operations;
  let cursor = '';

  async function send(options: HttpRequestOptions & { url: string }): Promise<Answer> {
    const method = (options.method ?? 'GET') as IHttpRequestMethods;
    const withoutCredentials = Boolean(options.middlewareData?.withoutCredentials);
    // The connection is checked as on Zapier before anything leaves (its shape, and that it can be sent at
    // all); the headers it would make are not used: in n8n, the node's credential carries the connection.
    // The kit's request path has already refused an address outside the API's origin.
    if (!withoutCredentials) sendableCredentials(z, policy, bundle, policy.credentials(z, bundle));
    const body = await bodyOf(options.body);
    const paced: PacedRequest = { method, path: new URL(options.url).pathname };
    const pacer = withoutCredentials ? undefined : await pacerOf(context, service);
    const signal = cancelSignalOf(context);
    const request = (): IHttpRequestOptions => ({
      url: options.url,
      method,
      qs: options.params,
      headers: { ...options.headers },
      body,
      timeout: options.timeout,
      json: false,
      encoding: 'text',
      returnFullResponse: true,
      disableFollowRedirect: true,
      sendCredentialsOnCrossOriginRedirect: false,
      // OAuth: a 401 is left to n8n's helper, which refreshes the token and sends the request once more.
      ignoreHttpStatusErrors: policy.canRefresh && !withoutCredentials ? { ignore: true, except: [401] } : true,
    });
    /** Waits with n8n's cancel signal: a wait cut short by it ends the step (n8n's reason is an AbortError, which the kit would read as a request that timed out). */
    const waiting = async <T>(wait: Promise<T>): Promise<T> => {
      try {
        return await wait;
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw error;
      }
    };
    for (let sends = 1; ; sends += 1) {
      if (signal?.aborted) throw cancelled();
      const turn = pacer ? await waiting(pacer.turn(paced, signal)) : undefined;
      if (turn) stepOf(z).deadline += turn.waitedMs;
      let full: unknown;
      try {
        full = withoutCredentials
          ? await context.helpers.httpRequest(request())
          : await context.helpers.httpRequestWithAuthentication.call(context, service.node.credential, request());
      } catch (error) {
        throw requestFailure(policy, error);
      } finally {
        turn?.answered();
      }
      const answer = answerOf(full, method, options.url);
      if (answer.status !== 429) return answer;
      // The API did not act on a request it answered 429 (RFC 6585): sending it again cannot make a second record.
      const seconds = throttleDelaySeconds(answer.getHeader);
      // The execution's next requests wait for it too, rather than each meet the 429; a wait this runtime never
      // takes (a day's allowance used up) is left to each step to report.
      if (seconds <= MAX_THROTTLE_WAIT_SECONDS) pacer?.holdFor(paced, seconds * 1000);
      const left = stepOf(z).deadline - Date.now();
      const reason: Throttled['reason'] | undefined =
        seconds > MAX_THROTTLE_WAIT_SECONDS ? 'too long' : seconds * 1000 > left - MIN_LEFT_AFTER_WAIT_MS ? 'beyond the step' : sends >= MAX_SENDS ? 'still limited' : undefined;
      if (reason) {
        // The kit reads this 429 as its ThrottledError; the message n8n shows names this wait and reason.
        state.throttled = { seconds, reason };
        return answer;
      }
      await waiting(sleep(seconds * 1000, signal));
    }
  }

  /** What a step ends with once n8n cancelled the execution: its request was not sent. */
  const cancelled = () => new AppError(`The execution was cancelled before this item's request was sent to ${policy.service}.`, 'execution_cancelled');

  const quiet = () => undefined;
  const zObject = {
    request: (urlOrOptions: string | (HttpRequestOptions & { url: string }), options?: HttpRequestOptions) =>
      send(typeof urlOrOptions === 'string' ? { ...options, url: urlOrOptions } : urlOrOptions),
    errors: zErrors,
    cache: {
      get: async (key: string) => {
        const kept = cache.get(key);
        return kept && kept.expires > Date.now() ? kept.value : null;
      },
      // Zapier scopes a key to the connection (`['auth']`): a run of the node uses one credential, so the run is that scope.
      set: async (key: string, value: unknown, ttlSeconds = 60 * 60, _scope?: string[], onlyIfNew = false) => {
        const kept = cache.get(key);
        if (onlyIfNew && kept && kept.expires > Date.now()) return false;
        cache.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
        return true;
      },
      delete: async (key: string) => cache.delete(key),
    },
    cursor: {
      get: async () => cursor,
      set: async (next: string) => {
        cursor = next;
        return null;
      },
    },
    console: { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet },
  };
  // The kit and the operations use only these of Zapier's `z` (CONTRIBUTING.md: operations reach `z` only
  // through the kit); the rest of Zapier's ZObject (dehydrate, stashFile, callback URLs) has no n8n meaning.
  const z = zObject as unknown as ZObject;
  return z;
}
