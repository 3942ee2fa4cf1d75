/**
 * Nothing lost, nothing doubled (issue 8): each create runs once with its response lost after the
 * API carried it out (the lossy proxy drops the connection), then runs again with the same input, as
 * Zapier's retry or the user's replay would. The sandbox's own records then say what happened:
 *  - idempotent: one record, and the retry returns it (the Zap goes on with it);
 *  - refused: one record, the retry fails with an error naming the existing record;
 *  - doubled: two records; lost: none.
 * Where the API offers a way to avoid a double (a 409 naming the existing record, a lookup by a
 * natural key), the test asks for "idempotent" and lists what is missing.
 */
import type { Sandbox } from '../../sandbox';
import { loadApp, type ServiceName } from './connectors';
import { counts, outcome } from './counts';
import { attempt } from './faults';
import { expectOnlyKnown, type Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { startLossyProxy, type LossyProxy } from './lossy-proxy';
import { connect, type ServiceUnderTest } from './sandboxes';
import { makeTester, type Tester } from './tester';
import { frameSuite, startSuiteSandbox } from './suite';

export interface RetryCase {
  /** `creates.create_contact` */
  create: string;
  /** Path of the request whose answer is lost (the one that makes the record). */
  losePath: RegExp;
  /** Its method: POST unless said. */
  loseMethod?: string;
  /** What the API offers against a double, or undefined when it offers nothing. */
  apiOffers?: string;
  input: (sandbox: Sandbox) => Record<string, unknown>;
  /** Records in the sandbox made (or, for a cancel, canceled) from this input. */
  count: (sandbox: Sandbox, input: Record<string, unknown>) => number;
}

export type Verdict = 'idempotent' | 'refused' | 'doubled' | 'lost';

export const verdicts: Record<string, { verdict: Verdict; apiOffers?: string; firstAttempt: string; retry: string }> = {};

export function describeRetries(service: ServiceName, cases: RetryCase[]): void {
  const app = loadApp(service);
  describe(`${service}: a create whose answer was lost, run again`, () => {
    let sandbox: Sandbox;
    let proxy: LossyProxy;
    let tester: Tester;
    let sut: ServiceUnderTest;
    const findings: Finding[] = [];
    frameSuite(
      {
        part: `retries-${service}`,
        setUp: async () => {
          sandbox = await startSuiteSandbox();
          proxy = await startLossyProxy(sandbox.url);
          tester = makeTester(app);
          sut = await connect(service, { ...sandbox, url: proxy.url } as Sandbox, app, tester);
        },
        tearDown: async () => {
          await proxy?.close();
          await sandbox?.close();
        },
      },
      findings,
    );

    it.each(cases.map((c) => [`${c.create}${c.apiOffers ? '' : ' (nothing unique to match on)'}`, c] as const))('%s', async (_name, retryCase) => {
      await sut.resetLimits();
      const input = retryCase.input(sandbox);
      const before = retryCase.count(sandbox, input);
      proxy.loseNext(retryCase.loseMethod ?? 'POST', retryCase.losePath);
      const lostBefore = proxy.lost;
      const first = await attempt(tester, { method: `${retryCase.create}.operation.perform`, inputData: input }, sut.authData);
      expect(proxy.lost - lostBefore).toBe(1);
      const retry = await attempt(tester, { method: `${retryCase.create}.operation.perform`, inputData: input }, sut.authData);
      const made = retryCase.count(sandbox, input) - before;
      counts.retriesChecked += 1;

      const where = `${service} ${retryCase.create}${retryCase.apiOffers ? '' : ' (nothing unique to match on)'} retry`;
      const verdict: Verdict = made === 0 ? 'lost' : made > 1 ? 'doubled' : retry.name === 'ok' ? 'idempotent' : 'refused';
      verdicts[`${service} ${retryCase.create}`] = {
        verdict,
        apiOffers: retryCase.apiOffers,
        firstAttempt: first.name,
        retry: retry.name === 'ok' ? 'returned a record' : `${retry.name}: ${retry.message.split('\n')[0].slice(0, 120)}`,
      };
      outcome(`retry:${verdict}`);

      const problems: string[] = [];
      if (verdict === 'lost') problems.push('the record was lost');
      if (retryCase.apiOffers) {
        if (verdict === 'doubled') problems.push(`a second record was made although the API offers ${retryCase.apiOffers}`);
        if (verdict === 'refused') problems.push('the retry fails instead of returning the record the first attempt made');
      }
      findings.push(
        ...problems.map((problem) => ({ where, problem, example: verdicts[`${service} ${retryCase.create}`].retry })),
      );
      findings.push({
        where,
        problem: `verdict: ${verdict} (first attempt ${first.name}; API offers ${retryCase.apiOffers ?? 'nothing'})`,
        example: verdicts[`${service} ${retryCase.create}`].retry,
      });
      expectOnlyKnown(where, problems);
    }, 60_000);

    itLeaksNothing(`retries-${service}`, findings);
  });
}
