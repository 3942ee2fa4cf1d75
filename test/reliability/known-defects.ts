/**
 * Connector defects this suite has found and the connector owners have not fixed yet. A test fails
 * on any finding not listed here; a listed one that no longer occurs is reported as fixed (in
 * test-output/reliability-findings/) and can then be deleted here. The connectors are fixed while
 * this suite runs against them, so a fix must not turn the suite red.
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

/*
 * Found by this suite and already fixed (kept as a record; their tests now pass without a listing):
 *  - kit: HaltedError refusals and the 401 auth errors got core's "What happened … with bundle"
 *    dump appended (webhook signing secret, Cerbo patient fields) — c1403d1;
 *  - Serebro and Cerbo: a reset or dropped connection surfaced as node-fetch's FetchError quoting
 *    the URL (with searched emails or names) — 07db5d0, f539b1b; Serebro now also times out at 25 s;
 *  - Cerbo: patient bodies in core's HTTP log — 4134fa2 (body streamed, response read raw);
 *  - Serebro: a rotated or revoked refresh token ended in AppError without "reconnect" — 9198f28;
 *  - Sergio: a reset or dropped connection surfaced as FetchError quoting the URL (kit `reach`);
 *  - a create retried after its answer was lost: Serebro Create Contact and Book Appointment and
 *    Sergio Create Customer refused the retry, Cerbo Create Patient and Book Appointment made a
 *    second record; each now returns the record the first run made (kit/retry.ts, GUARANTEES.md).
 */

export const KNOWN_DEFECTS: Record<string, string[]> = {};

export function knownDefects(where: string): string[] {
  return KNOWN_DEFECTS[where] ?? [];
}

/** Listed defects no longer seen, per place: written with the findings. */
export const fixedSinceListed: Finding[] = [];

/** Fails on a problem not listed for `where`; notes listed ones that no longer occur. */
export function expectOnlyKnown(where: string, problems: string[]): void {
  const known = knownDefects(where);
  for (const listed of known) if (!problems.includes(listed)) fixedSinceListed.push({ where, problem: `fixed: ${listed}` });
  expect(problems.filter((problem) => !known.includes(problem))).toEqual([]);
}

export function reportFindings(part: string, findings: Finding[]): void {
  const dir = join(PARTS_DIR, '..', 'reliability-findings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${part}.json`), `${JSON.stringify([...findings, ...fixedSinceListed], null, 2)}\n`);
}
