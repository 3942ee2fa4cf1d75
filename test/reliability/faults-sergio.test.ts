import { counts, outcome } from './counts';
import { attempt, describeFaults } from './faults';

describeFaults('sergio', (context) => {
  it.each(['read', 'write'] as const)('the real %s limiter used up: ThrottledError with its Retry-After (at most a minute)', async (kind) => {
    const { sandbox, tester, sut } = context();
    await sut.resetLimits();
    await fetch(`${sandbox.url}/sergio/_admin/exhaust-rate-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind }),
    });
    counts.faultScenarios += 1;
    counts.faultsInjected += 1;
    const seen = await attempt(tester, kind === 'read' ? sut.read : sut.write, sut.authData);
    outcome(`fault:${seen.name}`);
    await sut.resetLimits();
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
      counts.faultScenarios += 1;
      counts.faultsInjected += 1;
      const seen = await attempt(tester, step, { api_key: revoked });
      outcome(`fault:${seen.name}`);
      expect(seen.name).toBe('ExpiredAuthError');
      expect(seen.message).toMatch(/Sergio/);
      expect(seen.message).toMatch(/reconnect|new (API )?key|API key/i);
    }
  });
});
