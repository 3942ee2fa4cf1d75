/**
 * A loopback proxy in front of the sandbox that can lose one response: the request reaches the API
 * and is carried out, then the connection is dropped before the answer comes back. That is the
 * "timeout with an unknown outcome" after which Zapier (or the user) runs the step again.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxy {
  url: string;
  /** Loses the response of the next request whose method and path match. */
  loseNext(method: string, path: RegExp): void;
  /** How many responses were lost so far. */
  lost: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept-encoding']);

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && typeof value === 'string') out[name] = value;
  }
  return out;
}

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const origin = new URL(target);
  let rule: { method: string; path: RegExp } | undefined;
  const proxy: LossyProxy = {
    url: '',
    lost: 0,
    loseNext(method, path) {
      rule = { method: method.toUpperCase(), path };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      // core's request client sends `user-agent: Zapier`, which also keeps this hop out of core's HTTP log.
      const upstream = httpRequest(
        { host: origin.hostname, port: origin.port, method: incoming.method, path: incoming.url, headers: { ...forwardHeaders(incoming.headers), 'content-length': String(body.length) } },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const lose = rule && incoming.method === rule.method && rule.path.test(incoming.url ?? '');
            if (lose) {
              rule = undefined;
              proxy.lost += 1;
              incoming.socket.destroy();
              return;
            }
            const headers = forwardHeaders(answer.headers as IncomingHttpHeaders);
            delete headers['content-encoding'];
            outgoing.writeHead(answer.statusCode ?? 502, headers).end(Buffer.concat(answerChunks));
          });
        },
      );
      upstream.on('error', () => incoming.socket.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
