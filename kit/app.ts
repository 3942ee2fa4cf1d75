import type { core } from 'zod/mini';

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
