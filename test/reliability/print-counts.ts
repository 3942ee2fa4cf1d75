/**
 * Prints the reliability suite's counts from its last run (`npx tsx test/reliability/print-counts.ts`),
 * from the parts each test file wrote, and rewrites test-output/reliability.json from them.
 * With `--findings` it also lists every finding (known defects, fixed ones and guarantees per create).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTotals, OUTPUT_DIR, readParts, TOTALS_FILE } from './counts';
import type { Finding } from './known-defects';

const { parts, totals } = readParts();
if (parts.length === 0) {
  process.stderr.write('No reliability counts yet: run `npx jest test/reliability` first.\n');
  process.exit(1);
}
writeFileSync(TOTALS_FILE, `${JSON.stringify({ parts, ...totals }, null, 2)}\n`);
process.stdout.write(`${formatTotals(totals, parts)}\n`);

if (process.argv.includes('--findings')) {
  const dir = join(OUTPUT_DIR, 'reliability-findings');
  for (const file of readdirSync(dir).sort()) {
    const findings = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Finding[];
    for (const finding of findings) {
      process.stdout.write(`${finding.where} | ${finding.problem}${finding.example ? ` | ${finding.example}` : ''}\n`);
    }
  }
}
