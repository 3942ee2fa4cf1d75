import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors';
import { isLoopbackHost, isLoopbackOrigin } from './loopback';

/** Admin routes: any route whose path has an `_admin` segment (`/_admin/faults`, `/sergio/_admin/jobs`, …). */
export function isAdminRoute(routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && /(^|\/)_admin(\/|$)/.test(routeUrl);
}

/**
 * Why an admin request must be refused, or undefined when it may go on. Admin endpoints change the
 * sandbox's state (jobs, clocks, faults, tokens) without credentials, so only this machine may call
 * them: the `Host` must be a loopback name (a DNS name rebound to 127.0.0.1 is refused), and a
 * browser's `Origin`, when sent, must be a loopback page (a form on another site is refused).
 */
export function adminRefusal(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const { host, origin } = request.headers;
  if (!isLoopbackHost(host)) {
    return `Admin endpoints answer loopback requests only; the Host header was ${JSON.stringify(host ?? null)}`;
  }
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return `Admin endpoints refuse requests from web pages outside this machine; the Origin header was ${JSON.stringify(origin)}`;
  }
  return undefined;
}

/**
 * Guards every admin route of the sandbox, the services' own included: one hook on the root, which
 * runs before any service's hooks, matched on the route's declared path (not the raw URL, which
 * percent-encoding could disguise).
 */
export function guardAdminRoutes(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isAdminRoute(request.routeOptions.url)) return;
    const refusal = adminRefusal(request);
    if (refusal) return reply.code(403).send(errorBody('forbidden', refusal));
  });
}
