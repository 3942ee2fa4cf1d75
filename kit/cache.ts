import type { ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { stepOf } from './step';
import type { Shape } from './answers';

/**
 * Something a connection reads often and that changes rarely (a Location's field definitions): read at
 * most once a step, whatever asks for it, and kept in Zapier's cache for `ttlSeconds` per connection.
 * The cache is an optimisation: when it is missing (local runs, `invoke`) or fails, or holds something
 * that is not of `shape`, the value is read again: slower, never wrong.
 */
export function remembered<T>(z: ZObject, key: string, options: { ttlSeconds: number; shape: Shape<T> }, load: () => Promise<T>): Promise<T> {
  const step = stepOf(z);
  step.memo ??= new Map();
  let value = step.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = (async () => {
      const cached = await fromCache(z, key, options.shape);
      if (cached !== undefined) return cached;
      const loaded = await load();
      await z.cache.set(key, loaded, options.ttlSeconds, ['auth']).catch(() => undefined);
      return loaded;
    })();
    step.memo.set(key, value);
  }
  return value;
}

async function fromCache<T>(z: ZObject, key: string, shape: Shape<T>): Promise<T | undefined> {
  try {
    // The scope must match the one `set` used; core's types leave it out of `get`, its runtime takes it.
    const get = z.cache.get as (key: string, scope?: string[]) => Promise<unknown>;
    const parsed = zm.safeParse(shape, await get(key, ['auth']));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
