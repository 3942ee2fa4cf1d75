/**
 * Kit item 5: every trigger (hidden ones too), create and search of every connector exports the schema
 * of what it returns (its `schema`, gathered in the connector's index.ts `schemas`); its static `sample` parses against that schema and carries
 * its id; and its `outputFields` are the ones `outputFieldsFrom(schema)` derives, so the fields a Zap
 * editor offers cannot drift from what the connector returns.
 */
import * as z from 'zod/mini';
import { outputFieldsFrom } from '../kit/schema';
import { CONNECTORS, type ConnectorName } from '../scripts/connectors';
import { isPlain, loadProductionApp, operationSchemas, viewOf, type OperationView, type Schema } from '../scripts/definition';

/**
 * Output fields an operation may list beyond its schema, each with the reason. Empty: add an entry
 * only with a reason a reviewer would accept (e.g. a field computed by the connector, not the API).
 */
const DOCUMENTED_EXTRA_OUTPUT_FIELDS: Record<string, Record<string, string>> = {};

interface Loaded {
  operations: OperationView[];
  schemas: Record<string, Schema>;
}

function load(name: ConnectorName): Loaded | Error {
  try {
    return { operations: viewOf(loadProductionApp(name)).operations, schemas: operationSchemas(name) };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const issuesOf = (schema: Schema, value: unknown): string[] => {
  const result = z.safeParse(schema, value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message} (${issue.code})`);
};

describe.each(CONNECTORS.map((name): [ConnectorName, Loaded | Error] => [name, load(name)]))('%s samples', (name, loaded) => {
  test('the connector and its schemas load', () => {
    if (loaded instanceof Error) throw loaded;
    expect(loaded.operations.length).toBeGreaterThan(0);
  });
  if (loaded instanceof Error) return;

  const { operations, schemas } = loaded;

  test('schemas names only operations that exist', () => {
    const known = new Set(operations.map((op) => op.path));
    expect(Object.keys(schemas).filter((key) => !known.has(key))).toEqual([]);
  });

  describe.each(operations.map((op): [string, OperationView] => [op.path, op]))('%s', (key, op) => {
    const schema = schemas[key];

    test('has a schema', () => {
      expect(schema ? key : `${key} exports no schema`).toBe(key);
    });

    test('its sample parses against that schema', () => {
      if (!schema) throw new Error(`${key} exports no schema`);
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
      if (!schema) throw new Error(`${key} exports no schema`);
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
