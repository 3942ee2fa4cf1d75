import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fault injection, per request (`X-Sandbox-Fault` header) or by rule (admin endpoint or code):
 *  - `status`: answer with `status` and the contract's error body (a 5xx);
 *  - `html`: answer with `status` (default 502) and an HTML proxy page;
 *  - `malformed`: answer 200 with a truncated JSON body;
 *  - `rate_limit`: answer 429 as the service does (its own headers; `retryAfter` optional);
 *  - `latency`: wait `delayMs`, then serve the request normally;
 *  - `timeout`: hold the request `delayMs` (default 30 s), then drop the connection;
 *  - `reset`: drop the connection at once.
 */
export type FaultKind = 'status' | 'html' | 'malformed' | 'rate_limit' | 'latency' | 'timeout' | 'reset';

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
    const header = request.headers['x-sandbox-fault'];
    if (typeof header === 'string' && header) return parseFaultHeader(header);

    const path = request.url.split('?')[0];
    const index = this.rules.findIndex(
      (rule) =>
        (!rule.service || rule.service === service) &&
        (!rule.method || rule.method.toUpperCase() === request.method) &&
        (!rule.path || path.includes(rule.path)),
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

/** `503`, `html`, `html:504`, `malformed`, `rate_limit`, `rate_limit:30`, `latency:200`, `timeout:1000`, `reset`. */
export function parseFaultHeader(value: string): FaultRule | undefined {
  const [kind, arg] = value.trim().toLowerCase().split(':');
  const n = arg === undefined ? undefined : Number(arg);
  if (/^\d{3}$/.test(kind)) return { kind: 'status', status: Number(kind) };
  switch (kind) {
    case 'html':
      return { kind, status: n ?? 502 };
    case 'malformed':
    case 'reset':
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
    if (!fault) return;
    injector.injected += 1;
    if (await applyFault(fault, request, reply, rateLimited)) return reply;
  });
}
