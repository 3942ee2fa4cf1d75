import type { PlainInputField } from 'zapier-platform-core';

/**
 * A node parameter's value as Zapier would hand it to an operation (`bundle.inputData`): an empty value is
 * absent, a list field gives a list, a dict field an object of texts, numbers and booleans stay what they are
 * and everything else is text. The operations read inputs as Zapier gives them; they check the rest.
 */
export function zapierValue(field: PlainInputField, parameter: unknown): unknown {
  const value = unwrapped(parameter);
  if (isEmpty(value) || field.type === 'copy') return undefined;
  if (field.list) return listOf(value);
  if (field.dict) return dictOf(value);
  if (field.type === 'json') return value;
  return scalarOf(value);
}

/** The inputs of a step: the value of each field that has one, by its key. */
export function inputDataOf(fields: PlainInputField[], parameterOf: (key: string) => unknown): Record<string, unknown> {
  const inputData: Record<string, unknown> = {};
  for (const field of fields) {
    const value = zapierValue(field, parameterOf(field.key));
    if (value !== undefined) inputData[field.key] = value;
  }
  return inputData;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The inputs a resource mapper gives (`{mappingMode, value: {<field id>: …}, schema: [{id, type}]}`): each
 * field with a value, by its id, as Zapier would give it; a field its schema types `array` gives a list.
 * The values are not checked here: the operation checks them as on Zapier, naming each field by its label.
 */
export function mappedInputsOf(parameter: unknown): Record<string, unknown> {
  if (!isRecord(parameter) || !isRecord(parameter.value)) return {};
  const schema = Array.isArray(parameter.schema) ? parameter.schema.filter(isRecord) : [];
  const inputs: Record<string, unknown> = {};
  for (const [key, mapped] of Object.entries(parameter.value)) {
    const list = schema.some((field) => field.id === key && field.type === 'array');
    const value = zapierValue({ key, ...(list ? { list } : {}) }, mapped);
    if (value !== undefined) inputs[key] = value;
  }
  return inputs;
}

/** A value chosen in a resource locator (`{__rl: true, mode, value}`) is its value. */
function unwrapped(value: unknown): unknown {
  return isRecord(value) && value.__rl === true ? value.value : value;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmpty);
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

/** A number or boolean as it is; a date (a Luxon DateTime from an expression) as its ISO text; anything else as text. */
function scalarOf(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value) && typeof value.toISO === 'function') return String((value.toISO as () => unknown)());
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A JSON list written as text (`["Yoga", "Nutrition"]`, what n8n's editor takes for a list in a resource mapper), or undefined. */
function jsonList(text: string): unknown[] | undefined {
  if (!text.trim().startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A list field's value: a list as it is (without empty entries), a JSON list written as text, a text split at
 * its commas (how n8n's own nodes take several values in one text field), rows of a collection (`{values:
 * [{value}]}`) by their values.
 */
function listOf(value: unknown): unknown[] | undefined {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = jsonList(value) ?? value.split(',');
  else if (isRecord(value) && Object.values(value).length === 1 && Array.isArray(Object.values(value)[0])) {
    items = (Object.values(value)[0] as unknown[]).map((row) => (isRecord(row) && 'value' in row ? row.value : row));
  } else items = [value];
  const list = items.map(unwrapped).filter((item) => !isEmpty(item)).map((item) => (typeof item === 'string' ? item.trim() : scalarOf(item)));
  return list.length ? list : undefined;
}

/**
 * A dict field's value: an object of texts. n8n gives one as rows of a collection (`{pairs: [{key, value}]}`,
 * `name` for `key` too), as an object, or as JSON text of one. Anything else is handed on as it is, for the
 * operation to refuse by the field's name.
 */
function dictOf(value: unknown): unknown {
  let pairs: Record<string, unknown> | undefined;
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (isRecord(parsed)) pairs = parsed;
    } catch {
      return value;
    }
  } else if (isRecord(value)) {
    const rows = Object.values(value);
    const isRows = rows.length === 1 && Array.isArray(rows[0]) && (rows[0] as unknown[]).every((row) => isRecord(row) && ('key' in row || 'name' in row));
    pairs = isRows
      ? Object.fromEntries((rows[0] as Array<Record<string, unknown>>).map((row) => [String(row.key ?? row.name ?? '').trim(), row.value]))
      : value;
  }
  if (!pairs) return value;
  const dict: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(pairs)) {
    if (key.trim() === '') continue;
    dict[key.trim()] = item === undefined || item === null ? item : scalarOf(unwrapped(item));
  }
  return Object.keys(dict).length ? dict : undefined;
}
