/**
 * Inputs for an operation no hand-written case covers, derived as a user filling the step would: each
 * required field takes its default, its first choice, the first item its dropdown lists, or the
 * value the operation's own sample shows for it. Optional fields stay empty, unless `optional` asks
 * for them too (a search or update needs at least one of several optional fields): then those with
 * a default, choices or a value in the sample are filled as well, never from a dropdown.
 */
import type { ActionDefinition, FieldDefinition } from '../../scripts/definition';

/** The first item of a dynamic dropdown (`trigger_key.id_field.label_field`), given the inputs so far. */
export type Pick = (dynamic: string, inputData: Record<string, unknown>) => Promise<unknown>;

export type Derived = { ok: true; inputData: Record<string, unknown> } | { ok: false; why: string };

/** Numbers and booleans go as text, as a Zap (and the CLI's --inputData) sends them. */
const asInput = (value: unknown): unknown => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

function firstChoice(choices: unknown): unknown {
  if (Array.isArray(choices)) {
    const [first] = choices as unknown[];
    return typeof first === 'object' && first !== null ? (first as { value?: unknown }).value : first;
  }
  if (typeof choices === 'object' && choices !== null) return Object.keys(choices)[0];
  return undefined;
}

async function valueFor(field: FieldDefinition, sample: Record<string, unknown>, inputData: Record<string, unknown>, pick: Pick): Promise<unknown> {
  if (field.default !== undefined) return field.default;
  const choice = firstChoice(field.choices);
  if (choice !== undefined) return choice;
  if (field.dynamic) return pick(field.dynamic, inputData);
  const shown = sample[field.key];
  return typeof shown === 'string' || typeof shown === 'number' || typeof shown === 'boolean' ? shown : undefined;
}

export async function genericInputs(operation: ActionDefinition, pick: Pick, { optional = false } = {}): Promise<Derived> {
  const inputData: Record<string, unknown> = {};
  const sample = operation.operation.sample ?? {};
  const underived: string[] = [];
  for (const field of operation.operation.inputFields ?? []) {
    if (typeof field === 'function' || (!field.required && (!optional || field.dynamic))) continue;
    const value = await valueFor(field, sample, inputData, pick);
    if (value === undefined || value === '') {
      if (field.required) underived.push(field.key);
      continue;
    }
    inputData[field.key] = field.list && !Array.isArray(value) ? [asInput(value)] : asInput(value);
  }
  if (underived.length > 0) {
    return { ok: false, why: `no value for its required ${underived.map((key) => `\`${key}\``).join(', ')} (no default, choices or dropdown, and none in its sample)` };
  }
  return { ok: true, inputData };
}
