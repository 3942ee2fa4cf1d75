import type { SandboxService } from '../core/service';

/** Placeholder until the Sergio twin lands (issue 4). */
export const sergioService: SandboxService = {
  name: 'sergio',
  prefix: '/sergio',
  register(scope) {
    scope.get('/zapier/v1/health', async () => ({ ok: true }));
    return {
      credentials: {},
      env: (origin) => ({ SERGIO_BASE_URL: `${origin}/sergio` }),
      rateLimited: (reply, retryAfter) =>
        reply
          .code(429)
          .header('retry-after', String(retryAfter ?? 60))
          .send({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      state: () => ({}),
    };
  },
};
