/**
 * A small fixed-seed sample of `npm run fuzz` (test/fuzz/fuzz.ts): 300 generated inputs over every
 * operation of the three connectors, against good and odd answers. None may crash (anything but a
 * success or a Zapier error) or leak (a credential, a secret or a value sent to Cerbo in what a user
 * sees; a request following a redirect to another origin).
 */
import { fuzz, summaryLine } from './fuzz';

const SEED = 20261202;
const RUNS = 300;

describe('fuzz sample', () => {
  beforeAll(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);
  });

  it(`seed ${SEED}, ${RUNS} inputs: no crash and no leak`, async () => {
    const report = await fuzz({ seed: SEED, runs: RUNS });
    expect(report.inputs).toBe(RUNS);
    // Odd answers were given (not only good ones), or the sample proves little.
    expect(report.oddAnswers).toBeGreaterThan(RUNS / 20);
    const failures = [...report.failures].map(([key, n]) => `${n}× ${key}`).sort();
    expect({ summary: summaryLine(report), failures }).toEqual({ summary: summaryLine({ ...report, crashes: 0, leaks: 0 }), failures: [] });
  }, 180_000);
});
