/**
 * Loading a connector's assembled app (what its `index.ts` exports, what Zapier reads) and listing
 * its operations: the only place that knows where a definition and its schemas come from.
 */
import path from 'node:path';
import type { core } from 'zod/mini';
import { BASE_URL_ENV, connectorDir, type ConnectorName } from '../connectors';
import { isPlain, OPERATION_KINDS, type ActionDefinition, type AppDefinition, type OperationKind } from './types';

/** `connectors/<name>/index.ts`'s app; throws what the module threw, or when it exports no object. */
export function loadApp(name: ConnectorName): AppDefinition {
  const loaded: unknown = require(path.join(connectorDir(name), 'index.ts'));
  const app = isPlain(loaded) && isPlain(loaded.default) ? loaded.default : loaded;
  if (!isPlain(app)) throw new Error(`connectors/${name}/index.ts does not export an app definition object`);
  return app as AppDefinition;
}

/** The app as production sees it: loaded with the sandbox overrides (`*_BASE_URL`) unset. */
export function loadProductionApp(name: ConnectorName): AppDefinition {
  for (const variable of Object.values(BASE_URL_ENV)) delete process.env[variable];
  return loadApp(name);
}

export interface Operation {
  kind: OperationKind;
  /** The property name under `triggers`/`creates`/`searches`. */
  key: string;
  /** `creates.create_contact`: the key of its schema and of its methods (`<path>.operation.perform`). */
  path: string;
  definition: ActionDefinition;
}

/** Every trigger (hidden ones too), create and search of an assembled app, in definition order. */
export function operationsOf(app: AppDefinition, kinds: readonly OperationKind[] = OPERATION_KINDS): Operation[] {
  return kinds.flatMap((kind) => Object.entries(app[kind] ?? {}).map(([key, definition]) => ({ kind, key, path: `${kind}.${key}`, definition })));
}

export type Schema = core.$ZodType;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && '_zod' in value;

/**
 * What each operation returns, keyed by operation path (`triggers.new_job`): the `schemas` export of
 * `connectors/<name>/index.ts`, which the connector derives from the same operation modules as its app
 * (each operation file exports its `schema`). Throws when it is missing or holds something other than zod schemas.
 */
export function operationSchemas(name: ConnectorName): Record<string, Schema> {
  const module: unknown = require(path.join(connectorDir(name), 'index.ts'));
  const exported = isPlain(module) ? module.schemas : undefined;
  if (!isPlain(exported)) throw new Error(`connectors/${name}/index.ts does not export schemas (schemasOf its operation modules)`);
  const schemas: Record<string, Schema> = {};
  for (const [key, value] of Object.entries(exported)) {
    if (!isSchema(value)) throw new Error(`schemas['${key}'] of connectors/${name}/index.ts is not a zod schema: export the operation's \`schema\``);
    schemas[key] = value;
  }
  return schemas;
}
