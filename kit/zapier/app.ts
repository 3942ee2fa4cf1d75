import { version as platformVersion, type ThrottleObject } from 'zapier-platform-core';
import { byKey, type Connector, type OperationModule } from '../connector';
import { guardApp } from './guard-app';
import { afterResponseFor, beforeRequestFor } from './middleware';

/**
 * A connector's Zapier app from its policy and operation lists (`operations.ts`) and what is Zapier's own
 * (version, authentication, throttle): the kit's request hooks and guard, the flags every connector needs
 * (the kit maps 429s itself, so core must not throw first; empty inputs arrive as absent), the operations
 * under their keys and the Find or Create pairs.
 */
export function appFrom<
  const T extends readonly OperationModule[],
  const C extends readonly OperationModule[],
  const S extends readonly OperationModule[],
  A extends object,
>(connector: Connector<T, C, S>, zapier: { version: string; authentication: A; throttle?: ThrottleObject }) {
  const { policy } = connector;
  const searchOrCreates = Object.fromEntries(
    connector.findOrCreate.map(({ search, create, label, description }) => [
      search.default.key,
      { key: search.default.key, display: { label, description }, search: search.default.key, create: create.default.key },
    ]),
  );
  return guardApp(policy, {
    version: zapier.version,
    platformVersion,
    authentication: zapier.authentication,
    beforeRequest: [beforeRequestFor(policy)],
    afterResponse: [afterResponseFor(policy)],
    flags: { throwForThrottlingEarly: false, cleanInputData: true },
    ...(zapier.throttle ? { throttle: zapier.throttle } : {}),
    triggers: byKey(connector.triggers),
    creates: byKey(connector.creates),
    searches: byKey(connector.searches),
    searchOrCreates,
  });
}
