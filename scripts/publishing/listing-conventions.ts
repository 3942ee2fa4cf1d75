/**
 * Listing conventions to which Zapier's integration-checks reference gives no id: from Zapier's build
 * guides, and this repository's own. Actions and searches are described as D021 asks of triggers: one
 * sentence that starts with what the step does ("Creates …", "Updates …"; a search "Finds …") and ends
 * with a period (G-ACTION-DESCRIPTION). A trigger that only powers a dynamic dropdown is hidden, as
 * Zapier's guide to triggers advises (https://docs.zapier.com/platform/build/polling-trigger), and a
 * hidden trigger feeds a dropdown, or nothing uses it (G-HIDDEN-TRIGGERS). Keys are never shown to
 * users: Zapier asks only that each is unique and equal to its property name (the matching-keys check
 * of its schema); snake_case is this repository's convention (CONTRIBUTING.md), so that keys read alike in all three
 * connectors (`contact_created`, `find_customer`) (G-SNAKE-CASE-KEYS).
 */
import { at, defineRule, dynamicReferences, str, type Violation } from './rule';

/** Verbs an action description may start with (Zapier: "Creates a new …", "Updates …"). */
const ACTION_VERBS = ['Creates', 'Updates', 'Books', 'Cancels', 'Executes', 'Moves', 'Adds', 'Sends', 'Advances', 'Closes', 'Starts', 'Removes', 'Marks', 'Assigns', 'Reschedules'];

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/**
 * Dropdown-source triggers by naming convention (`customer_list`, `list_services`, `stage_options`);
 * a trigger a dropdown uses whose description is not an event ("Triggers when …") counts too.
 */
const DROPDOWN_SOURCE_KEY = /(?:^list_|_list$|_options$|_choices$|_dropdown$)/;

export const actionDescriptions = defineRule(
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

export const snakeCaseKeys = defineRule(
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

export const hiddenTriggers = defineRule(
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
