import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FaultInjector } from './faults';
import type { IdSource } from './ids';
import type { WebhookDispatcher } from './webhooks';

export interface SandboxOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  /** Loopback only: anything else is refused. */
  host?: string;
  /** Seed of every id, credential and record. */
  seed?: string;
  /** Lifetime of Serebro access tokens, short in tests so that refresh is exercised. */
  accessTokenTtlSeconds?: number;
  /** Serebro's consent page approves at once, as the first Location (tests and `npm start`), unless `prompt=consent` asks for it. */
  autoApprove?: boolean;
  /** Delay before a webhook delivery's first retry (doubles after each). */
  webhookRetryBaseMs?: number;
  /** Serebro workflow executions: time between queued → running → finished. */
  workflowStepMs?: number;
  /** Fastify's request log, off unless asked for. */
  logger?: boolean;
  /**
   * Multiplies every rate limit (Serebro's burst and day, Sergio's per kind, Cerbo's per API user), each rounded
   * and at least 1; the windows stay as long. 1 (the default) is the published limits. A benchmark that must state
   * its figures against a limit scales the limit and the client's pacing together, to finish sooner.
   */
  rateLimitScale?: number;
}

export type ResolvedOptions = Required<SandboxOptions>;

export interface ServiceContext {
  options: ResolvedOptions;
  ids: IdSource;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  /** The sandbox's origin, e.g. `http://127.0.0.1:4010`, known once it listens. */
  origin(): string;
}

/** What a service plugin gives back to the sandbox. */
export interface ServiceHandle {
  /** Seeded credentials a user of the sandbox needs (printed by `npm run sandbox`). */
  credentials: Record<string, unknown>;
  /** Environment lines for a connector's `.env` when the sandbox listens on `origin`. */
  env(origin: string): Record<string, string>;
  /** Answers 429 exactly as this service does (used by fault injection). */
  rateLimited(reply: FastifyReply, retryAfter?: number): FastifyReply;
  /** A JSON summary of the state, for `GET /_admin/state`. */
  state(): unknown;
  /** Stops timers the service started. */
  close?(): void;
}

export interface SandboxService {
  name: 'serebro' | 'sergio' | 'cerbo';
  /** Path prefix under which the service is served, e.g. `/serebro`. */
  prefix: string;
  register(scope: FastifyInstance, context: ServiceContext): Promise<ServiceHandle> | ServiceHandle;
}
