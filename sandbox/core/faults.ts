import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fault injection, per request (`X-Sandbox-Fault` header) or by rule (admin endpoint or code):
 *  - `status`: answer with `status` and the APIs' error body (a 5xx);
 *  - `html`: answer with `status` (default 502) and an HTML proxy page;
 *  - `malformed`: answer 200 with a truncated JSON body;
 *  - `rate_limit`: answer 429 as the service does (its own headers; `retryAfter` optional);
 *  - `latency`: wait `delayMs`, then serve the request normally;
 *  - `timeout`: hold the request `delayMs` (default 30 s), then drop the connection;
 *  - `reset`: drop the connection at once.
 * Odd answers, which a client must not take for data (issue 12):
 *  - `empty`: `status` (default 200) with an empty body and a JSON content type;
 *  - `no_content`: 204 without a body;
 *  - `null`: 200 with the JSON body `null`;
 *  - `wrong_shape`: 200 with valid JSON of the wrong shape (`body`, default `{"data":null}`);
 *  - `html_ok`: 200 with a text/html page (a login or maintenance page served as success);
 *  - `redirect`: `status` (301, 302, 303, 307 or 308; default 302) to `location` on another origin,
 *    or, with `sameOrigin`, to the same path on this origin with the marker parameter
 *    `sandbox_redirected=1`; a request carrying the marker is never redirected again, so a rule
 *    without `times` still ends after one hop and following it reaches the real handler.
 */
export const FAULT_KINDS = [
  'status',
  'html',
  'malformed',
  'rate_limit',
  'latency',
  'timeout',
  'reset',
  'empty',
  'no_content',
  'null',
  'wrong_shape',
  'html_ok',
  'redirect',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

/** The query parameter a same-origin redirect adds, so that the followed request is served. */
export const REDIRECT_MARKER = 'sandbox_redirected';

/** Where a cross-origin `redirect` points when the rule names no `location`. */
export const FOREIGN_ORIGIN = 'https://elsewhere.example';

export interface FaultRule {
  kind: FaultKind;
  /** `serebro`, `sergio` or `cerbo`; every service when absent. */
  service?: string;
  method?: string;
  /** Substring of the path the rule applies to. */
  path?: string;
  status?: number;
  delayMs?: number;
  /** For `rate_limit`: the `Retry-After` seconds to send, or none when absent. */
  retryAfter?: number;
  /** How many matching requests the rule still applies to; forever when absent. */
  times?: number;
  /** For `wrong_shape`: the JSON value sent instead of the real answer. */
  body?: unknown;
  /** For `redirect`: the absolute URL of another origin (default `https://elsewhere.example` + the path). */
  location?: string;
  /** For `redirect`: point at the same path on this origin instead (once, see `REDIRECT_MARKER`). */
  sameOrigin?: boolean;
}

export interface ActiveFault extends FaultRule {
  id: number;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  injected = 0;

  add(rule: FaultRule): ActiveFault {
    const active = { ...rule, id: this.nextId++ };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return [...this.rules];
  }

  /** The fault for this request, if any; consumes one use of a counted rule. */
  match(service: string, request: FastifyRequest): FaultRule | undefined {
    const redirected = wasRedirected(request.url);
    const header = request.headers['x-sandbox-fault'];
    if (typeof header === 'string' && header) {
      const fault = parseFaultHeader(header);
      return fault?.kind === 'redirect' && fault.sameOrigin && redirected ? undefined : fault;
    }

    const path = request.url.split('?')[0];
    const index = this.rules.findIndex(
      (rule) =>
        (!rule.service || rule.service === service) &&
        (!rule.method || rule.method.toUpperCase() === request.method) &&
        (!rule.path || path.includes(rule.path)) &&
        // The hop a same-origin redirect asked for is served, whatever rule sent it.
        !(rule.kind === 'redirect' && rule.sameOrigin && redirected),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index];
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules.splice(index, 1);
    }
    return rule;
  }
}

function wasRedirected(url: string): boolean {
  const query = url.split('?')[1];
  return query !== undefined && new URLSearchParams(query).get(REDIRECT_MARKER) === '1';
}

/** The JSON bodies `wrong_shape:<name>` names (a header cannot carry JSON comfortably). */
export const WRONG_SHAPES: Record<string, unknown> = {
  data_null: { data: null },
  object: {},
  array: [],
  string: 'ok',
  number: 1,
  true: true,
};

/**
 * `503`, `html`, `html:504`, `malformed`, `rate_limit`, `rate_limit:30`, `latency:200`, `timeout:1000`,
 * `reset`, `empty`, `empty:201`, `no_content`, `null`, `wrong_shape`, `wrong_shape:array` (see
 * `WRONG_SHAPES`), `html_ok`, `redirect`, `redirect:308`, `redirect_same`, `redirect_same:301`.
 */
export function parseFaultHeader(value: string): FaultRule | undefined {
  const [kind, arg] = value.trim().toLowerCase().split(':');
  const n = arg === undefined ? undefined : Number(arg);
  if (/^\d{3}$/.test(kind)) return { kind: 'status', status: Number(kind) };
  switch (kind) {
    case 'html':
      return { kind, status: n ?? 502 };
    case 'empty':
      return { kind, status: n ?? 200 };
    case 'wrong_shape':
      return arg === undefined ? { kind } : arg in WRONG_SHAPES ? { kind, body: WRONG_SHAPES[arg] } : undefined;
    case 'redirect':
      return { kind, status: n ?? 302 };
    case 'redirect_same':
      return { kind: 'redirect', status: n ?? 307, sameOrigin: true };
    case 'malformed':
    case 'reset':
    case 'no_content':
    case 'null':
    case 'html_ok':
      return { kind };
    case 'rate_limit':
      return { kind, retryAfter: n };
    case 'latency':
    case 'timeout':
      return { kind, delayMs: n };
    default:
      return undefined;
  }
}

const HTML_PAGE = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head>` +
  `<body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

const HTML_OK_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head>' +
  '<body><h1>Sign in to continue</h1><form method="post" action="/login"><input name="email"></form></body></html>';

/** Where a redirect fault points: another origin, or this request's own URL plus the marker. */
export function redirectLocation(fault: FaultRule, request: FastifyRequest): string {
  if (!fault.sameOrigin) return fault.location ?? `${FOREIGN_ORIGIN}${request.url.split('?')[0]}`;
  const [path, query] = request.url.split('?');
  const params = new URLSearchParams(query ?? '');
  params.set(REDIRECT_MARKER, '1');
  return `${path}?${params.toString()}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies a fault. Returns true when the request was answered (or dropped) here, false when it
 * should go on to its route (latency).
 */
export async function applyFault(
  fault: FaultRule,
  request: FastifyRequest,
  reply: FastifyReply,
  rateLimited: (reply: FastifyReply, retryAfter?: number) => FastifyReply,
): Promise<boolean> {
  switch (fault.kind) {
    case 'latency':
      await sleep(Math.min(fault.delayMs ?? 500, 60_000));
      return false;
    case 'timeout':
      await sleep(Math.min(fault.delayMs ?? 30_000, 120_000));
      request.raw.socket.destroy();
      return true;
    case 'reset':
      request.raw.socket.destroy();
      return true;
    case 'html':
      await reply.code(fault.status ?? 502).type('text/html').send(HTML_PAGE(fault.status ?? 502));
      return true;
    case 'malformed':
      await reply.code(200).type('application/json').send('{"data": [{"id": "tr');
      return true;
    case 'rate_limit':
      await rateLimited(reply, fault.retryAfter);
      return true;
    case 'empty':
      await reply.code(fault.status ?? 200).header('content-type', 'application/json').send('');
      return true;
    case 'no_content':
      await reply.code(204).send();
      return true;
    case 'null':
      await reply.code(200).type('application/json').send('null');
      return true;
    case 'wrong_shape':
      await reply
        .code(200)
        .type('application/json')
        .send(JSON.stringify(fault.body === undefined ? { data: null } : fault.body));
      return true;
    case 'html_ok':
      await reply.code(200).type('text/html; charset=utf-8').send(HTML_OK_PAGE);
      return true;
    case 'redirect': {
      const status = REDIRECT_STATUSES.includes(fault.status as (typeof REDIRECT_STATUSES)[number]) ? fault.status! : 302;
      const location = redirectLocation(fault, request);
      await reply.code(status).header('location', location).type('text/html').send(`<a href="${location}">Moved</a>`);
      return true;
    }
    case 'status': {
      const status = fault.status ?? 503;
      await reply
        .code(status)
        .send({ error: { code: 'service_unavailable', message: `Injected fault: the service answered ${status}` } });
      return true;
    }
  }
}

/** Puts the injector in front of every route of one service's scope. */
export function installFaults(
  scope: FastifyInstance,
  injector: FaultInjector,
  service: string,
  rateLimited: (reply: FastifyReply, retryAfter?: number) => FastifyReply,
): void {
  scope.addHook('onRequest', async (request, reply) => {
    const fault = injector.match(service, request);
    // The route sees the request a client following the redirect meant to make: without the marker.
    if (wasRedirected(request.url)) {
      const query = request.query as Record<string, unknown> | undefined;
      if (query && typeof query === 'object') delete query[REDIRECT_MARKER];
    }
    if (!fault) return;
    injector.injected += 1;
    if (await applyFault(fault, request, reply, rateLimited)) return reply;
  });
}
