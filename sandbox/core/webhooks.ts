import { isLoopbackUrl } from './loopback';

/**
 * Delivers signed webhook events: POSTs each to its subscriber, retries a non-2xx or a failed
 * connection with exponential backoff (5 tries in all, docs/apis.md §1.3), and keeps a log of
 * every attempt. Deliveries only go to loopback addresses: the sandbox never calls out.
 */
export interface DeliveryRequest {
  service: string;
  subscriptionId: string;
  url: string;
  event: string;
  /** Delivery id: the body's `id`, repeated on every retry. */
  id: string;
  body: unknown;
  /** Headers for one attempt; called again on each retry so a timestamped signature stays fresh. */
  headers: (rawBody: string) => Record<string, string>;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  service: string;
  subscriptionId: string;
  event: string;
  url: string;
  body: unknown;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed' | 'refused';
}

export interface DispatcherOptions {
  maxAttempts?: number;
  /** Delay before the first retry; doubles after each failure. */
  retryBaseMs?: number;
  timeoutMs?: number;
}

export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly timeoutMs: number;

  constructor(options: DispatcherOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  dispatch(request: DeliveryRequest): DeliveryRecord {
    const record: DeliveryRecord = {
      id: request.id,
      service: request.service,
      subscriptionId: request.subscriptionId,
      event: request.event,
      url: request.url,
      body: request.body,
      attempts: [],
      state: 'pending',
    };
    this.log.push(record);
    if (!isLoopbackUrl(request.url)) {
      record.state = 'refused';
      record.attempts.push({ at: new Date().toISOString(), error: 'the sandbox only delivers to loopback addresses' });
      return record;
    }
    const run = this.run(request, record).finally(() => this.pending.delete(run));
    this.pending.add(run);
    return record;
  }

  /** Resolves when every delivery in flight has succeeded or used up its tries. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  private async run(request: DeliveryRequest, record: DeliveryRecord): Promise<void> {
    const rawBody = JSON.stringify(request.body);
    for (let attempt = 1; attempt <= this.maxAttempts && !this.closed; attempt += 1) {
      const entry: DeliveryAttempt = { at: new Date().toISOString() };
      record.attempts.push(entry);
      try {
        const response = await fetch(request.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...request.headers(rawBody) },
          body: rawBody,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        entry.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          record.state = 'delivered';
          return;
        }
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
      }
      if (attempt < this.maxAttempts) {
        await this.wait(this.retryBaseMs * 2 ** (attempt - 1));
      }
    }
    record.state = 'failed';
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }
}
