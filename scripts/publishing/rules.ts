/**
 * Zapier's publishing checks, run offline over a connector's app definition.
 *
 * Zapier runs its "integration checks" (https://docs.zapier.com/integrations/publish/integration-checks-reference)
 * on its servers, which the build cannot reach. The D-checks that can be decided from the definition
 * alone are implemented here under Zapier's own id and name; the remaining rules come from Zapier's
 * build guidelines and this project's conventions (CONTRIBUTING.md) and carry a `G-` id. Each rule names the
 * definition paths it examined (its subjects), so a report can say how many passed, and returns one
 * violation per problem, with the path to fix.
 */
import { dynamicLiterals, isPlain, topLevelKey, valuesAt, viewOf, type AppView, type FieldView, type OperationView, type Plain } from '../definition';
import { dateProblem, hasHttpsLink, markdownProblems, namesCredential, titleCaseProblem } from './text';

export interface Violation {
  path: string;
  message: string;
}

export interface Evaluation {
  /** Subjects examined (fields, operations, …). */
  checked: number;
  /** Subjects with at least one violation. */
  failed: number;
  violations: Violation[];
}

export interface Rule {
  id: string;
  title: string;
  check(app: object): Violation[];
  evaluate(app: object): Evaluation;
}

interface Subject {
  path: string;
}

function defineRule<S extends Subject>(
  id: string,
  title: string,
  subjects: (view: AppView) => S[],
  inspect: (subject: S, view: AppView) => Violation[],
): Rule {
  const evaluate = (app: object): Evaluation => {
    const view = viewOf(app);
    const list = subjects(view);
    let failed = 0;
    const violations: Violation[] = [];
    for (const subject of list) {
      const found = inspect(subject, view);
      if (found.length > 0) failed += 1;
      violations.push(...found);
    }
    return { checked: list.length, failed, violations };
  };
  return { id, title, evaluate, check: (app) => evaluate(app).violations };
}

const at = (path: string, message: string): Violation => ({ path, message });

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const isDefinedStep = (value: unknown): boolean => typeof value === 'function' || isPlain(value);

const allInputFields = (view: AppView): Array<FieldView & { operation: OperationView }> =>
  view.operations.flatMap((operation) => operation.inputFields.map((field) => ({ ...field, operation })));

/** Keys Zapier treats as IDs (D004): `id`, `contact_id`, `provider_ids`, `contactId`, `pipelineID`. */
export const isIdKey = (key: string): boolean => /^ids?$/i.test(key) || /_ids?$/i.test(key) || /[a-z0-9](?:Ids?|IDs?)$/.test(key);

/** Verbs an action description may start with (Zapier: "Creates a new …", "Updates …"). */
export const ACTION_VERBS = ['Creates', 'Updates', 'Books', 'Cancels', 'Executes', 'Moves', 'Adds', 'Sends', 'Advances', 'Closes', 'Starts', 'Removes', 'Marks', 'Assigns', 'Reschedules'];

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/**
 * Dropdown-source triggers by naming convention (`customer_list`, `list_services`, `stage_options`);
 * a trigger a dropdown uses whose description is not an event ("Triggers when …") counts too.
 */
const DROPDOWN_SOURCE_KEY = /(?:^list_|_list$|_options$|_choices$|_dropdown$)/;

const BASE_URL_VARS = ['SEREBRO_BASE_URL', 'SERGIO_BASE_URL', 'CERBO_BASE_URL'];

/** Runs `fn` with the sandbox overrides unset, so URLs come out as production builds them. */
function withProductionEnv<T>(fn: () => T): T {
  const saved = BASE_URL_VARS.map((name) => [name, process.env[name]] as const);
  for (const name of BASE_URL_VARS) delete process.env[name];
  try {
    return fn();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** Every `http://` URL written in a value: strings, and string literals inside function source. */
function plainHttpUrls(value: unknown, path: string, skipKeys: Set<string>, seen = new WeakSet<object>()): Violation[] {
  const found: Violation[] = [];
  const scan = (text: string, where: string, what: string) => {
    for (const match of text.matchAll(/\bhttp:\/\/[^\s'"`)<>]+/gi)) {
      if (/^http:\/\/www\.w3\.org\//i.test(match[0])) continue;
      found.push(at(where, `${what} uses "${match[0]}": production URLs must be https`));
    }
  };
  if (typeof value === 'string') scan(value, path, 'string');
  else if (typeof value === 'function') scan(Function.prototype.toString.call(value), path, 'function source');
  else if (typeof value === 'object' && value !== null) {
    if (seen.has(value)) return found;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      if (skipKeys.has(key)) continue;
      found.push(...plainHttpUrls(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, skipKeys, seen));
    }
  }
  return found;
}

function credentialKeys(view: AppView): Set<string> {
  const keys = new Set(['access_token', 'refresh_token', 'api_key', 'apiKey', 'password', 'secret', 'client_secret', 'token']);
  for (const field of view.authFields) {
    if (field.field.type === 'password' || namesCredential(field.key)) keys.add(field.key);
  }
  return keys;
}

const isSecretReference = (name: string, secrets: Set<string>): boolean => secrets.has(name) || namesCredential(name);

// ---------------------------------------------------------------------------------------------
// Zapier integration checks (D-series)
// ---------------------------------------------------------------------------------------------

/** Plain input fields, plus the `key: '…'` literals written inside function input fields. */
const inputFieldKeys = (view: AppView): Array<{ path: string; key: string; label: string; type: unknown }> => [
  ...allInputFields(view).map((field) => ({ path: field.path, key: field.key, label: str(field.field.label) ?? '', type: field.field.type })),
  ...view.operations.flatMap((op) =>
    op.functionInputFields.flatMap((fn) =>
      [...fn.source.matchAll(/\bkey\s*:\s*(['"`])([^'"`]+)\1/g)].map((match) => ({ path: `${fn.path}(function)`, key: match[2], label: '', type: undefined })),
    ),
  ),
];

const d001 = defineRule('D001', 'No credential fields in triggers, actions or searches (ask in auth)', inputFieldKeys, (field) => {
  if (field.type === 'password' || namesCredential(field.key) || namesCredential(field.label)) {
    return [at(field.path, `input field "${field.key}" asks for a credential (${field.label || field.key}); credentials belong in authentication.fields`)];
  }
  return [];
});

const d002 = defineRule(
  'D002',
  'Auth fields have help text with a Markdown link',
  (view) => view.authFields.filter((field) => field.field.computed !== true),
  (field) => {
    const help = str(field.field.helpText);
    if (!help) return [at(field.path, `auth field "${field.key}" has no helpText; link to the page where the user finds it`)];
    if (!hasHttpsLink(help)) return [at(field.path, `helpText of auth field "${field.key}" has no [text](https://…) link to where the user finds it`)];
    return [];
  },
);

const d003 = defineRule(
  'D003',
  'Connection label is set and shows no secret',
  (view) => (view.authentication ? [{ path: 'authentication.connectionLabel', auth: view.authentication }] : []),
  (subject, view) => {
    const label = subject.auth.connectionLabel;
    const secrets = credentialKeys(view);
    if (label === undefined || label === null || label === '') return [at(subject.path, 'authentication has no connectionLabel to tell connected accounts apart')];
    const problems: Violation[] = [];
    const checkTemplate = (text: string, where: string) => {
      for (const match of text.matchAll(/{{\s*([^}]+?)\s*}}/g)) {
        const name = match[1].split('.').pop() ?? '';
        if (isSecretReference(name, secrets)) problems.push(at(where, `connection label shows a secret: {{${match[1]}}}`));
      }
    };
    if (typeof label === 'string') {
      if (!/{{[^}]+}}/.test(label)) problems.push(at(subject.path, `connection label "${label}" is constant; it must identify the account, e.g. {{bundle.inputData.email}}`));
      checkTemplate(label, subject.path);
    } else if (typeof label === 'function') {
      const source = Function.prototype.toString.call(label);
      for (const match of source.matchAll(/authData\s*(?:\.\s*|\[\s*['"`])([A-Za-z0-9_]+)/g)) {
        if (isSecretReference(match[1], secrets)) problems.push(at(subject.path, `connection label function reads bundle.authData.${match[1]}, a secret`));
      }
    } else if (isPlain(label)) {
      checkTemplate(JSON.stringify(label), subject.path);
    } else {
      problems.push(at(subject.path, 'connectionLabel must be a string template, a function or a request'));
    }
    return problems;
  },
);

/**
 * ID fields: plain ones, and those written inside function input fields, where the object literal
 * around the `key:` (from the `{` before it to the `}` after it) is read for a `dynamic:`.
 */
const idFields = (view: AppView): Array<{ path: string; key: string; hasDynamic: boolean }> => [
  ...allInputFields(view)
    .filter((field) => isIdKey(field.key))
    .map((field) => ({ path: field.path, key: field.key, hasDynamic: typeof field.field.dynamic === 'string' && field.field.dynamic !== '' })),
  ...view.operations.flatMap((op) =>
    op.functionInputFields.flatMap((fn) =>
      [...fn.source.matchAll(/\bkey\s*:\s*(['"`])([^'"`]+)\1/g)]
        .filter((match) => isIdKey(match[2]))
        .map((match) => {
          const start = fn.source.lastIndexOf('{', match.index);
          const end = fn.source.indexOf('}', match.index);
          const literal = fn.source.slice(Math.max(start, 0), end < 0 ? undefined : end);
          return { path: `${fn.path}(function)`, key: match[2], hasDynamic: /\bdynamic\s*:/.test(literal) };
        }),
    ),
  ),
];

const d004 = defineRule('D004', 'ID fields have dynamic dropdowns', idFields, (field) =>
  field.hasDynamic ? [] : [at(field.path, `ID field "${field.key}" has no dynamic dropdown (dynamic: 'hidden_trigger.id.name')`)],
);

/** Every `dynamic` reference: on plain fields, and written literally inside function fields. */
const dynamicReferences = (view: AppView): Array<{ path: string; dynamic: unknown }> => [
  ...allInputFields(view)
    .filter((field) => field.field.dynamic !== undefined)
    .map((field) => ({ path: `${field.path}.dynamic`, dynamic: field.field.dynamic })),
  ...view.operations.flatMap((op) =>
    op.functionInputFields.flatMap((fn) => dynamicLiterals(fn.source).map((dynamic) => ({ path: `${fn.path}(function).dynamic`, dynamic }))),
  ),
];

const d005 = defineRule(
  'D005',
  'Dynamic dropdowns point to an existing trigger whose sample has the named fields',
  dynamicReferences,
  (field, view) => {
    const dynamic = field.dynamic;
    const match = typeof dynamic === 'string' ? dynamic.match(/^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+(?:__[A-Za-z0-9_]+)*)(?:\.([A-Za-z0-9_]+(?:__[A-Za-z0-9_]+)*))?$/) : null;
    if (!match) return [at(field.path, `dynamic "${String(dynamic)}" is not of the form trigger_key.id_field[.label_field]`)];
    const [, triggerKey, valueKey, labelKey] = match;
    const trigger = view.find('triggers', triggerKey);
    if (!trigger) return [at(field.path, `dynamic "${dynamic as string}" points to trigger "${triggerKey}", which does not exist`)];
    const problems: Violation[] = [];
    if (isPlain(trigger.sample)) {
      for (const key of [valueKey, labelKey].filter((k): k is string => Boolean(k))) {
        if (!valuesAt(trigger.sample, key).present) problems.push(at(field.path, `dynamic "${dynamic as string}" names "${key}", which the sample of ${trigger.path} does not have`));
      }
    }
    return problems;
  },
);

const hookTriggers = (view: AppView) => view.operations.filter((op) => op.kind === 'triggers' && op.operation.type === 'hook');

const d006 = defineRule('D006', 'REST hook triggers have a polling fallback (performList)', hookTriggers, (trigger) =>
  isDefinedStep(trigger.operation.performList) ? [] : [at(`${trigger.path}.operation.performList`, 'REST hook trigger has no performList, so testing it in the Zap editor waits for a live event')],
);

const d007 = defineRule(
  'D007',
  'All URLs are HTTPS (production, with *_BASE_URL unset)',
  (view) => [
    ...(view.authentication ? [{ path: 'authentication', value: view.authentication as unknown }] : []),
    ...view.operations.map((op) => ({ path: op.path, value: op.definition as unknown })),
    {
      path: 'app',
      value: Object.fromEntries(Object.entries(view.app).filter(([key]) => !['authentication', 'triggers', 'creates', 'searches'].includes(key))) as unknown,
    },
  ],
  (subject) => {
    const problems = plainHttpUrls(subject.value, subject.path, new Set(['sample']));
    const oauth = isPlain(subject.value) && isPlain(subject.value.oauth2Config) ? subject.value.oauth2Config : undefined;
    if (subject.path === 'authentication' && oauth && typeof oauth.authorizeUrl === 'function') {
      const build = oauth.authorizeUrl as (z: unknown, bundle: unknown) => unknown;
      const bundle = { inputData: { state: 'state', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App0CLIAPI/' }, authData: {}, meta: {} };
      let url: unknown;
      try {
        url = withProductionEnv(() => build({}, bundle));
      } catch {
        url = undefined; // needs a live z object: its literals were still scanned above
      }
      if (typeof url === 'string' && !url.startsWith('https://')) problems.push(at('authentication.oauth2Config.authorizeUrl', `authorizeUrl builds "${url}" in production: it must be https`));
    }
    return problems;
  },
);

const d008 = defineRule(
  'D008',
  'Markdown links in help text and descriptions are valid https links',
  (view) => {
    const texts: Array<{ path: string; text: string }> = [];
    for (const op of view.operations) {
      const description = str(op.display.description);
      if (description) texts.push({ path: `${op.path}.display.description`, text: description });
      for (const field of op.inputFields) {
        const help = str(field.field.helpText);
        if (help) texts.push({ path: `${field.path}.helpText`, text: help });
      }
    }
    for (const field of view.authFields) {
      const help = str(field.field.helpText);
      if (help) texts.push({ path: `${field.path}.helpText`, text: help });
    }
    return texts;
  },
  (subject) => markdownProblems(subject.text).map((problem) => at(subject.path, problem)),
);

const d009 = defineRule(
  'D009',
  'Searches have at least one search field',
  (view) => view.operations.filter((op) => op.kind === 'searches'),
  (search) =>
    search.inputFields.some((field) => field.field.type !== 'copy' && field.field.computed !== true)
      ? []
      : [at(`${search.path}.operation.inputFields`, 'search has no static input field to search by')],
);

const d010 = defineRule(
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

const d011 = defineRule(
  'D011',
  'Help text is not a copy of the label',
  (view) => [...allInputFields(view), ...view.authFields].filter((field) => str(field.field.helpText) && str(field.field.label)),
  (field) => {
    const normal = (text: string) => text.trim().toLowerCase().replace(/[.\s]+$/, '');
    return normal(field.field.helpText as string) === normal(field.field.label as string)
      ? [at(`${field.path}.helpText`, `helpText of "${field.key}" only repeats its label`)]
      : [];
  },
);

const d012 = defineRule('D012', 'Every trigger, create and search (hidden too) has a static sample', (view) => view.operations, (op) => {
  if (!isPlain(op.sample)) return [at(`${op.path}.operation.sample`, 'no static sample object (an array or a function does not count)')];
  if (Object.keys(op.sample).length === 0) return [at(`${op.path}.operation.sample`, 'static sample is empty')];
  return [];
});

const fieldsWithSearch = (view: AppView) => allInputFields(view).filter((field) => field.field.search !== undefined);

const d013 = defineRule('D013', 'Search-powered fields point to an existing search', fieldsWithSearch, (field, view) => {
  const target = field.field.search;
  const match = typeof target === 'string' ? target.match(/^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/) : null;
  if (!match) return [at(`${field.path}.search`, `search "${String(target)}" is not of the form search_key.id_field`)];
  const search = view.find('searches', match[1]);
  if (!search) return [at(`${field.path}.search`, `search "${target as string}" points to search "${match[1]}", which does not exist`)];
  if (isPlain(search.sample) && !valuesAt(search.sample, match[2]).present) {
    return [at(`${field.path}.search`, `search "${target as string}" names "${match[2]}", which the sample of ${search.path} does not have`)];
  }
  return [];
});

const d014 = defineRule('D014', 'Search-powered fields also have a dynamic dropdown', fieldsWithSearch, (field) =>
  typeof field.field.dynamic === 'string' ? [] : [at(field.path, `field "${field.key}" has a search connector but no dynamic dropdown`)],
);

const d015 = defineRule(
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

const d017 = defineRule('D017', 'REST hook triggers subscribe and unsubscribe (no static webhooks; covers D016)', hookTriggers, (trigger) => {
  const problems: Violation[] = [];
  for (const step of ['performSubscribe', 'performUnsubscribe', 'perform']) {
    if (!isDefinedStep(trigger.operation[step])) problems.push(at(`${trigger.path}.operation.${step}`, `REST hook trigger has no ${step}`));
  }
  return problems;
});

const d018 = defineRule(
  'D018',
  'Labels are Title Case',
  (view) => view.operations.filter((op) => typeof op.display.label === 'string'),
  (op) => {
    const suggestion = titleCaseProblem(op.display.label as string);
    return suggestion ? [at(`${op.path}.display.label`, `label "${op.display.label as string}" is not Title Case: "${suggestion}"`)] : [];
  },
);

const d021 = defineRule(
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

const d022 = defineRule(
  'D022',
  'Creates have static input fields',
  (view) => view.operations.filter((op) => op.kind === 'creates'),
  (op) => (op.inputFields.length > 0 ? [] : [at(`${op.path}.operation.inputFields`, 'create has no static input field, so Zap templates cannot prefill it')]),
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

const d023 = defineRule(
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

const d024 = defineRule(
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

// ---------------------------------------------------------------------------------------------
// Build guidelines (no D-number of their own in Zapier's reference)
// ---------------------------------------------------------------------------------------------

const actionDescriptions = defineRule(
  'G-ACTION-DESCRIPTION',
  'Action descriptions start with a verb ("Creates", "Updates", …; searches "Finds") and end with a period',
  (view) => view.operations.filter((op) => op.kind !== 'triggers' && !op.hidden),
  (op) => {
    const description = str(op.display.description) ?? '';
    const verbs = op.kind === 'searches' ? ['Finds'] : ACTION_VERBS;
    return verbs.some((verb) => description.startsWith(`${verb} `)) && description.trim().endsWith('.')
      ? []
      : [at(`${op.path}.display.description`, `"${description}" must start with ${verbs.map((v) => `"${v}"`).join('/')} and end with "."`)];
  },
);

const snakeCaseKeys = defineRule(
  'G-SNAKE-CASE-KEYS',
  'Trigger, action, search and search-or-create keys are snake_case and match their property names',
  (view) => [
    ...view.operations.map((op) => ({ path: op.path, key: op.key, declared: op.definition.key })),
    ...view.searchOrCreates.map((entry) => ({ path: entry.path, key: entry.key, declared: entry.definition.key })),
  ],
  (subject) => {
    const problems: Violation[] = [];
    if (!SNAKE_CASE.test(subject.key)) problems.push(at(subject.path, `key "${subject.key}" is not snake_case`));
    if (subject.declared !== subject.key) problems.push(at(`${subject.path}.key`, `key "${String(subject.declared)}" differs from its property name "${subject.key}"`));
    return problems;
  },
);

const displayPresent = defineRule(
  'G-DISPLAY',
  'Every operation has a noun, a label and a description',
  (view) => view.operations,
  (op) => {
    const problems: Violation[] = [];
    const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';
    if (!nonEmpty(op.definition.noun)) problems.push(at(`${op.path}.noun`, 'noun is empty'));
    if (!nonEmpty(op.display.label)) problems.push(at(`${op.path}.display.label`, 'label is empty'));
    if (!nonEmpty(op.display.description)) problems.push(at(`${op.path}.display.description`, 'description is empty'));
    return problems;
  },
);

const semver = defineRule(
  'G-SEMVER',
  'version and platformVersion are semantic versions',
  () => [{ path: 'version' }, { path: 'platformVersion' }],
  (subject, view) => {
    const value = view.app[subject.path];
    return typeof value === 'string' && SEMVER.test(value) ? [] : [at(subject.path, `${subject.path} "${String(value)}" is not x.y.z`)];
  },
);

const hiddenTriggers = defineRule(
  'G-HIDDEN-TRIGGERS',
  'Dropdown-source triggers are hidden, and hidden triggers feed a dropdown',
  (view) => view.operations.filter((op) => op.kind === 'triggers'),
  (trigger, view) => {
    const feeds = dynamicReferences(view).some((ref) => typeof ref.dynamic === 'string' && ref.dynamic.startsWith(`${trigger.key}.`));
    if (trigger.hidden && !feeds) return [at(`${trigger.path}.display.hidden`, 'hidden trigger is not used by any dynamic dropdown')];
    const listsOnly = DROPDOWN_SOURCE_KEY.test(trigger.key) || (feeds && !(str(trigger.display.description) ?? '').startsWith('Triggers when'));
    if (!trigger.hidden && listsOnly) return [at(`${trigger.path}.display.hidden`, `"${trigger.key}" only feeds dropdowns: set display.hidden: true`)];
    return [];
  },
);

export const RULES: readonly Rule[] = [
  d001,
  d002,
  d003,
  d004,
  d005,
  d006,
  d007,
  d008,
  d009,
  d010,
  d011,
  d012,
  d013,
  d014,
  d015,
  d017,
  d018,
  d021,
  d022,
  d023,
  d024,
  actionDescriptions,
  snakeCaseKeys,
  displayPresent,
  semver,
  hiddenTriggers,
];

/** D-checks in Zapier's reference that no rule above decides, and why. */
export const NOT_CHECKED: ReadonlyArray<{ id: string; title: string; reason: string }> = [
  { id: 'D016', title: 'Consists only of a static webhook', reason: 'implied by D017: no trigger may be a static webhook' },
  { id: 'D019', title: 'Too few important triggers/searches/actions', reason: 'Zapier publishes no threshold' },
  { id: 'D020', title: 'Too many important triggers/searches/actions', reason: 'Zapier publishes no threshold' },
  { id: 'D025', title: '(not in the published reference found)', reason: 'no definition found in Zapier\'s integration-checks reference' },
  { id: 'D026', title: '(not in the published reference found)', reason: 'no definition found in Zapier\'s integration-checks reference' },
];

export interface RuleReport {
  rule: Rule;
  evaluation: Evaluation;
}

export const runRules = (app: object, rules: readonly Rule[] = RULES): RuleReport[] => rules.map((rule) => ({ rule, evaluation: rule.evaluate(app) }));

export function formatViolations(name: string, reports: RuleReport[]): string {
  const lines = reports.flatMap(({ rule, evaluation }) => evaluation.violations.map((v) => `  [${rule.id}] ${v.path}: ${v.message}`));
  return lines.length === 0 ? `${name}: no violations` : `${name}: ${lines.length} violation(s)\n${lines.join('\n')}`;
}

export function formatTable(name: string, reports: RuleReport[]): string {
  const rows = reports.map(({ rule, evaluation }) => [
    rule.id,
    rule.title,
    String(evaluation.checked),
    String(evaluation.checked - evaluation.failed),
    String(evaluation.failed),
    evaluation.checked === 0 ? 'n/a' : evaluation.failed === 0 ? 'PASS' : 'FAIL',
  ]);
  const header = ['Rule', 'Title', 'Checked', 'Pass', 'Fail', 'Result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ');
  const separator = widths.map((width) => '-'.repeat(width)).join('-+-');
  const notChecked = NOT_CHECKED.map((item) => `  ${item.id} ${item.title}: not checked (${item.reason})`);
  return [`Publishing checks: ${name}`, line(header), separator, ...rows.map(line), 'Not decided statically:', ...notChecked].join('\n');
}
