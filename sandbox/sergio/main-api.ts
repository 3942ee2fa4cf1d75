import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ApiError, invalid } from '../core/errors';
import type { ServiceContext } from '../core/service';
import { limitOf, page, takeLimit, type RateLimits } from './http';
import type { SergioStore, User } from './store';
import { asBody, parseNewCustomer, parseNewJob } from './validate';

/**
 * Sergio's main API (docs/apis.md §2.3): `POST /v1/auth/login` and `/v1/auth/refresh` give
 * HS256 JWTs that live one hour; `GET|POST /v1/jobs` and `/v1/customers` work on the same store as
 * the Zapier API. The Zapier connector does not use it; it is here so the twin is the whole service.
 */
export const TOKEN_TTL_SECONDS = 3600;
const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
const ISSUER = 'https://api.sergio.app';

export function registerMainApi(api: FastifyInstance, store: SergioStore, limits: RateLimits, context: ServiceContext): void {
  const key = new TextEncoder().encode(context.ids.secret('sergio-jwt-signing-key', 64));
  const refreshTokens = new Map<string, { userId: string; expiresAt: number }>();

  const issue = async (user: User) => {
    const now = store.now();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ company_id: store.company.id, email: user.email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + TOKEN_TTL_SECONDS)
      .setJti(context.ids.next('jti'))
      .sign(key);
    return { token, expires_at: new Date((issuedAt + TOKEN_TTL_SECONDS) * 1000).toISOString() };
  };

  // The authentication limit (10/min) counts per client address: the caller has no key yet.
  const authLimited = (request: FastifyRequest, reply: Parameters<typeof takeLimit>[3]) =>
    !takeLimit(limits, 'auth', `ip:${request.ip}`, reply);

  api.post('/auth/login', async (request, reply) => {
    if (authLimited(request, reply)) return reply;
    const body = asBody(request.body);
    if (typeof body.email !== 'string' || !body.email.trim()) throw invalid('email', 'is required');
    if (typeof body.password !== 'string' || !body.password) throw invalid('password', 'is required');
    const email = body.email.trim().toLowerCase();
    const user = store.users.find((u) => u.email.toLowerCase() === email && u.password === body.password);
    if (!user) throw new ApiError(401, 'invalid_credentials', 'The email or password is not correct');
    const refresh_token = `rt_${context.ids.secret(context.ids.next('refresh'), 40)}`;
    refreshTokens.set(refresh_token, { userId: user.id, expiresAt: store.now().getTime() + REFRESH_TTL_SECONDS * 1000 });
    return { ...(await issue(user)), refresh_token };
  });

  api.post('/auth/refresh', async (request, reply) => {
    if (authLimited(request, reply)) return reply;
    const body = asBody(request.body);
    if (typeof body.refresh_token !== 'string' || !body.refresh_token) throw invalid('refresh_token', 'is required');
    const entry = refreshTokens.get(body.refresh_token);
    if (!entry || entry.expiresAt <= store.now().getTime()) {
      throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid or has expired: log in again');
    }
    const user = store.users.find((u) => u.id === entry.userId);
    if (!user) throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid: log in again');
    return issue(user);
  });

  /** Every other route needs `Authorization: Bearer <token>`, checked against the twin's clock. */
  const authenticate = async (request: FastifyRequest): Promise<User> => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
    if (!token) throw new ApiError(401, 'missing_token', 'Send the token from /v1/auth/login as Authorization: Bearer <token>');
    try {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: store.now() });
      const user = store.users.find((u) => u.id === payload.sub);
      if (!user) throw new ApiError(401, 'invalid_token', 'The token names no user');
      return user;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new ApiError(401, 'token_expired', 'The token has expired: get a new one from /v1/auth/refresh');
      }
      throw new ApiError(401, 'invalid_token', 'The token is not valid');
    }
  };

  api.addHook('onRequest', async (request, reply) => {
    if (request.url.includes('/auth/')) return;
    const user = await authenticate(request);
    const kind = request.method === 'GET' ? 'read' : 'write';
    if (!takeLimit(limits, kind, `user:${user.id}`, reply)) return reply;
  });

  const cursorOf = (request: FastifyRequest) => (request.query as Record<string, unknown>).cursor;

  api.get('/jobs', async (request) => page(store.newestJobs(), cursorOf(request), limitOf(request)));
  api.post('/jobs', async (request, reply) => reply.code(201).send(store.createJob(parseNewJob(request.body))));
  api.get('/customers', async (request) => page(store.newestCustomers(), cursorOf(request), limitOf(request)));
  api.post('/customers', async (request, reply) => reply.code(201).send(store.createCustomer(parseNewCustomer(request.body))));
}
