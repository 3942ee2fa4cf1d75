import type { SandboxService } from '../core/service';

/** Placeholder until the Serebro twin lands (issue 3). */
export const serebroService: SandboxService = {
  name: 'serebro',
  prefix: '/serebro',
  register(scope) {
    scope.get('/v2/health', async () => ({ ok: true }));
    return {
      credentials: {},
      env: (origin) => ({ SEREBRO_BASE_URL: `${origin}/serebro` }),
      rateLimited: (reply) => reply.code(429).send({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      state: () => ({}),
    };
  },
};
