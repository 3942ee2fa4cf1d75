import type { ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { remembered } from '../cache';

const shape = zm.array(zm.string());
const options = { ttlSeconds: 60, shape };

/** A z whose cache is a map, or fails like Zapier's RPC does outside Zapier. */
function zWith(cache: Map<string, unknown> | 'unavailable'): ZObject & { sets: unknown[][] } {
  const sets: unknown[][] = [];
  const fail = async () => {
    throw new Error('rpc is not available');
  };
  return {
    sets,
    cache:
      cache === 'unavailable'
        ? { get: fail, set: fail, delete: fail }
        : {
            get: async (key: string) => cache.get(key) ?? null,
            set: async (...args: unknown[]) => {
              sets.push(args);
              cache.set(args[0] as string, args[1]);
              return true;
            },
            delete: async () => true,
          },
  } as unknown as ZObject & { sets: unknown[][] };
}

describe('remembered', () => {
  it('reads once per step however many ask, and keeps the value for the connection with its TTL', async () => {
    const z = zWith(new Map());
    const load = jest.fn(async () => ['lead_score']);
    const [a, b] = await Promise.all([remembered(z, 'k', options, load), remembered(z, 'k', options, load)]);
    expect(a).toEqual(['lead_score']);
    expect(b).toEqual(['lead_score']);
    expect(load).toHaveBeenCalledTimes(1);
    expect(z.sets).toEqual([['k', ['lead_score'], 60, ['auth']]]);
  });

  it('a later step takes the cached value without reading', async () => {
    const cache = new Map<string, unknown>([['k', ['cached']]]);
    const load = jest.fn(async () => ['fresh']);
    await expect(remembered(zWith(cache), 'k', options, load)).resolves.toEqual(['cached']);
    expect(load).not.toHaveBeenCalled();
  });

  it('reads again when the cache holds something of another shape', async () => {
    const load = jest.fn(async () => ['fresh']);
    await expect(remembered(zWith(new Map([['k', { not: 'a list' }]])), 'k', options, load)).resolves.toEqual(['fresh']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('works without a cache (local runs): it reads, once per step', async () => {
    const z = zWith('unavailable');
    const load = jest.fn(async () => ['fresh']);
    await expect(remembered(z, 'k', options, load)).resolves.toEqual(['fresh']);
    await expect(remembered(z, 'k', options, load)).resolves.toEqual(['fresh']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keys apart: two keys are two reads', async () => {
    const z = zWith(new Map());
    const load = jest.fn(async () => ['x']);
    await remembered(z, 'contact', options, load);
    await remembered(z, 'opportunity', options, load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
