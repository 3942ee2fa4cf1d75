import { counts, outcome } from './counts';
import { attempt, describeFaults } from './faults';

describeFaults('sergio', (context) => {
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
