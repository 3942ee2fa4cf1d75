/**
 * Zapier's integration checks (https://docs.zapier.com/integrations/publish/integration-checks-reference)
 * about the triggers, actions and searches themselves: REST-hook triggers with every step (D006, D017),
 * static samples with an id (D010, D012) whose dates carry a zone (D023) and which match their output
 * fields (D024), search-or-creates that join a real search and create (D015), Title Case labels (D018)
 * and trigger descriptions that start "Triggers when" (D021). Zapier runs its checks on its servers,
 * which the build cannot reach; these decide them from the definition alone, under Zapier's own ids
 * and names.
 */
import { isPlain, topLevelKey, valuesAt, type AppView, type Plain } from '../../definition';
import { dateProblem, titleCaseProblem } from '../text';
import { at, defineRule, str, type Violation } from '../rule';

const isDefinedStep = (value: unknown): boolean => typeof value === 'function' || isPlain(value);

const hookTriggers = (view: AppView) => view.operations.filter((op) => op.kind === 'triggers' && op.operation.type === 'hook');

export const d006 = defineRule('D006', 'REST hook triggers have a polling fallback (performList)', hookTriggers, (trigger) =>
  isDefinedStep(trigger.operation.performList) ? [] : [at(`${trigger.path}.operation.performList`, 'REST hook trigger has no performList, so testing it in the Zap editor waits for a live event')],
);

export const d010 = defineRule(
  'D010',
  'Static sample has an "id" (or its primary output fields)',
  (view) => view.operations.filter((op) => isPlain(op.sample)),
  (op) => {
    const sample = op.sample as Plain;
    const id = sample.id;
    if ((typeof id === 'string' && id !== '') || typeof id === 'number') return [];
    const primary = (op.outputFields ?? []).filter((field) => field.field.primary === true);
    if (primary.length > 0 && primary.every((field) => valuesAt(sample, field.key).values.some((value) => value !== null && value !== undefined && value !== ''))) return [];
    return [at(`${op.path}.operation.sample`, primary.length > 0 ? `sample lacks its primary key(s) ${primary.map((f) => f.key).join(', ')}` : 'sample has no "id"')];
  },
);

export const d012 = defineRule('D012', 'Every trigger, create and search (hidden too) has a static sample', (view) => view.operations, (op) => {
  if (!isPlain(op.sample)) return [at(`${op.path}.operation.sample`, 'no static sample object (an array or a function does not count)')];
  if (Object.keys(op.sample).length === 0) return [at(`${op.path}.operation.sample`, 'static sample is empty')];
  return [];
});

export const d015 = defineRule(
  'D015',
  'Search-or-creates connect a real search and create (key = the search key)',
  (view) => view.searchOrCreates,
  (entry, view) => {
    const problems: Violation[] = [];
    const search = str(entry.definition.search);
    const create = str(entry.definition.create);
    if (!search || !view.find('searches', search)) problems.push(at(`${entry.path}.search`, `search "${String(entry.definition.search)}" does not exist`));
    if (!create || !view.find('creates', create)) problems.push(at(`${entry.path}.create`, `create "${String(entry.definition.create)}" does not exist`));
    const update = entry.definition.update;
    if (update !== undefined && !(typeof update === 'string' && view.find('creates', update))) problems.push(at(`${entry.path}.update`, `update "${String(update)}" does not exist`));
    if (search && entry.key !== search) problems.push(at(entry.path, `searchOrCreate key "${entry.key}" must equal its search key "${search}"`));
    if (entry.definition.key !== entry.key) problems.push(at(`${entry.path}.key`, `key "${String(entry.definition.key)}" differs from its property name "${entry.key}"`));
    return problems;
  },
);

export const d017 = defineRule('D017', 'REST hook triggers subscribe and unsubscribe (no static webhooks; covers D016)', hookTriggers, (trigger) => {
  const problems: Violation[] = [];
  for (const step of ['performSubscribe', 'performUnsubscribe', 'perform']) {
    if (!isDefinedStep(trigger.operation[step])) problems.push(at(`${trigger.path}.operation.${step}`, `REST hook trigger has no ${step}`));
  }
  return problems;
});

export const d018 = defineRule(
  'D018',
  'Labels are Title Case',
  (view) => view.operations.filter((op) => typeof op.display.label === 'string'),
  (op) => {
    const suggestion = titleCaseProblem(op.display.label as string);
    return suggestion ? [at(`${op.path}.display.label`, `label "${op.display.label as string}" is not Title Case: "${suggestion}"`)] : [];
  },
);

export const d021 = defineRule(
  'D021',
  'Trigger descriptions start "Triggers when" and end with a period',
  (view) => view.operations.filter((op) => op.kind === 'triggers' && !op.hidden),
  (op) => {
    const description = str(op.display.description) ?? '';
    return description.startsWith('Triggers when ') && description.trim().endsWith('.')
      ? []
      : [at(`${op.path}.display.description`, `"${description}" must start with "Triggers when " and end with "."`)];
  },
);

function datesIn(value: unknown, path: string, key: string, out: Violation[]): void {
  if (typeof value === 'string') {
    const problem = dateProblem(value);
    if (problem) out.push(at(path, problem));
  } else if (typeof value === 'number' && value > 1e9 && /(?:_at|At|date|Date|time|Time)$/.test(key)) {
    out.push(at(path, `${value} looks like an epoch timestamp: use ISO-8601 with a zone`));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => datesIn(item, `${path}[${index}]`, key, out));
  } else if (isPlain(value)) {
    for (const [childKey, child] of Object.entries(value)) datesIn(child, `${path}.${childKey}`, childKey, out);
  }
}

export const d023 = defineRule(
  'D023',
  'Dates in static samples are ISO-8601 with a time zone',
  (view) => view.operations.filter((op) => op.sample !== undefined),
  (op) => {
    const out: Violation[] = [];
    datesIn(op.sample, `${op.path}.operation.sample`, '', out);
    return out;
  },
);

function typeMismatch(type: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (type) {
    case 'integer':
      return !Number.isInteger(value);
    case 'number':
      return typeof value !== 'number';
    case 'boolean':
      return typeof value !== 'boolean';
    case 'datetime':
      return typeof value !== 'string' || dateProblem(value) !== null;
    case 'string':
    case 'text':
    case 'file':
    case 'password':
    case 'copy':
      return typeof value !== 'string';
    default:
      return false;
  }
}

export const d024 = defineRule(
  'D024',
  'Static sample matches its output fields (each key described, required present, types)',
  (view) => view.operations.filter((op) => isPlain(op.sample)),
  (op) => {
    const sample = op.sample as Plain;
    const fields = op.outputFields ?? [];
    const where = `${op.path}.operation`;
    if (fields.length === 0) return [at(`${where}.outputFields`, 'no static outputFields to label the sample (derive them with outputFieldsFrom)')];
    const problems: Violation[] = [];
    const described = new Set(fields.map((field) => topLevelKey(field.key)));
    for (const key of Object.keys(sample)) {
      if (!described.has(key)) problems.push(at(`${where}.sample.${key}`, `sample key "${key}" has no output field`));
    }
    for (const field of fields) {
      const found = valuesAt(sample, field.key);
      if (!found.present) {
        if (field.field.required === true) problems.push(at(`${where}.sample`, `required output field "${field.key}" is missing from the sample`));
        continue;
      }
      const type = str(field.field.type);
      if (!type) continue;
      for (const value of found.values) {
        const items = field.field.list === true && Array.isArray(value) ? value : [value];
        if (field.field.list === true && !Array.isArray(value) && value !== null) problems.push(at(`${where}.sample.${field.key}`, `output field "${field.key}" is a list but the sample has ${JSON.stringify(value)}`));
        else if (items.some((item) => typeMismatch(type, item))) problems.push(at(`${where}.sample.${field.key}`, `sample value ${JSON.stringify(value)} is not of output field type "${type}"`));
      }
    }
    return problems;
  },
);
