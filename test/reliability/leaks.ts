/**
 * What must never be logged or shown: credentials (tokens, keys, secrets, Basic headers) and Cerbo
 * patient field values. Each test file registers what it used; its last test scans every log line
 * and error message the file produced (issue 8, "Secrets and health data").
 */
import { counts } from './counts';
import { logReaders, type LogLine } from './tester';
import { secretValues } from './connectors';
import { expectOnlyKnown, type Finding } from './known-defects';
import { itShowsUsersNothingSecret } from './messages';

/** Patient field values (distinctive ones only, so that a match is a leak, not a coincidence). */
export const patientValues = new Map<string, string>();

export function registerSecret(value: unknown, label: string): void {
  if (typeof value === 'string' && value.length >= 8) secretValues.set(value, label);
}

export function registerPatientValue(value: unknown, field: string): void {
  if (typeof value === 'string' && value.trim().length >= 6) patientValues.set(value.trim(), `patient ${field}`);
}

const WHERE: Record<string, string> = {
  error: 'the error message a user sees',
  'log:error': "core's error log",
  'log:http': "core's HTTP request/response log",
  'log:console': 'z.console output (as Zapier stores it)',
  raw: 'console output (as written, before Zapier scrubs it)',
};

export interface Leak {
  label: string;
  where: string;
  excerpt: string;
}

const leaks = new Map<string, Leak>();

function scan(line: LogLine): void {
  counts.logLinesScanned += 1;
  const where = WHERE[line.kind === 'shown' ? 'error' : line.kind === 'raw' ? 'raw' : `log:${line.kind}`] ?? line.kind;
  for (const [value, label] of [...secretValues, ...patientValues]) {
    const at = line.text.indexOf(value);
    if (at < 0) continue;
    const key = `${label} in ${where}`;
    if (!leaks.has(key)) {
      const before = line.text.slice(Math.max(0, at - 80), at).replace(/\s+/g, ' ');
      leaks.set(key, { label, where, excerpt: `…${before}«${label}»` });
    }
  }
}
logReaders.push(scan);

export function findLeaks(): Leak[] {
  return [...leaks.values()];
}

/**
 * The file's last tests: nothing secret in anything it logged or showed, beyond known defects; and
 * every error message a user saw passes messages.ts (no listed exceptions there).
 */
export function itLeaksNothing(part: string, findings: Finding[]): void {
  itShowsUsersNothingSecret(part);
  it(`${part}: no token, key, secret or patient field in any log line or error message`, () => {
    const leaks = findLeaks();
    findings.push(...leaks.map((leak) => ({ where: `${part} leaks`, problem: `${leak.label} in ${leak.where}`, example: leak.excerpt })));
    expectOnlyKnown(`${part} leaks`, leaks.map((leak) => `${leak.label} in ${leak.where}`));
  });
}
