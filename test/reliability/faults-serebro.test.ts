import { MAX_THROTTLE_SECONDS } from '../../kit/ratelimit';
import { serebroHandle } from '../../sandbox/serebro';
import { attempt, attemptFault, attemptRateLimited, describeFaults } from './faults';
import { expectOnlyKnown } from './known-defects';
import { registerSecret } from './leaks';

function secondsToUtcMidnight(): number {
  const now = new Date();
  return Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000);
}

describeFaults('serebro', (context) => {
  it('an access token expiring mid-run: RefreshAuthError, then the refreshed (rotated) token works', async () => {
    const { sandbox, tester, sut } = context();
    await sut.resetLimits();
    expect((await attempt(tester, sut.read, sut.authData)).name).toBe('ok');
    serebroHandle(sandbox.services).expireAccessTokens();
    const expired = await attemptFault(tester, sut.write, sut.authData);
    expect(expired.name).toBe('RefreshAuthError');

    // What Zapier does on RefreshAuthError with autoRefresh: refresh once, then run the step again.
    const refreshed = (await tester('authentication.oauth2Config.refreshAccessToken', { authData: sut.authData })) as Record<string, string>;
    registerSecret(refreshed.access_token, 'access token');
    registerSecret(refreshed.refresh_token, 'refresh token');
    expect(refreshed.refresh_token).not.toBe(sut.authData.refresh_token);
    const retried = await attempt(tester, sut.write, { ...sut.authData, ...refreshed });
    expect(retried.name).toBe('ok');

    // The old refresh token was rotated away: refreshing with it must tell the user to reconnect.
    const stale = await attemptFault(tester, { method: 'authentication.oauth2Config.refreshAccessToken', inputData: {} }, sut.authData);
    const problems: string[] = [];
    if (stale.name !== 'ExpiredAuthError') problems.push(`a rotated refresh token ended in ${stale.name}, not ExpiredAuthError`);
    if (!/reconnect/i.test(stale.message)) problems.push('the message does not tell the user to reconnect');
    expectOnlyKnown('serebro fault: refresh token already rotated', problems);
    Object.assign(sut.authData, refreshed);
  });

  it.each([
    ['burst (100 per 10 s) used up', 'burst', (delay: number) => delay >= 1 && delay <= 10],
    // Zapier is asked back within the hour (MAX_THROTTLE_SECONDS); the message gives the real wait.
    ['daily allowance used up', 'daily', (delay: number) => Math.abs(delay - Math.min(MAX_THROTTLE_SECONDS, secondsToUtcMidnight())) <= 5],
  ] as const)('the real rate limiter, %s: ThrottledError with the delay its X-RateLimit headers imply', async (_name, window, sane) => {
    const seen = await attemptRateLimited(context(), '/serebro/_admin/exhaust-rate-limit', { window });
    expect(seen.name).toBe('ThrottledError');
    expect(seen.message).toMatch(/Serebro AI/);
    expect(sane(seen.delay ?? -1)).toBe(true);
  });

  it('a refresh token revoked outright (unknown to the service): ExpiredAuthError asking to reconnect', async () => {
    const { tester, sut } = context();
    const seen = await attemptFault(tester, { method: 'authentication.oauth2Config.refreshAccessToken', inputData: {} }, {
      ...sut.authData,
      refresh_token: 'rt_revoked_by_the_user_0000000000',
    });
    const problems: string[] = [];
    if (seen.name !== 'ExpiredAuthError') problems.push(`a revoked refresh token ended in ${seen.name}, not ExpiredAuthError`);
    if (!/reconnect/i.test(seen.message)) problems.push('the message does not tell the user to reconnect');
    expectOnlyKnown('serebro fault: refresh token revoked', problems);
  });
});
