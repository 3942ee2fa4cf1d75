/**
 * What must never be logged or shown: credentials (tokens, keys, secrets, Basic headers) and Cerbo
 * patient field values. Each test file registers what it used; `expectNoLeaks` scans every log line
 * and error message the file produced.
 */
import { counts } from './counts';
import { logLines, shownErrors } from './tester';
import { secretValues } from './connectors';

/** Patient field values (distinctive ones only, so a match means a leak, not a coincidence). */
export const patientValues = new Set<string>();

export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 8) secretValues.add(value);
}

export function registerPatientValue(value: unknown): void {
  if (typeof value === 'string' && value.trim().length >= 6) patientValues.add(value.trim());
}

export interface Leak {
  what: 'secret' | 'patient';
  value: string;
  where: string;
  line: string;
}

function excerpt(line: string, value: string): string {
  const at = line.indexOf(value);
  return line.slice(Math.max(0, at - 60), at + value.length + 20).replace(/\s+/g, ' ');
}

export function findLeaks(): Leak[] {
  const leaks: Leak[] = [];
  const lines = [...logLines.map((line) => ({ where: `log:${line.kind}`, text: line.text })), ...shownErrors.map((text) => ({ where: 'error', text }))];
  for (const { where, text } of lines) {
    for (const value of secretValues) {
      if (text.includes(value)) leaks.push({ what: 'secret', value: `${value.slice(0, 6)}…`, where, line: excerpt(text, value).replace(value, '«secret»') });
    }
    for (const value of patientValues) {
      if (text.includes(value)) leaks.push({ what: 'patient', value, where, line: excerpt(text, value) });
    }
  }
  return leaks;
}

/** Counts the lines scanned and returns the leaks, one per (kind, value, where). */
export function scanLeaks(): Leak[] {
  counts.logLinesScanned += logLines.length + shownErrors.length;
  const seen = new Set<string>();
  return findLeaks().filter((leak) => {
    const key = `${leak.what}|${leak.value}|${leak.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
