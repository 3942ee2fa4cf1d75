import type { ZObject } from 'zapier-platform-core';
import { unusableCredentialMessage, type CredentialPolicy } from './credentials';
import { onPlatform } from './step';

/** RFC 6749 appendix A.12 and A.17: an access or refresh token is visible ASCII and spaces only (VSCHAR). */
const VSCHAR = /^[\x20-\x7e]+$/;

/** A token type short and plain enough to be quoted in a message (RFC 6749 A.13 names are letters, digits, `-._`). */
const QUOTABLE_TYPE = /^[A-Za-z0-9_.-]{1,32}$/;

/** What the kit reads of a token endpoint's answer (RFC 6749 §5.1). */
export interface IssuedTokens {
  access_token: string;
  refresh_token?: string;
  token_type?: unknown;
}

/** Why the tokens of an answer cannot be used, or undefined when they can. */
function tokenProblem(policy: Pick<CredentialPolicy, 'service' | 'canRefresh'>, tokens: IssuedTokens): string | undefined {
  const type = tokens.token_type;
  // RFC 6749 §5.1 requires token_type (case-insensitive); RFC 6749 §7.1 forbids using a type the client does not understand.
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer') {
    const which = type === undefined || type === null || type === '' ? 'without saying its type' : typeof type === 'string' && QUOTABLE_TYPE.test(type) ? `of type "${type}"` : 'of a type it does not name plainly';
    return `${policy.service} issued an access token ${which}; this integration can only send Bearer tokens.`;
  }
  const reason = 'characters an OAuth token may not hold (a line break, a control character, or a symbol such as "€" or an emoji)';
  if (!VSCHAR.test(tokens.access_token)) return unusableCredentialMessage(policy, 'access token', reason);
  if (tokens.refresh_token !== undefined && !VSCHAR.test(tokens.refresh_token)) return unusableCredentialMessage(policy, 'refresh token', reason);
  return undefined;
}

/**
 * Checks a token endpoint's answer before Zapier keeps its tokens: a Bearer token (any case), and tokens
 * that can be sent. Connecting ends with an error that says to start again; a refresh, with an
 * ExpiredAuthError asking to reconnect (Zapier's type for it: the connection cannot go on).
 */
export function checkIssuedTokens(z: ZObject, policy: CredentialPolicy, tokens: IssuedTokens, refreshing: boolean): void {
  const problem = tokenProblem(policy, tokens);
  if (!problem) return;
  if (refreshing) throw new z.errors.ExpiredAuthError(`${problem} ${onPlatform(z, policy.reconnect)}`);
  throw new z.errors.Error(`${problem} Start connecting your account again; if it keeps happening, contact support.`, 'unusable_token', 502);
}
