import { performance } from 'node:perf_hooks';
import type { Sandbox } from '../../sandbox';
import type { HookReceiver } from './receiver';
import { SERVICE_NAMES, type ConnectorName } from '../connectors';
import type { OperationKind } from '../definition';
import { ConnectorRuntime, type InvokeBundle } from './runtime';

export type Outcome = 'ok' | 'failed' | 'skipped';

/** Who acts in a step: a connector's service, or (in `npm run n8n`) n8n itself. */
export type Actor = ConnectorName | 'n8n';

const serviceOf = (actor: Actor): string => (actor === 'n8n' ? 'n8n' : SERVICE_NAMES[actor]);

/** One line of the transcript. */
export interface StepRecord {
  number: number;
  section: string;
  /** The section's name in the summary table. */
  zap: string;
  connector: Actor;
  service: string;
  operation: string;
  outcome: Outcome;
  detail: string;
  /** Requests the sandbox received while the step ran (the connector's, or the service user's for an event). */
  requests: number;
  ms: number;
}

export interface StepPlan {
  connector: Actor;
  operation: string;
  /** Does the work; returns the one-line outcome shown under the step. */
  run: () => Promise<string>;
  /** Runs even when an earlier step of its section failed (turning Zaps off). */
  always?: boolean;
}

export interface SectionPlan {
  title: string;
  /** The name in the summary table. */
  short: string;
  steps: StepPlan[];
  /** Steps do not depend on each other (connecting accounts): a failure skips nothing. */
  independent?: boolean;
}

/** Thrown when a step cannot run because something it needs is missing; recorded as skipped. */
export class SkipStep extends Error {}

/**
 * Counts the requests the sandbox receives, per service, by listening on its HTTP server next to
 * Fastify (hooks cannot be added once Fastify listens). Admin calls are not service requests.
 */
export class RequestCounter {
  total = 0;
  readonly byService: Record<string, number> = {};
  private readonly listener = (request: { url?: string }) => {
    const path = (request.url ?? '').split('?')[0];
    if (path.startsWith('/_admin') || path.includes('/_admin/')) return;
    const service = path.split('/')[1] ?? '';
    this.total += 1;
    this.byService[service] = (this.byService[service] ?? 0) + 1;
  };

  constructor(private readonly sandbox: Sandbox) {
    sandbox.app.server.on('request', this.listener);
  }

  stop(): void {
    this.sandbox.app.server.off('request', this.listener);
  }
}

/** Everything the Zaps share: the sandbox, the hook receiver, each connector and its connection. */
export class DemoContext {
  readonly runtimes: Record<ConnectorName, ConnectorRuntime>;
  /** authData per connected account: held in memory, never printed. */
  readonly auth: Partial<Record<ConnectorName, Record<string, unknown>>> = {};
  readonly labels: Partial<Record<ConnectorName, string>> = {};
  /** Every credential and token seen, so that the printer can prove none is printed. */
  readonly secrets = new Set<string>();
  /** Notes a step's calls leave for its transcript line (a token refreshed on the way). */
  private notes: string[] = [];

  constructor(
    readonly sandbox: Sandbox,
    readonly receiver: HookReceiver,
    readonly counter: RequestCounter,
    apps: Record<ConnectorName, ConnectorRuntime>,
  ) {
    this.runtimes = apps;
  }

  runtime(name: ConnectorName): ConnectorRuntime {
    return this.runtimes[name];
  }

  authData(name: ConnectorName): Record<string, unknown> {
    const authData = this.auth[name];
    if (!authData) throw new SkipStep(`${SERVICE_NAMES[name]} is not connected`);
    return authData;
  }

  rememberSecrets(values: Record<string, unknown> | undefined, keyPattern = /token|secret|password|key/i): void {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (typeof value === 'string' && value.length >= 6 && keyPattern.test(key)) this.secrets.add(value);
    }
  }

  takeNotes(): string[] {
    const notes = this.notes;
    this.notes = [];
    return notes;
  }

  /**
   * Calls a connector method with the connection's authData, as Zapier does: when an OAuth app
   * throws `RefreshAuthError`, the tokens are refreshed once and the call is repeated.
   */
  async call<T = unknown>(name: ConnectorName, method: string, bundle: InvokeBundle = {}): Promise<T> {
    const runtime = this.runtime(name);
    const authData = this.authData(name);
    try {
      return await runtime.invoke<T>(method, { ...bundle, authData });
    } catch (error) {
      const oauth = runtime.app.authentication?.oauth2Config;
      if (!(error instanceof Error) || error.name !== 'RefreshAuthError' || !oauth?.refreshAccessToken) throw error;
      const refreshed = await runtime.invoke<Record<string, unknown>>('authentication.oauth2Config.refreshAccessToken', { authData });
      this.rememberSecrets(refreshed);
      Object.assign(authData, refreshed);
      this.notes.push('the access token had expired: refreshed it (rotated refresh token) and retried');
      return runtime.invoke<T>(method, { ...bundle, authData });
    }
  }

  /** `triggers.new_job.operation.perform`, after checking the operation exists. */
  method(name: ConnectorName, type: OperationKind, key: string, fn: string): string {
    const action = this.runtime(name).action(type, key);
    if (!(fn in action.operation) && fn !== 'inputFields') {
      throw new Error(`${SERVICE_NAMES[name]} ${key} has no ${fn}`);
    }
    return `${type}.${key}.operation.${fn}`;
  }

  /** "New Job (new_job)": the card name users see, with the key Zaps store. */
  card(name: ConnectorName, type: OperationKind, key: string): string {
    const action = this.runtime(name).app[type]?.[key];
    return `${action?.display.label ?? key} (${key})`;
  }
}

/** Runs the planned sections in order and records one StepRecord per step. */
export async function runSections(
  context: Pick<DemoContext, 'counter' | 'takeNotes'>,
  sections: SectionPlan[],
  onStart: (step: { number: number; total: number; section: string; service: string; operation: string }) => void,
  onDone: (record: StepRecord, total: number) => void,
): Promise<StepRecord[]> {
  const total = sections.reduce((n, section) => n + section.steps.length, 0);
  const records: StepRecord[] = [];
  let number = 0;
  for (const section of sections) {
    let broken = false;
    for (const step of section.steps) {
      number += 1;
      const service = serviceOf(step.connector);
      onStart({ number, total, section: section.title, service, operation: step.operation });
      const before = context.counter.total;
      const started = performance.now();
      let outcome: Outcome = 'ok';
      let detail: string;
      if (broken && !step.always) {
        outcome = 'skipped';
        detail = 'skipped: an earlier step of this Zap failed, so the rest of its run stops here, as on Zapier and in n8n';
      } else {
        try {
          detail = await step.run();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (error instanceof SkipStep) {
            outcome = 'skipped';
            detail = `skipped: ${message}`;
          } else {
            outcome = 'failed';
            detail = `${error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : ''}${message}`;
          }
          broken = !section.independent;
        }
      }
      const notes = context.takeNotes();
      if (notes.length) detail = `${detail} (${notes.join('; ')})`;
      const record: StepRecord = {
        number,
        section: section.title,
        zap: section.short,
        connector: step.connector,
        service,
        operation: step.operation,
        outcome,
        detail: firstLine(detail),
        requests: context.counter.total - before,
        ms: Math.round(performance.now() - started),
      };
      records.push(record);
      onDone(record, total);
    }
  }
  return records;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
