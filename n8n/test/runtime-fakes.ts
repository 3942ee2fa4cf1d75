/**
 * A stand-in for what n8n hands a node (`IExecuteFunctions`, `ILoadOptionsFunctions`) for unit tests of the
 * runtime: node parameters per item, one credential, and n8n's request helpers answering from a script.
 * It records every request exactly as the runtime handed it to n8n's helper.
 */
import { NodeApiError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type IHttpRequestOptions, type ILoadOptionsFunctions, type INode, type JsonObject } from 'n8n-workflow';

/** What the fake API answers: n8n's full response, or an error n8n's helper throws. */
export type Scripted = { statusCode: number; headers?: Record<string, string>; body?: string } | Error;

export interface Sent {
  helper: 'httpRequestWithAuthentication' | 'httpRequest';
  credential?: string;
  options: IHttpRequestOptions;
}

export interface FakeNode {
  /** Node parameters: one object for every item, or one per item. */
  parameters: Record<string, unknown> | Array<Record<string, unknown>>;
  credentials: ICredentialDataDecryptedObject;
  /** Answers in order; a function answers every request it is given. */
  answers: Scripted[] | ((options: IHttpRequestOptions) => Scripted | Promise<Scripted>);
  items?: number;
  continueOnFail?: boolean;
  timezone?: string;
}

export const NODE: INode = { id: 'n1', name: 'Node', type: 'n8n-nodes-test.test', typeVersion: 1, position: [0, 0], parameters: {} };

/** A value at a dotted path (`options.timeout`), as n8n's `getNodeParameter` reads one. */
function at(parameters: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), parameters);
}

/** n8n's helper wraps what its HTTP client throws in a NodeApiError, as this does. */
export function thrownByHelper(cause: Error & { code?: string; response?: unknown }): Error {
  return new NodeApiError(NODE, cause as unknown as JsonObject);
}

/** An error as axios throws it for a request that got no answer. */
export function noAnswer(code: string, message = `connect ${code} 127.0.0.1:9`): Error {
  return thrownByHelper(Object.assign(new Error(message), { code }));
}

/** An error as n8n's helper throws it for an HTTP status it does not ignore (a 401 after its OAuth refresh). */
export function statusError(status: number): Error {
  const cause = Object.assign(new Error(`Request failed with status code ${status}`), { code: 'ERR_BAD_REQUEST', response: { status, data: { error: { code: 'invalid_token' } } } });
  return new NodeApiError(NODE, cause as unknown as JsonObject, { httpCode: String(status) });
}

export function fakeNode(setup: FakeNode) {
  const sent: Sent[] = [];
  const queue = Array.isArray(setup.answers) ? [...setup.answers] : undefined;
  const answer = async (options: IHttpRequestOptions): Promise<unknown> => {
    const next = queue ? queue.shift() : await (setup.answers as (options: IHttpRequestOptions) => Scripted | Promise<Scripted>)(options);
    if (!next) throw new Error(`No answer scripted for ${options.method} ${options.url}`);
    if (next instanceof Error) throw next;
    return { statusCode: next.statusCode, headers: next.headers ?? { 'content-type': 'application/json' }, body: next.body ?? '', statusMessage: '' };
  };
  const parametersOf = (itemIndex: number) => (Array.isArray(setup.parameters) ? setup.parameters[itemIndex] : setup.parameters);
  const helpers = {
    httpRequestWithAuthentication: async (credential: string, options: IHttpRequestOptions) => {
      sent.push({ helper: 'httpRequestWithAuthentication', credential, options: structuredClone(options) });
      return answer(options);
    },
    httpRequest: async (options: IHttpRequestOptions) => {
      sent.push({ helper: 'httpRequest', options: structuredClone(options) });
      return answer(options);
    },
  };
  const common = {
    getNode: () => NODE,
    getTimezone: () => setup.timezone ?? 'America/New_York',
    getCredentials: async () => setup.credentials,
    helpers,
  };
  const execute = {
    ...common,
    getInputData: () => Array.from({ length: setup.items ?? (Array.isArray(setup.parameters) ? setup.parameters.length : 1) }, () => ({ json: {} })),
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => at(parametersOf(itemIndex), name) ?? fallback,
    continueOnFail: () => setup.continueOnFail ?? false,
    getExecutionCancelSignal: () => undefined,
  } as unknown as IExecuteFunctions;
  const loadOptions = {
    ...common,
    getNodeParameter: (name: string, fallback?: unknown) => at(parametersOf(0), name) ?? fallback,
    getCurrentNodeParameters: () => parametersOf(0),
  } as unknown as ILoadOptionsFunctions;
  return { execute, loadOptions, sent };
}

/** A JSON answer. */
export const json = (statusCode: number, data: unknown, headers: Record<string, string> = {}): Scripted => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(data),
});

/** Everything n8n keeps of an error, as text: what it stores, its cause, context and the body it was made from. */
export function keptOf(error: unknown): string {
  const kept = error as { cause?: unknown; context?: unknown; errorResponse?: unknown; description?: unknown; messages?: unknown; stack?: unknown };
  return [JSON.stringify(error), String(kept.stack), JSON.stringify(kept.context), JSON.stringify(kept.errorResponse), String(kept.description), JSON.stringify(kept.messages), String(kept.cause), JSON.stringify(kept.cause)].join('\n');
}
