import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What Zapier's hook endpoint receives: one POST to a subscription's target URL, kept raw so that a
 * trigger's `perform` can check the signature over the exact bytes that were sent.
 */
export interface Delivery {
  path: string;
  headers: Record<string, string>;
  content: string;
  receivedAt: number;
}

/**
 * A stand-in for Zapier's `hooks.zapier.com`: an HTTP server on 127.0.0.1 that answers every POST
 * with 200 and hands the delivery to whoever waits for that target URL.
 */
export class HookReceiver {
  private readonly server = http.createServer((request, response) => this.handle(request, response));
  private readonly received = new Map<string, Delivery[]>();
  private readonly waiters = new Map<string, Array<(delivery: Delivery) => void>>();
  private origin = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  /** A fresh target URL, one per subscription, like Zapier's per-Zap hook URLs. */
  targetUrl(name: string): string {
    return `${this.origin}/hooks/${encodeURIComponent(name)}`;
  }

  /**
   * The next delivery to `targetUrl` that `accept` takes (deliveries already received count too).
   * Rejects after `timeoutMs` with a message saying what did not arrive.
   */
  next(targetUrl: string, accept: (delivery: Delivery) => boolean = () => true, timeoutMs = 10_000): Promise<Delivery> {
    const path = new URL(targetUrl).pathname;
    const queue = this.received.get(path) ?? [];
    const index = queue.findIndex(accept);
    if (index >= 0) return Promise.resolve(queue.splice(index, 1)[0]);

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new Error(`no delivery reached ${path} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter = (delivery: Delivery) => {
        const at = queue.indexOf(delivery);
        if (at < 0 || !accept(delivery)) return;
        clearTimeout(timer);
        remove();
        queue.splice(at, 1);
        resolve(delivery);
      };
      const remove = () => {
        const list = this.waiters.get(path) ?? [];
        list.splice(list.indexOf(waiter), 1);
      };
      this.waiters.set(path, [...(this.waiters.get(path) ?? []), waiter]);
      this.received.set(path, queue);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'POST' || !path.startsWith('/hooks/')) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found"}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[key] = value;
        else if (Array.isArray(value)) headers[key] = value.join(', ');
      }
      const delivery: Delivery = { path, headers, content: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      const queue = this.received.get(path) ?? [];
      queue.push(delivery);
      this.received.set(path, queue);
      // Zapier's hook endpoint answers at once; the Zap runs afterwards.
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      for (const waiter of [...(this.waiters.get(path) ?? [])]) waiter(delivery);
    });
  }
}
