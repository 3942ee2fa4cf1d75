/**
 * Webhook security for every REST-hook trigger of one connector (issue 8, "Webhook security").
 * The trigger subscribes (against the fake API, which hands out a signing secret), which also tells
 * us the event it listens for; then a correctly signed delivery must come back as one item, and
 * every attack on it must be refused (HaltedError, or no item) and never become a trigger item.
 * The same delivery arriving twice must yield one item (Zapier does not dedupe hook deliveries).
 */
import { MAX_DELIVERY_BYTES } from '../../kit/hooks';
// Signed as the services sign (the sandbox's own signer), not with the kit the connectors verify with.
import { serebroSignature, sergioSignature } from '../../sandbox/core/signatures';
import { EVENTS as SEREBRO_EVENTS } from '../../sandbox/serebro/model';
import { BASE_URL_ENV, FAKE_BASE_URL, FAKE_SECRETS, fakeAuthData, loadApp, operations, type Operation, type ServiceName } from './connectors';
import { counts, outcome } from './counts';
import { fakeApi } from './fakeapi';
import { expectOnlyKnown, type Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { errorName, installZapierCache, makeTester, userMessage, type Tester } from './tester';
import { frameSuite } from './suite';

interface Scheme {
  /** Every event the service sends (docs/apis.md §1.3, §2.1), to forge "another subscription's event". */
  events: string[];
  /** The event(s) a subscribe request asked for. */
  subscribedEvents: (body: Record<string, unknown>) => string[];
  body: (id: string, event: string, data: unknown) => Record<string, unknown>;
  headers: (options: { id: string; event: string; raw: string; secret: string; timestamp: number }) => Record<string, string>;
  signatureHeader: string;
}

const now = () => Math.floor(Date.now() / 1000);

export const SCHEMES: Partial<Record<ServiceName, Scheme>> = {
  serebro: {
    events: [...SEREBRO_EVENTS],
    subscribedEvents: (body) => (Array.isArray(body.events) ? body.events.map(String) : []),
    body: (id, event, data) => ({ id, type: event, createdAt: new Date().toISOString(), locationId: 'loc_reliability', data }),
    headers: ({ id, event, raw, secret, timestamp }) => ({
      'X-Serebro-Event': event,
      'X-Serebro-Delivery': id,
      'X-Serebro-Signature': serebroSignature(secret, raw, timestamp),
    }),
    signatureHeader: 'X-Serebro-Signature',
  },
  sergio: {
    events: ['job.created', 'job.status_changed'],
    subscribedEvents: (body) => (typeof body.event === 'string' ? [body.event] : []),
    body: (id, event, data) => ({ id, event, created_at: new Date().toISOString(), data }),
    headers: ({ id, event, raw, secret }) => ({
      'X-Sergio-Event': event,
      'X-Sergio-Delivery': id,
      'X-Sergio-Signature': sergioSignature(secret, raw),
    }),
    signatureHeader: 'X-Sergio-Signature',
  },
};

/** Zapier hands hook headers to `perform` with an `Http-` prefix. */
function zapierHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [`Http-${name}`, value]));
}

interface Delivery {
  headers: Record<string, string>;
  content: string | undefined;
  subscribeData: Record<string, unknown>;
}

interface Attack {
  name: string;
  build: (base: Built) => Delivery;
}

interface Built {
  scheme: Scheme;
  event: string;
  data: unknown;
  subscribeData: Record<string, unknown>;
  secret: string;
  sign: (body: Record<string, unknown>, options?: { secret?: string; timestamp?: number; id?: string }) => Delivery;
}

const ATTACKS: Attack[] = [
  {
    name: 'forged signature',
    build: (b) => {
      const d = b.sign(b.scheme.body('evt_forged', b.event, b.data));
      const header = `Http-${b.scheme.signatureHeader}`;
      d.headers[header] = d.headers[header].replace(/[0-9a-f]{64}/, 'a'.repeat(64));
      return d;
    },
  },
  { name: 'signed with another secret', build: (b) => b.sign(b.scheme.body('evt_wrong_secret', b.event, b.data), { secret: 'whsec_someone_else_entirely' }) },
  {
    name: 'signature header missing',
    build: (b) => {
      const d = b.sign(b.scheme.body('evt_unsigned', b.event, b.data));
      delete d.headers[`Http-${b.scheme.signatureHeader}`];
      return d;
    },
  },
  {
    name: 'signature header malformed',
    build: (b) => {
      const d = b.sign(b.scheme.body('evt_malformed_sig', b.event, b.data));
      d.headers[`Http-${b.scheme.signatureHeader}`] = 'v1=;t=,sha256=zz';
      return d;
    },
  },
  {
    name: 'body altered after signing',
    build: (b) => {
      const d = b.sign(b.scheme.body('evt_altered', b.event, b.data));
      d.content = d.content!.replace(/"id":"evt_altered"/, '"id":"evt_altered","injected":true');
      return d;
    },
  },
  {
    name: 'delivery for another event type',
    build: (b) => b.sign(b.scheme.body('evt_other_type', b.scheme.events.find((e) => e !== b.event) ?? 'other.event', b.data)),
  },
  {
    name: 'oversize body, correctly signed',
    build: (b) => b.sign(b.scheme.body('evt_oversize', b.event, { ...(b.data as object), padding: 'p'.repeat(MAX_DELIVERY_BYTES) })),
  },
  {
    name: 'no body',
    build: (b) => ({ ...b.sign(b.scheme.body('evt_no_body', b.event, b.data)), content: undefined }),
  },
  {
    name: 'body not JSON, correctly signed',
    build: (b) => {
      const raw = 'id=evt_not_json&type=contact.created';
      const headers = b.scheme.headers({ id: 'evt_not_json', event: b.event, raw, secret: b.secret, timestamp: now() });
      return { headers: zapierHeaders(headers), content: raw, subscribeData: b.subscribeData };
    },
  },
  {
    name: 'subscription without a secret',
    build: (b) => ({ ...b.sign(b.scheme.body('evt_no_secret', b.event, b.data)), subscribeData: { id: b.subscribeData.id } }),
  },
];

const REPLAYS: Attack[] = [
  { name: 'replayed 10 minutes late', build: (b) => b.sign(b.scheme.body('evt_replay_old', b.event, b.data), { timestamp: now() - 600 }) },
  { name: 'timestamp 10 minutes ahead', build: (b) => b.sign(b.scheme.body('evt_replay_future', b.event, b.data), { timestamp: now() + 600 }) },
  { name: 'replayed a day late', build: (b) => b.sign(b.scheme.body('evt_replay_day', b.event, b.data), { timestamp: now() - 86_400 }) },
];

export function describeWebhookAttacks(service: ServiceName): void {
  const app = loadApp(service);
  const scheme = SCHEMES[service];
  describe(`${service}: attacks on every REST-hook trigger`, () => {
    if (!scheme) throw new Error(`test/reliability/webhooks.ts has no signing scheme for ${service}`);
    const hooks = operations(service, app, ['triggers']).filter((op) => op.definition.operation.type === 'hook');
    it(`${service} has REST-hook triggers to attack`, () => expect(hooks.length).toBeGreaterThan(0));
    const findings: Finding[] = [];
    const auth = fakeAuthData(service, app, 'Location');

    frameSuite({ part: `webhooks-${service}`, setUp: () => (process.env[BASE_URL_ENV[service]] = FAKE_BASE_URL[service]) }, findings);

    async function subscribe(op: Operation, tester: Tester): Promise<Built> {
      const api = fakeApi(service);
      api.record = { id: 'sub_reliability', secret: FAKE_SECRETS.webhookSecret, event: '', target_url: 'https://hooks.zapier.com/x' };
      const subscribeData = (await tester(`triggers.${op.key}.operation.performSubscribe`, {
        authData: auth,
        inputData: {},
        targetUrl: 'https://hooks.zapier.com/hooks/standard/reliability/',
      })) as Record<string, unknown>;
      const request = tester.requests.find((r) => r.method === 'POST');
      const body = typeof request?.body === 'string' ? (JSON.parse(request.body) as Record<string, unknown>) : ((request?.body ?? {}) as Record<string, unknown>);
      const [event] = scheme!.subscribedEvents(body);
      if (!event) throw new Error(`${op.id}: could not tell which event the subscription asks for`);
      const secret = String(subscribeData.secret ?? '');
      const data = { ...(op.definition.operation.sample ?? {}), id: String(op.definition.operation.sample?.id ?? 'rec_1') };
      return {
        scheme: scheme!,
        event,
        data,
        subscribeData,
        secret,
        sign: (deliveryBody, options = {}) => {
          const raw = JSON.stringify(deliveryBody);
          const headers = scheme!.headers({
            id: String(options.id ?? deliveryBody.id),
            event: String(deliveryBody.type ?? deliveryBody.event),
            raw,
            secret: options.secret ?? secret,
            timestamp: options.timestamp ?? now(),
          });
          return { headers: zapierHeaders(headers), content: raw, subscribeData };
        },
      };
    }

    function deliver(tester: Tester, op: Operation, delivery: Delivery, authData = auth) {
      return tester(`triggers.${op.key}.operation.perform`, {
        authData,
        inputData: {},
        subscribeData: delivery.subscribeData,
        rawRequest: { method: 'POST', querystring: '', headers: delivery.headers, content: delivery.content },
        cleanedRequest: delivery.content ? safeParse(delivery.content) : {},
      } as Record<string, unknown>);
    }

    it.each(hooks.map((op) => [op.id, op] as const))('%s refuses every attack and returns a genuine delivery once', async (_id, op) => {
      const tester = makeTester(app);
      const built = await subscribe(op, tester);
      const problems: string[] = [];

      // Baseline: a genuine delivery is one item, exactly the data sent.
      const genuine = built.sign(built.scheme.body('evt_genuine_1', built.event, built.data));
      const first = (await deliver(tester, op, genuine)) as unknown[];
      if (!Array.isArray(first) || first.length !== 1) problems.push(`genuine delivery gave ${JSON.stringify(first)?.slice(0, 80)}`);

      const attacks = service === 'serebro' ? [...ATTACKS, ...REPLAYS] : ATTACKS;
      for (const attack of attacks) {
        counts.deliveriesAttacked += 1;
        let result: unknown;
        let error: unknown;
        try {
          result = await deliver(tester, op, attack.build(built));
        } catch (caught) {
          error = caught;
        }
        const name = error === undefined ? 'no item' : errorName(error);
        if (error !== undefined) {
          outcome(`webhook refused:${name}`);
          if (name !== 'HaltedError') problems.push(`${attack.name}: refused with ${name} (${userMessage(error).slice(0, 60)}), not HaltedError`);
        } else if (Array.isArray(result) && result.length === 0) {
          outcome('webhook refused:no item');
        } else {
          outcome('webhook accepted');
          problems.push(`${attack.name}: returned ${JSON.stringify(result)?.slice(0, 60)} as trigger items`);
        }
      }

      // The same delivery again (the sender retries), on the same connection's cache: no second item.
      // createAppTester's cache mock ignores `nx`, so what it shows is recorded, not asserted.
      counts.deliveriesAttacked += 1;
      const again = (await deliver(tester, op, built.sign(built.scheme.body('evt_genuine_1', built.event, built.data)))) as unknown[];
      outcome(Array.isArray(again) && again.length === 0 ? 'webhook duplicate (appTester cache):dropped' : 'webhook duplicate (appTester cache):returned again');

      // With a cache that behaves like Zapier's (set-if-absent honoured), the retry must give nothing.
      installZapierCache(new Map());
      const zapier = makeTester(app, { zapierCache: true });
      const delivered: unknown[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        counts.deliveriesAttacked += attempt > 0 ? 1 : 0;
        const items = (await deliver(zapier, op, built.sign(built.scheme.body('evt_genuine_2', built.event, built.data)))) as unknown[];
        delivered.push(...(Array.isArray(items) ? items : [items]));
      }
      outcome(delivered.length === 1 ? 'webhook duplicate:dropped' : 'webhook duplicate:returned again', 2);
      if (delivered.length !== 1) problems.push(`the same delivery arriving 3 times gave ${delivered.length} items`);

      findings.push(...problems.map((problem) => ({ where: op.id, problem })));
      expectOnlyKnown(`${op.id} webhooks`, problems);
    }, 60_000);

    itLeaksNothing(`webhooks-${service}`, findings);
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
