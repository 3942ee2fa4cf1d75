/**
 * Prints, per connector, the table of Zapier publishing rules checked (rule id, title, subjects
 * checked, passed, failed) and every violation with its definition path. Exits 1 on a violation.
 *
 *   npx tsx scripts/checks.ts [serebro|sergio|cerbo ...]
 */
import { CONNECTORS, isConnectorName } from './connectors';
import { loadProductionApp } from './definition';
import { formatTable, formatViolations, runRules } from './publishing/rules';

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isConnectorName(name));
if (unknown.length > 0) {
  console.error(`Unknown connector(s): ${unknown.join(', ')}. Choose from ${CONNECTORS.join(', ')}.`);
  process.exit(2);
}

let failed = false;
for (const name of requested.length > 0 ? requested.filter(isConnectorName) : CONNECTORS) {
  let reports;
  try {
    reports = runRules(loadProductionApp(name));
    console.log(`${formatTable(name, reports)}\n\n${formatViolations(name, reports)}\n`);
  } catch (error) {
    failed = true;
    console.log(`${name}: the definition failed to load: ${error instanceof Error ? error.message : String(error)}\n`);
    continue;
  }
  if (reports.some((report) => report.evaluation.failed > 0)) failed = true;
}
process.exit(failed ? 1 : 0);
