import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { guardAdminRoutes } from './core/admin';
import { ApiError, errorBody } from './core/errors';
import { FAULT_KINDS, FaultInjector, installFaults, type FaultRule } from './core/faults';
import { IdSource } from './core/ids';
import type { ResolvedOptions, SandboxOptions, ServiceContext, ServiceHandle, SandboxService } from './core/service';
import { WebhookDispatcher } from './core/webhooks';
import { serebroService } from './serebro';
import { sergioService } from './sergio';
import { cerboService } from './cerbo';

export type { SandboxOptions } from './core/service';

export interface Sandbox {
  /** Origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  services: Record<SandboxService['name'], ServiceHandle>;
  /** Base URLs to give the connectors (docs/apis.md §4). */
  env: Record<string, string>;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  app: FastifyInstance;
  close(): Promise<void>;
}

const SERVICES: SandboxService[] = [serebroService, sergioService, cerboService];

export function assertLoopback(host: string): void {
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!loopback) {
    throw new Error(`The sandbox only listens on loopback addresses (127.0.0.1, ::1, localhost), not "${host}".`);
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 'sandbox',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    autoApprove: options.autoApprove ?? false,
    webhookRetryBaseMs: options.webhookRetryBaseMs ?? 1000,
    workflowStepMs: options.workflowStepMs ?? 500,
    logger: options.logger ?? false,
    rateLimitScale: options.rateLimitScale ?? 1,
  };
  assertLoopback(resolved.host);
  if (!(Number.isFinite(resolved.rateLimitScale) && resolved.rateLimitScale > 0)) {
    throw new Error(`rateLimitScale must be a number above 0, not ${String(options.rateLimitScale)}.`);
  }

  const app = Fastify({ logger: resolved.logger, bodyLimit: 2 * 1024 * 1024 });
  await app.register(formbody);
  // Before the services register, so that their admin routes are guarded too.
  guardAdminRoutes(app);

  let origin = '';
  const context: ServiceContext = {
    options: resolved,
    ids: new IdSource(resolved.seed),
    webhooks: new WebhookDispatcher({ retryBaseMs: resolved.webhookRetryBaseMs }),
    faults: new FaultInjector(),
    origin: () => origin,
  };

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    }
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody('bad_request', error.message));
    }
    app.log.error(error);
    return reply.code(500).send(errorBody('internal_error', 'The sandbox failed to handle the request'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );

  const services = {} as Record<SandboxService['name'], ServiceHandle>;
  for (const service of SERVICES) {
    await app.register(
      async (scope) => {
        installFaults(scope, context.faults, service.name, (reply, retryAfter) =>
          services[service.name].rateLimited(reply, retryAfter),
        );
        services[service.name] = await service.register(scope, context);
      },
      { prefix: service.prefix },
    );
  }

  app.get('/_admin/state', async () =>
    Object.fromEntries(Object.entries(services).map(([name, handle]) => [name, handle.state()])),
  );
  app.get('/_admin/deliveries', async () => context.webhooks.log);
  app.get('/_admin/faults', async () => ({ active: context.faults.list(), injected: context.faults.injected }));
  app.post<{ Body: FaultRule }>('/_admin/faults', async (request, reply) => {
    const rule = request.body;
    const kinds: readonly string[] = FAULT_KINDS;
    if (!rule || typeof rule !== 'object' || !kinds.includes(rule.kind)) {
      throw new ApiError(422, 'validation_error', `kind must be one of ${kinds.join(', ')}`, { field: 'kind' });
    }
    return reply.code(201).send(context.faults.add(rule));
  });
  app.delete('/_admin/faults', async (_request, reply) => {
    context.faults.clear();
    return reply.code(204).send();
  });

  await app.listen({ port: resolved.port, host: resolved.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : resolved.port;
  origin = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;

  const env = Object.assign({}, ...Object.values(services).map((handle) => handle.env(origin))) as Record<string, string>;

  return {
    url: origin,
    port,
    services,
    env,
    webhooks: context.webhooks,
    faults: context.faults,
    app,
    async close() {
      context.webhooks.close();
      for (const handle of Object.values(services)) handle.close?.();
      await app.close();
    },
  };
}
