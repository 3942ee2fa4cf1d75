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

/**
 * No connector catches network failures: z.request rejects with node-fetch's FetchError ("request to
 * <url> failed, reason: socket hang up"), which reaches the user with the full URL (query string
 * included) and, not being an AppError, gets core's bundle dump appended. Fix in each client's
 * request helper: catch the rejection and throw z.errors.Error("<Service> could not be reached
 * (the connection was reset or timed out). Try again in a few minutes.", 'network_error', 503).
 */
const NETWORK_FAILURE = (read: string, write: string) => [`read (${read}): ended in FetchError, expected AppError`, `write (${write}): ended in FetchError, expected AppError`];

/**
 * Cerbo patient data reaches logs three ways: core logs every z.request body (the POST /patients
 * JSON) in its HTTP log; and errors that are not AppError (FetchError above, the ExpiredAuthError and
 * RefreshAuthError kit/errors.ts throws, HaltedError) get "What happened … with bundle {inputData}"
 * appended by core, in the message and the error log. Fixes: errors thrown with doNotContextify
 * (kit), network errors mapped to AppError (client), and request bodies that core does not log
 * (send the body as a stream and read the response with `raw: true`, which core logs as
 * "<streaming data>").
 */
const PATIENT_DATA_LOGGED = [
  "patient email1 in core's HTTP request/response log",
  "patient email1 in core's error log",
  'patient email1 in the error message a user sees',
  "patient first_name in core's HTTP request/response log",
  "patient first_name in core's error log",
  'patient first_name in the error message a user sees',
  "patient last_name in core's HTTP request/response log",
  "patient last_name in core's error log",
  'patient last_name in the error message a user sees',
];

/**
 * Serebro's refreshAccessToken (src/authentication.ts requestToken) lets the token endpoint's 400
 * invalid_grant become an AppError ("Serebro AI: The refresh token is invalid or has already been
 * used"): Zapier then neither marks the connection expired nor tells the user to reconnect. Fix:
 * map invalid_grant on refresh to z.errors.ExpiredAuthError("… Reconnect your Serebro AI account").
 */
const REFRESH_NOT_EXPIRED = ['a rotated refresh token ended in AppError, not ExpiredAuthError', 'the message does not tell the user to reconnect'];

/**
 * A create retried after its answer was lost (retries.ts). Serebro create_contact and Sergio
 * create_customer refuse the retry with an AppError naming the existing record (no double, but the
 * Zap stops without the record): on the 409 they should fetch the record it names
 * (GET /v2/contacts/{details.contactId}; details.customer) and return it. Serebro create_appointment
 * likewise on 409 slot_unavailable: look up the booked appointment for that staff member and start
 * (GET /v2/appointments?staffId&startAfter&startBefore) and return it when contact and service match.
 * Cerbo create_patient makes a second patient: search /patients/search?first_name&last_name&dob
 * first and return the match; Cerbo create_appointment likewise with GET /appointments for the day
 * (same pt_id, start and appointment_type).
 */
const RETRY_REFUSED = ['the retry fails instead of returning the record the first attempt made'];

export const KNOWN_DEFECTS: Record<string, string[]> = {
  'serebro creates.create_contact retry': RETRY_REFUSED,
  'serebro creates.create_appointment retry': RETRY_REFUSED,
  'sergio creates.create_customer retry': RETRY_REFUSED,
  'cerbo creates.create_patient retry': [
    'a second record was made although the API offers GET /patients/search by first name, last name and date of birth before creating',
  ],
  'cerbo creates.create_appointment retry': [
    'a second record was made although the API offers GET /appointments for the day, matched on patient, start and type, before creating',
  ],
  'retries-cerbo leaks': PATIENT_DATA_LOGGED.filter((leak) => !leak.includes('email1')),
  'serebro fault: connection reset': NETWORK_FAILURE('searches.find_contact', 'creates.create_contact'),
  'serebro fault: connection dropped after 300 ms (timeout)': NETWORK_FAILURE('searches.find_contact', 'creates.create_contact'),
  'sergio fault: connection reset': NETWORK_FAILURE('searches.find_customer', 'creates.create_customer'),
  'sergio fault: connection dropped after 300 ms (timeout)': NETWORK_FAILURE('searches.find_customer', 'creates.create_customer'),
  'cerbo fault: connection reset': NETWORK_FAILURE('searches.find_patient', 'creates.create_patient'),
  'cerbo fault: connection dropped after 300 ms (timeout)': NETWORK_FAILURE('searches.find_patient', 'creates.create_patient'),
  'serebro fault: refresh token already rotated': REFRESH_NOT_EXPIRED,
  'serebro fault: refresh token revoked': REFRESH_NOT_EXPIRED.map((p) => p.replace('rotated', 'revoked')),
  'faults-cerbo leaks': PATIENT_DATA_LOGGED,
  'webhooks-serebro leaks': SIGNING_SECRET_IN_REFUSALS,
  'webhooks-sergio leaks': SIGNING_SECRET_IN_REFUSALS,
};

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
