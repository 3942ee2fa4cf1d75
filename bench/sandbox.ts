/**
 * The sandbox the bench runs against, with a request counter. Fastify refuses hooks once it
 * listens and `startSandbox` returns a listening app, so the counter sits on the app's own HTTP
 * server (`sandbox.app.server`), where every request arrives; sandbox core is left as it is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';

export interface CountedRequest {
  method: string;
  path: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** When it arrived (`Date.now()`, the clock the sandbox's rate-limit windows count on). */
  at: number;
  /** The status it was answered with, once answered. */
  status?: number;
}

export interface BenchSandbox {
  sandbox: Sandbox;
  /** Requests received since the last `take()`, admin endpoints excluded. */
  take(): CountedRequest[];
  /** Requests received per service since the last rate-limit reset. */
  sinceReset: number;
  /** Resets every service's rate-limit windows through its admin endpoint (outside any timing). */
  resetLimits(): Promise<void>;
  close(): Promise<void>;
}

const ADMIN = /\/_admin(\/|$)/;

/** Each twin's own admin endpoint that clears its rate-limit windows (the twins' tests use them too). */
const LIMIT_RESETS: Record<string, { method: string; path: string }> = {
  serebro: { method: 'POST', path: '/serebro/_admin/reset-rate-limits' },
  sergio: { method: 'POST', path: '/sergio/_admin/reset-rate-limits' },
  cerbo: { method: 'DELETE', path: '/cerbo/demo/_admin/limits' },
};

/** The bench's sandbox; `options` adds to or changes the bench's own (the bulk runs give a `rateLimitScale`). */
export async function startBenchSandbox(options: SandboxOptions = {}): Promise<BenchSandbox> {
  // Short workflow steps and webhook retries: executions and deliveries the bench causes end quickly.
  const sandbox = await startSandbox({ seed: 'bench', autoApprove: true, workflowStepMs: 20, webhookRetryBaseMs: 20, ...options });
  let counted: CountedRequest[] = [];
  const bench: BenchSandbox = {
    sandbox,
    sinceReset: 0,
    take() {
      const taken = counted;
      counted = [];
      return taken;
    },
    async resetLimits() {
      const unresettable: string[] = [];
      for (const [service, reset] of Object.entries(LIMIT_RESETS)) {
        const response = await fetch(`${sandbox.url}${reset.path}`, { method: reset.method });
        await response.arrayBuffer();
        if (!response.ok) unresettable.push(service);
      }
      if (unresettable.length) throw new Error(`The sandbox refused to reset the rate limits of ${unresettable.join(', ')}.`);
      bench.sinceReset = 0;
    },
    close: () => sandbox.close(),
  };
  sandbox.app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    if (ADMIN.test(url)) return;
    bench.sinceReset += 1;
    const arrival: CountedRequest = { method: request.method ?? 'GET', path: url.split('?')[0], url, headers: { ...request.headers }, at: Date.now() };
    counted.push(arrival);
    response.once('finish', () => {
      arrival.status = response.statusCode;
    });
  });
  await bench.resetLimits();
  return bench;
}
