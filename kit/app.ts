import { version as platformVersion, type ThrottleObject } from 'zapier-platform-core';
import type { core } from 'zod/mini';
import { afterResponseFor, beforeRequestFor, type ServicePolicy } from './errors';
import { guardApp } from './guard';

/**
 * Assembling an app from its operation modules, so that one line per operation (its module in a list)
 * gives both the app's `triggers`/`creates`/`searches` and the schemas of what each returns.
 *
 * An operation module is one file of `src/triggers`, `src/creates` or `src/searches`: its default export
 * is the operation (`defineTrigger(…)`, `defineCreate(…)`, `defineSearch(…)`), and `schema` is the zod
 * schema of one item it returns, which its sample and output fields are checked against.
 */
export interface OperationModule<D extends { key: string } = { key: string }> {
  default: D;
  schema: core.$ZodType;
}

/** The operations of a list of modules under their keys, typed per key (`creates.create_contact`). */
export type ByKey<M extends readonly OperationModule[]> = {
  [D in M[number]['default'] as D['key']]: D;
};

/** `{ [operation.key]: operation }` for the app definition; throws on two operations with one key. */
export function byKey<const M extends readonly OperationModule[]>(modules: M): ByKey<M> {
  const group: Record<string, unknown> = {};
  for (const module of modules) {
    const { key } = module.default;
    if (key in group) throw new Error(`Two operations have the key '${key}'.`);
    group[key] = module.default;
  }
  return group as ByKey<M>;
}

export type OperationGroups = Partial<Record<'triggers' | 'creates' | 'searches', readonly OperationModule[]>>;

/** The schema of what each operation returns, keyed by its path in the app (`triggers.new_job`). */
export function schemasOf(groups: OperationGroups): Record<string, core.$ZodType> {
  const schemas: Record<string, core.$ZodType> = {};
  for (const [kind, modules] of Object.entries(groups)) {
    for (const module of modules ?? []) schemas[`${kind}.${module.default.key}`] = module.schema;
  }
  return schemas;
}

/** A search paired with a create for "Find or Create": the create runs when the search finds nothing. */
export interface FindOrCreate {
  search: OperationModule;
  create: OperationModule;
  label: string;
  description: string;
}

/**
 * A connector's whole app from its policy and operation lists: the kit's request hooks and guard, the
 * flags every connector needs (the kit maps 429s itself, so core must not throw first; empty inputs
 * arrive as absent), the operations under their keys and the Find or Create pairs.
 */
export function appFrom<
  const T extends readonly OperationModule[],
  const C extends readonly OperationModule[],
  const S extends readonly OperationModule[],
  A extends object,
>(
  policy: ServicePolicy,
  parts: { version: string; authentication: A; triggers: T; creates: C; searches: S; throttle?: ThrottleObject; findOrCreate?: FindOrCreate[] },
) {
  const searchOrCreates = Object.fromEntries(
    (parts.findOrCreate ?? []).map(({ search, create, label, description }) => [
      search.default.key,
      { key: search.default.key, display: { label, description }, search: search.default.key, create: create.default.key },
    ]),
  );
  return guardApp(policy, {
    version: parts.version,
    platformVersion,
    authentication: parts.authentication,
    beforeRequest: [beforeRequestFor(policy)],
    afterResponse: [afterResponseFor(policy)],
    flags: { throwForThrottlingEarly: false, cleanInputData: true },
    ...(parts.throttle ? { throttle: parts.throttle } : {}),
    triggers: byKey(parts.triggers),
    creates: byKey(parts.creates),
    searches: byKey(parts.searches),
    searchOrCreates,
  });
}
