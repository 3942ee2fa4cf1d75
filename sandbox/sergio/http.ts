import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../core/errors';
import { FixedWindow, retryAfterSeconds, scaledLimit } from '../core/ratelimit';

/** Per-endpoint limits of docs/apis.md §2.2, per API key or token, each over one minute. */
export const LIMITS = { auth: 10, read: 120, write: 60, webhook: 10 } as const;
export type LimitKind = keyof typeof LIMITS;

export type RateLimits = Record<LimitKind, FixedWindow>;

/** A 429 with `Retry-After`; `refused` names the kind of request and its limit per minute, when a limit refused it. */
export function rateLimited(reply: FastifyReply, retryAfter: number | string = 60, refused?: { kind: LimitKind; limit: number }): FastifyReply {
  const seconds = String(retryAfter);
  const what = refused ? `${refused.kind} requests (limit ${refused.limit} per minute)` : 'requests';
  return reply
    .code(429)
    .header('retry-after', seconds)
    .send({ error: { code: 'rate_limited', message: `Too many ${what}. Retry after ${seconds} seconds.` } });
}

/** Counts one request against `kind` for `who`; answers 429 with `Retry-After` when over. */
export function takeLimit(limits: RateLimits, kind: LimitKind, who: string, reply: FastifyReply): boolean {
  const state = limits[kind].take(who);
  if (state.allowed) return true;
  rateLimited(reply, retryAfterSeconds(state), { kind, limit: state.limit });
  return false;
}

/** A one-minute window per kind, its limit multiplied by the sandbox's `rateLimitScale`. */
export function createRateLimits(scale = 1): RateLimits {
  const minute = 60_000;
  return {
    auth: new FixedWindow(scaledLimit(LIMITS.auth, scale), minute),
    read: new FixedWindow(scaledLimit(LIMITS.read, scale), minute),
    write: new FixedWindow(scaledLimit(LIMITS.write, scale), minute),
    webhook: new FixedWindow(scaledLimit(LIMITS.webhook, scale), minute),
  };
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined || cursor === '') return 0;
  const match = typeof cursor === 'string' ? /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (!match) throw invalid('cursor', 'is not a cursor this API gave out');
  return Number(match[1]);
}

/** One page of `items` and the cursor of the next (null on the last page). */
export function page<T>(items: T[], cursor: unknown, limit: number): { data: T[]; next_cursor: string | null } {
  const offset = decodeCursor(cursor);
  const data = items.slice(offset, offset + limit);
  return { data, next_cursor: offset + limit < items.length ? encodeCursor(offset + limit) : null };
}

/** `?limit=`: 1 to 100, 50 when absent. */
export function limitOf(request: FastifyRequest): number {
  const raw = (request.query as Record<string, unknown>).limit;
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw invalid('limit', 'must be a whole number from 1 to 100');
  return n;
}
