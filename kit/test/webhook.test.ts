import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { signSergio, verifySergio, findHeader } from '../signature';
import { acceptDelivery, firstDelivery, MAX_DELIVERY_BYTES, type DeliveryCheck } from '../webhook';

const check: DeliveryCheck = {
  deliveryHeader: 'X-Sergio-Delivery',
  verify: (headers, rawBody, secret) => verifySergio({ header: findHeader(headers, 'X-Sergio-Signature'), rawBody, secret }),
};

const app = {
  version: '1.0.0',
  platformVersion: zapier.version,
  triggers: {
    hook: {
      key: 'hook',
      noun: 'Hook',
      display: { label: 'Hook', description: 'Triggers when hooked.' },
      operation: {
        type: 'hook' as const,
        perform: async (z: ZObject, bundle: Bundle) => {
          const body = await acceptDelivery<{ data: { id: string } }>(z, bundle, check);
          return body ? [body.data] : [];
        },
      },
    },
  },
};
const appTester = zapier.createAppTester(app);

const secret = 'whsec_abc';
function delivery(content: string, headers: Record<string, string>, subscriptionSecret: string | undefined = secret) {
  return appTester(app.triggers.hook.operation.perform, {
    rawRequest: { method: 'POST', querystring: '', headers, content },
    subscribeData: { id: 'sub_1', secret: subscriptionSecret },
  } as unknown as Bundle);
}

describe('acceptDelivery', () => {
  const body = JSON.stringify({ id: 'evt_1', event: 'job.created', data: { id: 'job_1' } });

  it('returns the body of a correctly signed delivery', async () => {
    await expect(
      delivery(body, { 'Http-X-Sergio-Signature': signSergio(secret, body), 'Http-X-Sergio-Delivery': 'evt_1' }),
    ).resolves.toEqual([{ id: 'job_1' }]);
  });

  it.each([
    ['forged', { 'Http-X-Sergio-Signature': `sha256=${'0'.repeat(64)}` }, secret],
    ['unsigned', {}, secret],
    ['signed with another secret', { 'Http-X-Sergio-Signature': signSergio('another', body) }, secret],
    ['for a subscription without a secret', { 'Http-X-Sergio-Signature': signSergio(secret, body) }, ''],
  ])('halts a %s delivery without returning it', async (_name, headers, subscriptionSecret) => {
    await expect(delivery(body, headers, subscriptionSecret)).rejects.toMatchObject({
      name: 'HaltedError',
      message: expect.stringMatching(/^Refused a webhook delivery: /),
    });
  });

  it("keeps the subscription's secret and the raw delivery out of the refusal", async () => {
    const error = await delivery(body, { 'Http-X-Sergio-Signature': `sha256=${'0'.repeat(64)}` }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toBe('Refused a webhook delivery: the signature does not match the body.');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('job_1');
  });

  it('halts an oversize delivery before parsing it', async () => {
    const huge = JSON.stringify({ id: 'evt_2', data: { id: 'x', pad: 'a'.repeat(MAX_DELIVERY_BYTES) } });
    await expect(delivery(huge, { 'Http-X-Sergio-Signature': signSergio(secret, huge) })).rejects.toMatchObject({
      name: 'HaltedError',
      message: expect.stringMatching(/larger than/),
    });
  });

  it('halts a signed delivery whose body is not JSON', async () => {
    const notJson = 'id=evt_3';
    await expect(delivery(notJson, { 'Http-X-Sergio-Signature': signSergio(secret, notJson) })).rejects.toMatchObject({
      name: 'HaltedError',
      message: expect.stringMatching(/not JSON/),
    });
  });
});

describe('firstDelivery', () => {
  // Zapier's cache honours set-if-absent (core's local test cache does not, so a stand-in is used).
  function zWithCache() {
    const store = new Map<string, unknown>();
    return {
      cache: {
        set: async (key: string, value: unknown, _ttl?: number, _scope?: string[], nx?: boolean) => {
          if (nx && store.has(key)) return false;
          store.set(key, value);
          return true;
        },
      },
    } as unknown as ZObject;
  }

  it('is true the first time a delivery id is seen and false for a retry of it', async () => {
    const z = zWithCache();
    expect(await firstDelivery(z, 'evt_9')).toBe(true);
    expect(await firstDelivery(z, 'evt_9')).toBe(false);
    expect(await firstDelivery(z, 'evt_10')).toBe(true);
  });

  it('counts every delivery as new where there is no cache service (zapier-platform invoke)', async () => {
    const z = { cache: { set: async () => Promise.reject(new Error('rpc is not available')) } } as unknown as ZObject;
    expect(await firstDelivery(z, 'evt_11')).toBe(true);
  });

  it('does not hide any other cache failure', async () => {
    const z = { cache: { set: async () => Promise.reject(new Error('cache down')) } } as unknown as ZObject;
    await expect(firstDelivery(z, 'evt_12')).rejects.toThrow('cache down');
  });
});
