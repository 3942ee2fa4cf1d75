/**
 * n8n's owner account for a run: a new random password each run, kept in a file only its user can read, so a
 * person can sign in to the editor afterwards without the password ever being printed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const OWNER_EMAIL = 'owner@n8n.connectors.invalid';

/** n8n asks for 8 to 64 characters with a digit and a capital letter. */
export function newOwnerPassword(): string {
  return `${randomBytes(24).toString('base64url')}-A7`;
}

/** Writes the password readable by its owner alone (0600), replacing the file in one step. */
export function writePasswordFile(file: string, password: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, `${password}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is narrowed by the umask only; make it exact.
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}

export const readPasswordFile = (file: string): string => readFileSync(file, 'utf8').trim();
