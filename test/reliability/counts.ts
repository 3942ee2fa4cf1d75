/**
 * Counts of the reliability suite. Jest runs each test file in its own module registry (often in
 * another worker), so each file writes its own part to test-output/reliability/<part>.json; after
 * every file the parts are summed into test-output/reliability.json and the totals printed.
 * `npx tsx test/reliability/print-counts.ts` prints the same totals again.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OUTPUT_DIR = join(__dirname, '..', '..', 'test-output');
export const PARTS_DIR = join(OUTPUT_DIR, 'reliability');
export const TOTALS_FILE = join(OUTPUT_DIR, 'reliability.json');

export interface Counts {
  /** Property-based cases run (one random input set through one create or search). */
  inputsTried: number;
  /** Of those, how many sent a request and how many were refused before any request. */
  inputsSent: number;
  inputsRefused: number;
  /** Faults the sandbox injected (its own counter, read after each scenario). */
  faultsInjected: number;
  /** Fault scenarios run end to end. */
  faultScenarios: number;
  /** Webhook deliveries sent to a trigger that should refuse or dedupe them. */
  deliveriesAttacked: number;
  /** Creates retried after an unknown outcome. */
  retriesChecked: number;
  /** Log lines scanned for secrets and patient data. */
  logLinesScanned: number;
  /** Odd 2xx answers (empty, 204, null, wrong-shape JSON, HTML) given to an operation. */
  oddAnswers: number;
  /** Redirects (to another origin or the same one) given to an operation. */
  redirects: number;
  /** Error messages a user would see, checked for credentials, secrets, core's dump and Cerbo input. */
  messagesChecked: number;
  /** Final outcome of each case, by Zapier error type (`ok` when it succeeded). */
  outcomes: Record<string, number>;
  /** Per connector and operation: cases run. */
  perOperation: Record<string, number>;
}

export function emptyCounts(): Counts {
  return {
    inputsTried: 0,
    inputsSent: 0,
    inputsRefused: 0,
    faultsInjected: 0,
    faultScenarios: 0,
    deliveriesAttacked: 0,
    retriesChecked: 0,
    logLinesScanned: 0,
    oddAnswers: 0,
    redirects: 0,
    messagesChecked: 0,
    outcomes: {},
    perOperation: {},
  };
}

export const counts = emptyCounts();

export function outcome(name: string, n = 1): void {
  counts.outcomes[name] = (counts.outcomes[name] ?? 0) + n;
}

export function perOperation(key: string, n = 1): void {
  counts.perOperation[key] = (counts.perOperation[key] ?? 0) + n;
}

export function add(into: Counts, part: Counts): Counts {
  for (const key of Object.keys(into) as Array<keyof Counts>) {
    const value = part[key];
    if (typeof value === 'number') (into[key] as number) += value;
    else if (value && typeof value === 'object') {
      const target = into[key] as Record<string, number>;
      for (const [name, n] of Object.entries(value)) target[name] = (target[name] ?? 0) + n;
    }
  }
  return into;
}

export function readParts(): { parts: string[]; totals: Counts } {
  const totals = emptyCounts();
  const parts: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(PARTS_DIR).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return { parts, totals };
  }
  for (const file of files) {
    try {
      add(totals, JSON.parse(readFileSync(join(PARTS_DIR, file), 'utf8')) as Counts);
      parts.push(file.replace(/\.json$/, ''));
    } catch {
      // a part being written by another worker: the next file's summary includes it
    }
  }
  return { parts, totals };
}

export function formatTotals(totals: Counts, parts: string[]): string {
  const outcomes = Object.entries(totals.outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return [
    `reliability (${parts.length} parts: ${parts.join(', ')}):`,
    `  inputs tried ${totals.inputsTried} (sent ${totals.inputsSent}, refused before any request ${totals.inputsRefused})`,
    `  faults injected ${totals.faultsInjected} in ${totals.faultScenarios} scenarios; creates retried ${totals.retriesChecked}`,
    `  webhook deliveries attacked ${totals.deliveriesAttacked}; log lines scanned ${totals.logLinesScanned}`,
    `  odd answers ${totals.oddAnswers ?? 0}, redirects ${totals.redirects ?? 0}; error messages a user sees checked ${totals.messagesChecked ?? 0}`,
    `  outcomes: ${outcomes}`,
  ].join('\n');
}

/** Writes this file's part, re-sums every part and prints the totals so far. */
export function writePart(name: string): void {
  mkdirSync(PARTS_DIR, { recursive: true });
  const partFile = join(PARTS_DIR, `${name}.json`);
  writeFileSync(`${partFile}.${process.pid}.tmp`, JSON.stringify(counts, null, 2));
  renameSync(`${partFile}.${process.pid}.tmp`, partFile);
  const { parts, totals } = readParts();
  const tmp = `${TOTALS_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ parts, ...totals }, null, 2)}\n`);
  renameSync(tmp, TOTALS_FILE);
  process.stdout.write(`\n${formatTotals(totals, parts)}\n`);
}
