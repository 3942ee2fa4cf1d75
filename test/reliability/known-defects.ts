/**
 * Connector defects this suite has found and the connector owners have not fixed yet. A test whose
 * findings differ from this list fails either way: a new defect, or a listed one that no longer
 * occurs (then delete its line here). Every finding, listed or not, is written to
 * test-output/reliability/findings-<part>.json for the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARTS_DIR } from './counts';

export interface Finding {
  /** `serebro creates.create_contact`, or a scenario name. */
  where: string;
  problem: string;
  example?: string;
}

export const KNOWN_DEFECTS: Record<string, string[]> = {};

export function knownDefects(where: string): string[] {
  return KNOWN_DEFECTS[where] ?? [];
}

export function reportFindings(part: string, findings: Finding[]): void {
  const dir = join(PARTS_DIR, '..', 'reliability-findings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${part}.json`), `${JSON.stringify(findings, null, 2)}\n`);
}
