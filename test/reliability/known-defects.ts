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

/**
 * kit/webhook.ts acceptDelivery throws HaltedError, which zapier-platform-core "contextifies": it
 * appends "What happened: Executing … with bundle {…}" — the bundle minus authData, so
 * subscribeData.secret and the raw delivery — to the message a user sees and to the error log.
 * Fix: mark the refusal `doNotContextify = true` before throwing it (as AppError/ThrottledError are).
 */
const SIGNING_SECRET_IN_REFUSALS = [
  "webhook signing secret in core's error log",
  'webhook signing secret in the error message a user sees',
];

export const KNOWN_DEFECTS: Record<string, string[]> = {
  'webhooks-serebro leaks': SIGNING_SECRET_IN_REFUSALS,
  'webhooks-sergio leaks': SIGNING_SECRET_IN_REFUSALS,
};

export function knownDefects(where: string): string[] {
  return KNOWN_DEFECTS[where] ?? [];
}

export function reportFindings(part: string, findings: Finding[]): void {
  const dir = join(PARTS_DIR, '..', 'reliability-findings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${part}.json`), `${JSON.stringify(findings, null, 2)}\n`);
}
