import { unguarded } from '../../kit/zapier/guard-app';
import { plainFieldsOf } from '../../kit/schema';
/**
 * A read-only view of a Zapier app definition that trusts nothing about its shape: what checkers (the
 * publishing rules, the samples check) read.
 *
 * Checkers take the object a connector's `index.ts` exports, without trusting its shape: a checker
 * must report a malformed definition, not crash on it. So everything is read as `unknown` and
 * narrowed here once; functions (dynamic input fields, perform functions) are counted but not
 * looked into, because their output cannot be decided without running them.
 */

import { isPlain, OPERATION_KINDS, type OperationKind, type Plain } from './types';

export interface FieldView {
  /** Where the field sits, e.g. `creates.create_job.operation.inputFields[2]`. */
  path: string;
  key: string;
  field: Plain;
}

export interface FunctionFieldView {
  path: string;
  source: string;
}

export interface OperationView {
  kind: OperationKind;
  /** The property name under `triggers`/`creates`/`searches`. */
  key: string;
  /** `triggers.new_contact` */
  path: string;
  definition: Plain;
  display: Plain;
  operation: Plain;
  hidden: boolean;
  /** Plain input fields, line-item children included. */
  inputFields: FieldView[];
  /** Input fields given as functions (resolved at run time): only their source can be read. */
  functionInputFields: FunctionFieldView[];
  /** Plain output fields; `undefined` when the operation has no `outputFields` array at all. */
  outputFields: FieldView[] | undefined;
  sample: unknown;
}

export interface AppView {
  app: Plain;
  operations: OperationView[];
  authentication: Plain | undefined;
  authFields: FieldView[];
  searchOrCreates: Array<{ key: string; path: string; definition: Plain }>;
  find(kind: OperationKind, key: string): OperationView | undefined;
}

function fieldsOf(list: unknown, path: string): { fields: FieldView[]; functions: FunctionFieldView[] } {
  const fields: FieldView[] = [];
  const functions: FunctionFieldView[] = [];
  if (!Array.isArray(list)) return { fields, functions };
  list.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof entry === 'function') {
      functions.push({ path: at, source: Function.prototype.toString.call(unguarded(entry) as typeof entry) });
      return;
    }
    if (!isPlain(entry)) return;
    fields.push({ path: at, key: typeof entry.key === 'string' ? entry.key : '', field: entry });
    if (Array.isArray(entry.children)) {
      const nested = fieldsOf(entry.children, `${at}.children`);
      fields.push(...nested.fields);
      functions.push(...nested.functions);
    }
  });
  return { fields, functions };
}

/** Builds the view the rules read; afresh each time, since a definition may change between checks. */
export function viewOf(app: object): AppView {
  const root: Plain = isPlain(app) ? app : {};
  const operations: OperationView[] = [];
  for (const kind of OPERATION_KINDS) {
    const group = root[kind];
    if (!isPlain(group)) continue;
    for (const [key, definition] of Object.entries(group)) {
      if (!isPlain(definition)) continue;
      const path = `${kind}.${key}`;
      const display = isPlain(definition.display) ? definition.display : {};
      const operation = isPlain(definition.operation) ? definition.operation : {};
      const inputs = fieldsOf(operation.inputFields, `${path}.operation.inputFields`);
      const outputs = Array.isArray(operation.outputFields)
        ? fieldsOf(operation.outputFields.flatMap(plainFieldsOf), `${path}.operation.outputFields`).fields
        : undefined;
      operations.push({
        kind,
        key,
        path,
        definition,
        display,
        operation,
        hidden: display.hidden === true,
        inputFields: inputs.fields,
        functionInputFields: inputs.functions,
        outputFields: outputs,
        sample: operation.sample,
      });
    }
  }
  const authentication = isPlain(root.authentication) ? root.authentication : undefined;
  const authFields = authentication ? fieldsOf(authentication.fields, 'authentication.fields').fields : [];
  const searchOrCreates = isPlain(root.searchOrCreates)
    ? Object.entries(root.searchOrCreates)
        .filter((entry): entry is [string, Plain] => isPlain(entry[1]))
        .map(([key, definition]) => ({ key, path: `searchOrCreates.${key}`, definition }))
    : [];
  return {
    app: root,
    operations,
    authentication,
    authFields,
    searchOrCreates,
    find: (kind, key) => operations.find((op) => op.kind === kind && op.key === key),
  };
}

/** Reads `a__b` / `list[]x` output-field keys against a sample: the values at that path. */
export function valuesAt(sample: unknown, key: string): { present: boolean; values: unknown[] } {
  const listAt = key.indexOf('[]');
  if (listAt >= 0) {
    const head = valuesAt(sample, key.slice(0, listAt));
    const rest = key.slice(listAt + 2);
    if (!head.present) return head;
    const items = head.values.flatMap((value) => (Array.isArray(value) ? value : []));
    if (!rest) return { present: true, values: items };
    const found = items.map((item) => valuesAt(item, rest));
    return { present: found.length === 0 || found.some((f) => f.present), values: found.flatMap((f) => f.values) };
  }
  let current: unknown = sample;
  for (const part of key.split('__')) {
    if (!isPlain(current) || !(part in current)) return { present: false, values: [] };
    current = current[part];
  }
  return { present: true, values: [current] };
}

/** The top-level sample key an output field describes: `address__city` → `address`, `tags[]id` → `tags`. */
export const topLevelKey = (key: string): string => key.split('__')[0].split('[]')[0];

/** `dynamic: 'trigger.id.name'` literals written inside function input fields. */
export const dynamicLiterals = (source: string): string[] =>
  [...source.matchAll(/\bdynamic\s*:\s*(['"`])([^'"`]+)\1/g)].map((match) => match[2]);
