/**
 * Zapier's publishing checks, run offline over a connector's app definition: every rule, in the order
 * a report lists them, and the report. Zapier runs its "integration checks" on its servers, which the
 * build cannot reach. The rules come from three references, and each file says at its top which:
 * Zapier's integration-checks reference (`integration-checks/`, under Zapier's own D-ids and names),
 * Zapier's app schema (`app-schema.ts`) and the listing conventions (`listing-conventions.ts`); the
 * last two carry a `G-` id.
 */
import { displayPresent, semver } from './app-schema';
import { d001, d002, d003, d007 } from './integration-checks/connection';
import { d004, d005, d008, d009, d011, d013, d014, d022 } from './integration-checks/fields';
import { d006, d010, d012, d015, d017, d018, d021, d023, d024 } from './integration-checks/operations';
import { actionDescriptions, hiddenTriggers, snakeCaseKeys } from './listing-conventions';
import type { Evaluation, Rule } from './rule';

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

/** D-checks in Zapier's reference that no rule in RULES decides, and why. */
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
