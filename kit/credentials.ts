import type { Bundle, ZObject } from 'zapier-platform-core';
import { onPlatform } from './step';

/**
 * Credentials that cannot be sent. Node's HTTP client takes tab, visible ASCII and the Latin-1 range in a
 * header value and refuses anything else (a line break, a control character, "€", an emoji) with a TypeError
 * that quotes the value: the user would be told to try again what can never work. Such a credential is
 * refused before any request, naming it and saying what helps: reconnecting.
 */
const NOT_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * RFC 7617: neither Basic's user-id nor its password may hold a control character. Anything else can be
 * sent: Zapier encodes `user:password` as UTF-8 in base64 (RFC 7617's charset), so a password with "€" goes
 * through as it is and only the service can say whether it is right.
 */
const CONTROL = /\p{Cc}/u;

/** What the user calls each credential a connection sends, so that a message can name it. */
export interface CredentialNames {
  /** By header name, for the headers the policy's `credentials` returns: `{ Authorization: 'access token' }`. */
  headers?: Record<string, string>;
  /** The user and password Zapier puts into Basic auth (from `authData.username`/`password`, after `beforeRequest`). */
  basic?: { username: string; password: string };
}

/** What the kit needs of a connector's policy here (the `ServicePolicy` fields of the same names). */
export interface CredentialPolicy {
  service: string;
  reconnect: string;
  /** OAuth apps: their tokens are issued by the service, not typed by the user. */
  canRefresh: boolean;
  credentialNames?: CredentialNames;
}

/** Whether a value can travel in an HTTP header as it is. */
export const fitsInHeader = (value: string): boolean => !NOT_IN_HEADER.test(value);

const HEADER_REASON = 'characters an HTTP header cannot carry (a line break, a control character, or a symbol such as "€" or an emoji)';

/**
 * The message for a credential of the connection that cannot be sent: it names the credential, says that
 * an OAuth token came from the service that way, and what to do.
 */
export function unusableCredentialMessage(policy: Pick<CredentialPolicy, 'service' | 'canRefresh'>, name: string, reason = HEADER_REASON): string {
  return policy.canRefresh
    ? `${policy.service} issued a token that cannot be used: the ${name} holds ${reason}.`
    : `${policy.service}: this connection's ${name} holds ${reason}, so it cannot be sent.`;
}

/**
 * The headers carrying the connection, checked before they go anywhere, and the Basic user and password
 * Zapier will encode: one that cannot be sent ends the step with an ExpiredAuthError (Zapier's type for
 * "reconnect") naming it; the guard marks it so that core appends no bundle dump.
 */
export function sendableCredentials(z: ZObject, policy: CredentialPolicy, bundle: Bundle, headers: Record<string, string>): Record<string, string> {
  const refuse = (name: string, reason?: string): never => {
    throw new z.errors.ExpiredAuthError(`${unusableCredentialMessage(policy, name, reason)} ${onPlatform(z, policy.reconnect)}`);
  };
  for (const [header, value] of Object.entries(headers)) {
    // Zapier trims header values before sending them: a line break at either end is never sent.
    if (!fitsInHeader(value.trim())) refuse(policy.credentialNames?.headers?.[header] ?? `${header} header`);
  }
  const basic = policy.credentialNames?.basic;
  if (basic) {
    for (const part of ['username', 'password'] as const) {
      const value = bundle.authData?.[part];
      if (typeof value === 'string' && CONTROL.test(value)) {
        refuse(basic[part], 'a line break or another control character, which Basic authentication cannot carry');
      }
    }
  }
  return headers;
}
