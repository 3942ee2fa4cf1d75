import { attemptFault, attemptRateLimited, describeFaults } from './faults';

describeFaults('sergio', (context) => {
  it.each(['read', 'write'] as const)('the real %s limiter used up: ThrottledError with its Retry-After (at most a minute)', async (kind) => {
    const { sut } = context();
    const seen = await attemptRateLimited(context(), '/sergio/_admin/exhaust-rate-limit', { kind }, kind === 'read' ? sut.read : sut.write);
    expect(seen.name).toBe('ThrottledError');
    expect(seen.message).toMatch(/Sergio/);
    expect(seen.delay).toBeGreaterThanOrEqual(1);
    expect(seen.delay).toBeLessThanOrEqual(60);
  });

  it('a revoked API key: ExpiredAuthError asking for a new key, on reads and writes alike', async () => {
    const { sandbox, tester, sut } = context();
    const revoked = (sandbox.services.sergio.credentials as { revokedApiKey: string }).revokedApiKey;
    for (const step of [sut.read, sut.write]) {
      await sut.resetLimits();
      const seen = await attemptFault(tester, step, { api_key: revoked });
      expect(seen.name).toBe('ExpiredAuthError');
      expect(seen.message).toMatch(/Sergio/);
      expect(seen.message).toMatch(/reconnect|new (API )?key|API key/i);
    }
  });
});
