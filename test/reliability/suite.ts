/**
 * The frame every reliability suite shares: Zapier's console captured from the start, the
 * environment put back at the end, and the suite's counts and findings written once it is done.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { BASE_URL_ENV, FAKE_BASE_URL, FAKE_SECRETS, type ServiceName } from './connectors';
import { writePart } from './counts';
import { reportFindings, type Finding } from './known-defects';
import { captureConsole } from './tester';

export interface SuiteFrame {
  /** The name of the suite's share of the counts (and of its findings, unless `findingsPart` says otherwise). */
  part: string;
  findingsPart?: string;
  /** Runs after the console is captured: start servers, set the environment. */
  setUp?: () => unknown;
  /** Runs before the environment is put back and the results are written: close servers. */
  tearDown?: () => unknown;
}

/** Registers the suite's beforeAll and afterAll (call it inside the suite's `describe`). */
export function frameSuite(frame: SuiteFrame, findings: Finding[]): void {
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    captureConsole();
    await frame.setUp?.();
  });
  afterAll(async () => {
    await frame.tearDown?.();
    process.env = savedEnv;
    writePart(frame.part);
    reportFindings(frame.findingsPart ?? frame.part, findings);
  });
}

/** The sandbox as the suites use it: consent approved at once, webhook retries and workflow steps 10 ms apart. */
export function startSuiteSandbox(): Promise<Sandbox> {
  return startSandbox({ autoApprove: true, webhookRetryBaseMs: 10, workflowStepMs: 10 });
}

/** Points the connector at the fake API (fakeapi.ts), with the OAuth client's credentials Serebro's refresh needs. */
export function useFakeApi(service: ServiceName): void {
  process.env[BASE_URL_ENV[service]] = FAKE_BASE_URL[service];
  process.env.CLIENT_ID = process.env.CLIENT_ID ?? 'client_reliability';
  process.env.CLIENT_SECRET = FAKE_SECRETS.clientSecret;
}
