/**
 * Zapier's integration checks (https://docs.zapier.com/integrations/publish/integration-checks-reference)
 * about the input fields of a step and the text beside them: ID fields with dynamic dropdowns (D004)
 * that point at a real trigger (D005), valid Markdown links (D008), something to search by (D009), help
 * text that says more than the label (D011), search-powered fields that point at a real search and
 * have a dropdown too (D013, D014), creates with static fields (D022). Zapier runs its checks on its
 * servers, which the build cannot reach; these decide them from the definition alone, under Zapier's
 * own ids and names.
 */
import { isPlain, valuesAt, type AppView } from '../../definition';
import { markdownProblems } from '../text';
import { allInputFields, at, defineRule, dynamicReferences, str, type Violation } from '../rule';

/** Keys Zapier treats as IDs (D004): `id`, `contact_id`, `provider_ids`, `contactId`, `pipelineID`. */
export const isIdKey = (key: string): boolean => /^ids?$/i.test(key) || /_ids?$/i.test(key) || /[a-z0-9](?:Ids?|IDs?)$/.test(key);

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

export const d004 = defineRule('D004', 'ID fields have dynamic dropdowns', idFields, (field) =>
  field.hasDynamic ? [] : [at(field.path, `ID field "${field.key}" has no dynamic dropdown (dynamic: 'hidden_trigger.id.name')`)],
);

export const d005 = defineRule(
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

export const d008 = defineRule(
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

export const d009 = defineRule(
  'D009',
  'Searches have at least one search field',
  (view) => view.operations.filter((op) => op.kind === 'searches'),
  (search) =>
    search.inputFields.some((field) => field.field.type !== 'copy' && field.field.computed !== true)
      ? []
      : [at(`${search.path}.operation.inputFields`, 'search has no static input field to search by')],
);

export const d011 = defineRule(
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

const fieldsWithSearch = (view: AppView) => allInputFields(view).filter((field) => field.field.search !== undefined);

export const d013 = defineRule('D013', 'Search-powered fields point to an existing search', fieldsWithSearch, (field, view) => {
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

export const d014 = defineRule('D014', 'Search-powered fields also have a dynamic dropdown', fieldsWithSearch, (field) =>
  typeof field.field.dynamic === 'string' ? [] : [at(field.path, `field "${field.key}" has a search connector but no dynamic dropdown`)],
);

export const d022 = defineRule(
  'D022',
  'Creates have static input fields',
  (view) => view.operations.filter((op) => op.kind === 'creates'),
  (op) => (op.inputFields.length > 0 ? [] : [at(`${op.path}.operation.inputFields`, 'create has no static input field, so Zap templates cannot prefill it')]),
);
