import type { core } from 'zod/mini';

/** One output field as Zapier lists it: `key` in Zapier's notation, `primary` on the id. */
export interface OutputField {
  key: string;
  label: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'datetime';
  list?: boolean;
  primary?: boolean;
}

type AnySchema = core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

function scalarType(schema: AnySchema): OutputField['type'] {
  const def = schema._zod.def as { type: string; format?: string };
  switch (def.type) {
    case 'number':
      return def.format === 'safeint' || def.format === 'int32' ? 'integer' : 'number';
    case 'int':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'string':
      return def.format === 'datetime' ? 'datetime' : 'string';
    default:
      return 'string';
  }
}

/** A key in Title Case (`workflowId` → "Workflow ID"); a connector names its service's abbreviations in `labels`. */
export function labelFor(key: string): string {
  const words = key
    .replace(/\[\]/g, ' ')
    .replace(/__/g, ' ')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words
    .map((word) => {
      const lower = word.toLowerCase();
      if (lower === 'id') return 'ID';
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}

/**
 * Zapier output fields from a resource's zod schema, so that the fields a Zap editor shows
 * cannot drift from the shape the connector returns. Nested objects use Zapier's `parent__child`
 * keys; lists of objects use `parent[]child`.
 */
export function outputFieldsFrom(schema: AnySchema, labels: Record<string, string> = {}): OutputField[] {
  const fields: OutputField[] = [];
  const visit = (node: AnySchema, prefix: string, inList: boolean) => {
    const inner = unwrap(node);
    const def = inner._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };
    if (def.type === 'object' && def.shape) {
      for (const [key, child] of Object.entries(def.shape)) {
        visit(child, prefix ? `${prefix}${inList ? '' : '__'}${key}` : key, false);
      }
      return;
    }
    if (def.type === 'array' && def.element) {
      const element = unwrap(def.element);
      if ((element._zod.def as { type: string }).type === 'object') {
        visit(element, `${prefix}[]`, true);
      } else {
        fields.push({ key: prefix, label: labels[prefix] ?? labelFor(prefix), type: scalarType(element), list: true });
      }
      return;
    }
    const field: OutputField = { key: prefix, label: labels[prefix] ?? labelFor(prefix), type: scalarType(inner) };
    if (prefix === 'id') field.primary = true;
    fields.push(field);
  };
  visit(schema, '', false);
  return fields;
}

/**
 * Output fields behind one function: core deep-copies and freezes the whole definition on every call, and
 * output fields are half of it, yet only the Zap editor reads them (it calls the function). Tools that read
 * the definition (docs, publishing checks) find the plain list on the function's `fields`.
 */
export function outputFieldsOnRequest(entries: unknown[]): unknown[] {
  const plain = entries.filter((entry) => typeof entry !== 'function');
  if (plain.length === 0) return entries;
  const listed = Object.assign(() => plain, { fields: plain });
  return [listed, ...entries.filter((entry) => typeof entry === 'function')];
}

/**
 * The plain fields an entry of `outputFields` stands for: itself, or the list behind `outputFieldsOnRequest`
 * (a function that computes fields, guarded or not, stands for itself).
 */
export function plainFieldsOf(entry: unknown): unknown[] {
  if (typeof entry !== 'function') return [entry];
  return 'fields' in entry && Array.isArray(entry.fields) ? entry.fields : [entry];
}
