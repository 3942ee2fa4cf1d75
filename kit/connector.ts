import type { core } from 'zod/mini';
import type { ServicePolicy } from './errors';

/**
 * A connector as every runtime reads it (`connectors/<service>/operations.ts`): one line per operation (its
 * module in a list) gives the Zapier app, the n8n node and the schemas of what each operation returns.
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
  for (const kind of ['triggers', 'creates', 'searches'] as const) {
    for (const module of groups[kind] ?? []) schemas[`${kind}.${module.default.key}`] = module.schema;
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


/** A connector's policy and operation lists, as `operations.ts` declares them. */
export interface Connector<
  T extends readonly OperationModule[] = readonly OperationModule[],
  C extends readonly OperationModule[] = readonly OperationModule[],
  S extends readonly OperationModule[] = readonly OperationModule[],
> {
  policy: ServicePolicy;
  triggers: T;
  creates: C;
  searches: S;
  findOrCreate: readonly FindOrCreate[];
}
