import { attemptFault, attemptRateLimited, describeFaults } from './faults';
import { registerSecret } from './leaks';

describeFaults('cerbo', (context) => {
  it("the real limiter (60 a minute per API user) used up: ThrottledError with its Retry-After (at most a minute)", async () => {
    const { authData } = context().sut;
    const seen = await attemptRateLimited(context(), `/cerbo/${authData.subdomain}/_admin/exhaust`, { username: authData.username });
    expect(seen.name).toBe('ThrottledError');
    expect(seen.message).toMatch(/Cerbo/);
    expect(seen.delay).toBeGreaterThanOrEqual(1);
    expect(seen.delay).toBeLessThanOrEqual(60);
  });

  it('Basic credentials changed in Cerbo (secret key regenerated): ExpiredAuthError asking to reconnect', async () => {
    const { tester, sut } = context();
    const changed = { ...sut.authData, password: 'sk_regenerated_elsewhere_7f3a9c1e5b' };
    registerSecret(changed.password, 'Basic secret key');
    for (const step of [sut.read, sut.write]) {
      await sut.resetLimits();
      const seen = await attemptFault(tester, step, changed);
      expect(seen.name).toBe('ExpiredAuthError');
      expect(seen.message).toMatch(/Cerbo/);
      expect(seen.message).toMatch(/reconnect|secret key|credentials/i);
    }
  });
});
