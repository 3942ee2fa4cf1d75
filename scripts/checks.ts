/**
 * Prints, per connector, the table of Zapier publishing rules checked (rule id, title, subjects
 * checked, passed, failed) and every violation with its definition path. Exits 1 on a violation.
 *
 *   npx tsx scripts/checks.ts [serebro|sergio|cerbo ...]
 */
import { CONNECTOR_NAMES, loadConnector, type ConnectorName } from '../test/publishing/connectors';
import { formatTable, formatViolations, runRules } from '../test/publishing/rules';

const isConnector = (name: string): name is ConnectorName => (CONNECTOR_NAMES as readonly string[]).includes(name);

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isConnector(name));
if (unknown.length > 0) {
  console.error(`Unknown connector(s): ${unknown.join(', ')}. Choose from ${CONNECTOR_NAMES.join(', ')}.`);
  process.exit(2);
}

let failed = false;
for (const name of requested.length > 0 ? requested.filter(isConnector) : CONNECTOR_NAMES) {
  let reports;
  try {
    const connector = loadConnector(name);
    reports = runRules(connector.app);
    const state = connector.placeholder ? ' (placeholder: nothing to publish yet)' : '';
    console.log(`${formatTable(name + state, reports)}\n\n${formatViolations(name, reports)}\n`);
  } catch (error) {
    failed = true;
    console.log(`${name}: the definition failed to load: ${error instanceof Error ? error.message : String(error)}\n`);
    continue;
  }
  if (reports.some((report) => report.evaluation.failed > 0)) failed = true;
}
process.exit(failed ? 1 : 0);
