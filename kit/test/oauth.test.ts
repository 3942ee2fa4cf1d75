/**
 * A token endpoint's answer is checked before Zapier keeps its tokens: the type must be Bearer in any
 * case (RFC 6749 §5.1 requires it, RFC 6749 §7.1 forbids using a type the client does not understand),
 * and the tokens must be visible ASCII (its appendix A), or they could never be sent.
 */
import zapier, { type ZObject } from 'zapier-platform-core';
import { checkIssuedTokens } from '../oauth';
import { examplePolicy } from './example';

const z = { errors: zapier.errors } as unknown as ZObject;
const policy = examplePolicy({ canRefresh: true });
const tokens = { access_token: 'tok_access', refresh_token: 'tok_refresh', token_type: 'Bearer' };

function shown(refreshing: boolean, answer: Record<string, unknown>) {
  try {
    checkIssuedTokens(z, policy, { ...tokens, ...answer }, refreshing);
  } catch (error) {
    const { name, message } = error as Error;
    try {
      return { name, ...(JSON.parse(message) as { message: string; code: string }) };
    } catch {
      return { name, message };
    }
  }
  return undefined;
}

describe('checkIssuedTokens', () => {
  it.each(['Bearer', 'bearer', 'BEARER'])('keeps a token of type %s', (type) => {
    expect(shown(false, { token_type: type })).toBeUndefined();
    expect(shown(true, { token_type: type })).toBeUndefined();
  });

  it.each([
    ['mac', 'of type "mac"'],
    ['DPoP', 'of type "DPoP"'],
    [undefined, 'without saying its type'],
    ['', 'without saying its type'],
    [42, 'of a type it does not name plainly'],
    ['Bearer\r\nX-Injected: 1', 'of a type it does not name plainly'],
  ])('refuses a token of type %p at connect, saying to start again', (type, which) => {
    expect(shown(false, { token_type: type })).toEqual({
      name: 'AppError',
      message: `Example issued an access token ${which}; this integration can only send Bearer tokens. Start connecting your account again; if it keeps happening, contact support.`,
      code: 'unusable_token',
      status: 502,
    });
  });

  it('refuses one at refresh with an ExpiredAuthError asking to reconnect', () => {
    expect(shown(true, { token_type: 'mac' })).toEqual({
      name: 'ExpiredAuthError',
      message: 'Example issued an access token of type "mac"; this integration can only send Bearer tokens. Reconnect your Example account in Zapier.',
    });
  });

  it.each([
    ['access token', { access_token: 'sec\r\naccess' }],
    ['access token', { access_token: 'sec_€' }],
    ['access token', { access_token: 'sec_café' }],
    ['refresh token', { refresh_token: 'sec_😀' }],
    ['refresh token', { refresh_token: 'sec\u0000' }],
  ])('refuses an issued %s that is not visible ASCII, naming it and never quoting it', (name, answer) => {
    const atConnect = shown(false, answer);
    expect(atConnect).toMatchObject({ name: 'AppError', code: 'unusable_token' });
    expect(atConnect?.message).toBe(
      `Example issued a token that cannot be used: the ${name} holds characters an OAuth token may not hold (a line break, a control character, ` +
        'or a symbol such as "€" or an emoji). Start connecting your account again; if it keeps happening, contact support.',
    );
    const atRefresh = shown(true, answer);
    expect(atRefresh?.name).toBe('ExpiredAuthError');
    expect(atRefresh?.message).toMatch(/Reconnect your Example account in Zapier\.$/);
    expect(JSON.stringify([atConnect, atRefresh])).not.toMatch(/sec|caf/);
  });
});
