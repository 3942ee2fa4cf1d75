import type { SandboxService } from '../core/service';

/** Placeholder until the Cerbo twin lands (issue 5). */
export const cerboService: SandboxService = {
  name: 'cerbo',
  prefix: '/cerbo/:subdomain',
  register(scope) {
    scope.get('/api/v1/health', async () => ({ ok: true }));
    return {
      credentials: {},
      env: (origin) => ({ CERBO_BASE_URL: `${origin}/cerbo/{subdomain}` }),
      rateLimited: (reply, retryAfter) =>
        reply
          .code(429)
          .header('retry-after', String(retryAfter ?? 60))
          .send({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      state: () => ({}),
    };
  },
};
