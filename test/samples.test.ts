/**
 * Kit item 5: every trigger (hidden ones too), create and search of every connector has a schema in
 * its `src/schemas.ts` `operationSchemas`; its static `sample` parses against that schema and carries
 * its id; and its `outputFields` are the ones `outputFieldsFrom(schema)` derives, so the fields a Zap
 * editor offers cannot drift from what the connector returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import { outputFieldsFrom } from '../kit/schema';
import { CONNECTOR_NAMES, connectorDir, loadConnector, type ConnectorName } from './publishing/connectors';
import { isPlain, viewOf, type OperationView } from './publishing/definition';

/**
 * Output fields an operation may list beyond its schema, each with the reason. Empty: add an entry
 * only with a reason a reviewer would accept (e.g. a field computed by the connector, not the API).
 */
const DOCUMENTED_EXTRA_OUTPUT_FIELDS: Record<string, Record<string, string>> = {};

type Schema = core.$ZodType;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && '_zod' in value;

interface Loaded {
  operations: OperationView[];
  schemas: Record<string, Schema> | undefined;
}

function load(name: ConnectorName): Loaded | Error {
  try {
    const connector = loadConnector(name);
    const operations = viewOf(connector.app).operations;
    const file = path.join(connectorDir(name), 'src', 'schemas.ts');
    if (!fs.existsSync(file)) return { operations, schemas: undefined };
    const module: unknown = require(file);
    const exported = isPlain(module) ? module.operationSchemas : undefined;
    if (!isPlain(exported)) throw new Error(`connectors/${name}/src/schemas.ts does not export operationSchemas`);
    const schemas: Record<string, Schema> = {};
    for (const [key, value] of Object.entries(exported)) {
      if (!isSchema(value)) throw new Error(`operationSchemas['${key}'] in connectors/${name}/src/schemas.ts is not a zod schema`);
      schemas[key] = value;
    }
    return { operations, schemas };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const issuesOf = (schema: Schema, value: unknown): string[] => {
  const result = z.safeParse(schema, value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message} (${issue.code})`);
};

describe.each(CONNECTOR_NAMES.map((name): [ConnectorName, Loaded | Error] => [name, load(name)]))('%s samples', (name, loaded) => {
  test('the connector and its schemas load', () => {
    if (loaded instanceof Error) throw loaded;
    expect(Array.isArray(loaded.operations)).toBe(true);
  });
  if (loaded instanceof Error) return;

  const { operations, schemas } = loaded;
  if (!schemas) {
    test('without src/schemas.ts it is still the placeholder: no trigger, create or search to check', () => {
      expect(operations.map((op) => op.path)).toEqual([]);
    });
    return;
  }

  // While index.ts is still the placeholder this fails: the schemas describe operations not offered yet.
  test('operationSchemas names only operations that exist', () => {
    const known = new Set(operations.map((op) => op.path));
    expect(Object.keys(schemas).filter((key) => !known.has(key))).toEqual([]);
  });

  if (operations.length === 0) return;

  describe.each(operations.map((op): [string, OperationView] => [op.path, op]))('%s', (key, op) => {
    const schema = schemas[key];

    test('has an entry in operationSchemas', () => {
      expect(schema ? key : `operationSchemas['${key}'] is missing`).toBe(key);
    });

    test('its sample parses against that schema', () => {
      if (!schema) throw new Error(`operationSchemas['${key}'] is missing`);
      expect(isPlain(op.sample)).toBe(true);
      expect(issuesOf(schema, op.sample)).toEqual([]);
    });

    test('its sample carries its id (or its primary keys)', () => {
      const sample = isPlain(op.sample) ? op.sample : {};
      const primary = (op.outputFields ?? []).filter((field) => field.field.primary === true).map((field) => field.key);
      const keys = primary.length > 0 ? primary : ['id'];
      for (const field of keys) {
        const value = field.split('__').reduce<unknown>((node, part) => (isPlain(node) ? node[part] : undefined), sample);
        expect({ field, ok: (typeof value === 'string' && value !== '') || typeof value === 'number' }).toEqual({ field, ok: true });
      }
    });

    test('its outputFields are those outputFieldsFrom(schema) derives (extras only if documented)', () => {
      if (!schema) throw new Error(`operationSchemas['${key}'] is missing`);
      const derived = new Set(outputFieldsFrom(schema).map((field) => field.key));
      const declared = new Set((op.outputFields ?? []).map((field) => field.key));
      const documented = DOCUMENTED_EXTRA_OUTPUT_FIELDS[key] ?? {};
      expect({
        missing: [...derived].filter((field) => !declared.has(field)),
        undocumentedExtra: [...declared].filter((field) => !derived.has(field) && !(field in documented)),
      }).toEqual({ missing: [], undocumentedExtra: [] });
    });
  });
});
