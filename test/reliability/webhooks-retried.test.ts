/**
 * The APIs retry a delivery that was not answered 2xx, so the same delivery really does arrive more
 * than once. End to end: the trigger subscribes in the sandbox, a receiver standing in for Zapier's
 * hook URL fails the first attempt, the sandbox's dispatcher retries (re-signing each attempt), and
 * every attempt that arrived is handed to `perform` on one connection: exactly one trigger item.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../sandbox';
import { loadApp, type ServiceName } from './connectors';
import { counts, outcome } from './counts';
import type { Finding } from './known-defects';
import { itLeaksNothing, registerSecret } from './leaks';
import { connect, type ServiceUnderTest } from './sandboxes';
import { installZapierCache, makeTester, type Tester } from './tester';
import { frameSuite, startSuiteSandbox } from './suite';

interface Arrival {
  headers: IncomingHttpHeaders;
  content: string;
}

/** Fails the first attempt of every delivery with 503, accepts the rest. */
async function flakyReceiver(deliveryHeader: string) {
  const arrivals: Arrival[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      arrivals.push({ headers: request.headers, content: Buffer.concat(chunks).toString('utf8') });
      const id = String(request.headers[deliveryHeader.toLowerCase()] ?? '');
      const first = !seen.has(id);
      seen.add(id);
      response.writeHead(first ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { arrivals, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/reliability`, close: () => new Promise((r) => server.close(r)) };
}

/** Zapier hands hook headers to `perform` as `Http-X-Header-Name`. */
function asRawRequest(arrival: Arrival) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(arrival.headers)) {
    if (typeof value === 'string') headers[`Http-${name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())}`] = value;
  }
  return { method: 'POST', querystring: '', headers, content: arrival.content };
}

interface Plan {
  trigger: string;
  deliveryHeader: string;
  fire: (sandbox: Sandbox, tester: Tester, sut: ServiceUnderTest) => Promise<void>;
}

const PLANS: Partial<Record<ServiceName, Plan>> = {
  serebro: {
    trigger: 'contact_created',
    deliveryHeader: 'X-Serebro-Delivery',
    fire: async (_sandbox, tester, sut) => {
      await tester(sut.write.method, { authData: sut.authData, inputData: sut.write.inputData() });
    },
  },
  sergio: {
    trigger: 'new_job',
    deliveryHeader: 'X-Sergio-Delivery',
    fire: async (sandbox) => {
      await fetch(`${sandbox.url}/sergio/_admin/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    },
  },
};

for (const service of ['serebro', 'sergio'] as const) {
  const app = loadApp(service);
  const plan = PLANS[service]!;
  describe(`${service}: a delivery the API retried`, () => {
    it(`${plan.trigger} is a trigger of ${service}`, () => expect(app.triggers?.[plan.trigger]).toBeDefined());
    let sandbox: Sandbox;
    let receiver: Awaited<ReturnType<typeof flakyReceiver>>;
    const findings: Finding[] = [];
    frameSuite(
      {
        part: 'webhooks-retried',
        findingsPart: `webhooks-retried-${service}`,
        setUp: async () => {
          sandbox = await startSuiteSandbox();
          receiver = await flakyReceiver(plan.deliveryHeader);
        },
        tearDown: async () => {
          await receiver?.close();
          await sandbox?.close();
        },
      },
      findings,
    );

    it(`${plan.trigger}: every attempt of the retried delivery reaches perform, one item comes out`, async () => {
      installZapierCache(new Map());
      const tester = makeTester(app, { zapierCache: true });
      const sut = await connect(service, sandbox, app, tester);
      const subscribeData = (await tester(`triggers.${plan.trigger}.operation.performSubscribe`, {
        authData: sut.authData,
        inputData: {},
        targetUrl: receiver.url,
      })) as Record<string, unknown>;
      registerSecret(subscribeData.secret, 'webhook signing secret');

      await plan.fire(sandbox, tester, sut);
      await sandbox.webhooks.drain();
      const ids = new Set(receiver.arrivals.map((a) => String(a.headers[plan.deliveryHeader.toLowerCase()])));
      expect(ids.size).toBe(1);
      expect(receiver.arrivals.length).toBeGreaterThanOrEqual(2);

      const items: unknown[] = [];
      for (const arrival of receiver.arrivals) {
        counts.deliveriesAttacked += 1;
        const result = (await tester(`triggers.${plan.trigger}.operation.perform`, {
          authData: sut.authData,
          inputData: {},
          subscribeData,
          rawRequest: asRawRequest(arrival),
        })) as unknown[];
        items.push(...result);
      }
      outcome(items.length === 1 ? 'webhook retried by the API:one item' : 'webhook retried by the API:several items');
      if (items.length !== 1) findings.push({ where: `${service} triggers.${plan.trigger}`, problem: `${receiver.arrivals.length} attempts gave ${items.length} items` });
      expect(items).toHaveLength(1);
    });

    itLeaksNothing(`webhooks-retried-${service}`, findings);
  });
}
