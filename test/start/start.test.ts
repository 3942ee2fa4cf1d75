import { startSandbox, type Sandbox } from '../../sandbox';
import { runDemo, type DemoResult } from '../../scripts/start';

/** Every string among the sandbox's seeded credentials that is a secret (not a public id or an email). */
function credentialSecrets(sandbox: Sandbox): string[] {
  const found: string[] = [];
  const visit = (node: unknown, key: string) => {
    if (typeof node === 'string') {
      if (/secret|password|key/i.test(key) && !/^(clientId|username|email)$/i.test(key)) found.push(node);
    } else if (node && typeof node === 'object') {
      for (const [childKey, child] of Object.entries(node)) visit(child, Array.isArray(node) ? key : childKey);
    }
  };
  for (const handle of Object.values(sandbox.services)) visit(handle.credentials, '');
  found.push(sandbox.env.CLIENT_SECRET);
  return found.filter((value) => value && value.length >= 8);
}

const CARDS = ['new_job', 'contact_created', 'appointment_booked', 'create_contact', 'execute_workflow'];

describe('npm start (runDemo)', () => {
  let sandbox: Sandbox;
  let jsonSandbox: Sandbox;
  let text: DemoResult;
  let json: DemoResult;
  let jsonOutput: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true, webhookRetryBaseMs: 250, workflowStepMs: 100 });
    text = await runDemo({ sandbox, interactive: false, write: () => undefined });
    const chunks: string[] = [];
    // A fresh sandbox, as every `npm start` has.
    jsonSandbox = await startSandbox({ autoApprove: true, webhookRetryBaseMs: 250, workflowStepMs: 100 });
    json = await runDemo({ sandbox: jsonSandbox, json: true, write: (chunk) => chunks.push(chunk) });
    jsonOutput = chunks.join('');
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
    await jsonSandbox?.close();
  });

  it('runs every step of every Zap successfully', () => {
    const failures = text.report.steps.filter((step) => step.outcome !== 'ok').map((s) => `${s.number} ${s.operation}: ${s.detail}`);
    expect(failures).toEqual([]);
    expect(text.ok).toBe(true);
    expect(text.report.totals.steps).toBeGreaterThanOrEqual(25);
    expect(text.output).toMatch(/All \d+ steps succeeded/);
  });

  it("connects every connector through its own authentication and shows each connection label", () => {
    const labels = Object.fromEntries(text.report.connections.map((c) => [c.connector, c.label]));
    expect(labels.serebro).toMatch(/Northwind .* – alex\.rivera@northwind-wellness\.example/);
    expect(labels.sergio).toBe('Sparkle Window Cleaning Co.');
    expect(labels.cerbo).toContain('demo');
    for (const label of Object.values(labels)) expect(text.output).toContain(`Connected as "${label}"`);
    expect(text.output).toContain('OAuth 2.0 authorization code');
    expect(text.output).toContain('API key');
    expect(text.output).toContain('HTTP Basic');
  });

  it('shows both required Zaps and every card-named trigger and action', () => {
    expect(text.output).toContain('New Sergio job → Find or Create Serebro contact → Execute Serebro workflow → Serebro workflow execution completed');
    expect(text.output).toContain('New Cerbo patient → Create Serebro contact → Book Serebro appointment');
    const operations = text.report.steps.map((step) => step.operation).join('\n');
    for (const key of [...CARDS, 'find_contact', 'create_appointment', 'workflow_execution_completed', 'new_patient', 'create_customer', 'find_customer', 'create_job']) {
      expect(operations).toContain(`(${key})`);
    }
  });

  it('runs the CRM jobs of Zap 5: a new deal tags its contact, an upsert sets a custom field by name, a canceled visit removes one tag only', () => {
    expect(text.output).toContain('Zap 5 · New Serebro opportunity → Add Tags to its contact → Create or Update Contact (custom field by name)');
    const zap5 = text.report.steps.filter((step) => step.zap.startsWith('Zap 5'));
    expect(zap5.map((step) => step.outcome)).toEqual(zap5.map(() => 'ok'));
    const detail = (key: string) => zap5.find((step) => step.operation.includes(`(${key})`) && step.operation.startsWith('Action'))?.detail ?? '';
    expect(detail('add_contact_tags')).toMatch(/→ \["vip","hot-lead-[a-z0-9]+"\]/);
    expect(detail('upsert_contact')).toMatch(/updated \(new: false\); the "Lead Score" field \(cf__[a-z0-9_]+, a number\) is now 90/);
    expect(detail('remove_contact_tags')).toMatch(/removed from contact ct_[a-z0-9]+; the other tags stay: \["vip"\]/);
    // Tags are one request each; the custom field by name costs one more (the Location's definitions).
    expect(zap5.find((step) => step.operation.includes('(remove_contact_tags)'))?.requests).toBe(1);
    expect(zap5.find((step) => step.operation.includes('(upsert_contact)'))?.requests).toBe(2);
    expect(zap5.some((step) => step.operation.includes('(appointment_canceled) · signed delivery'))).toBe(true);
  });

  it('refreshes an expired Serebro AI token and retries, as Zapier does on RefreshAuthError', () => {
    const expiry = text.report.steps.findIndex((step) => step.operation.includes('access token expires'));
    expect(expiry).toBeGreaterThan(0);
    const next = text.report.steps[expiry + 1];
    expect(next.outcome).toBe('ok');
    expect(next.detail).toContain('the access token had expired: refreshed it');
    // the refused call, the refresh, the retried call and the action itself
    expect(next.requests).toBe(4);
  });

  it('halts a forged delivery to a live hook instead of running the Zap', () => {
    const forged = text.report.steps.find((step) => step.operation.includes('(new_job) · a forged delivery'));
    expect(forged?.outcome).toBe('ok');
    expect(forged?.detail).toContain('was halted: "Refused a webhook delivery: the signature does not match the body."');
  });

  it('counts the requests each step made from the sandbox side', () => {
    const connect = text.report.steps.find((step) => step.operation.startsWith('Connect · OAuth'));
    // authorize, token exchange, GET /v2/me
    expect(connect?.requests).toBe(3);
    const delivery = text.report.steps.find((step) => step.operation.includes('(new_job) · signed delivery'));
    // perform only verifies the delivery it is handed: no request
    expect(delivery?.requests).toBe(0);
    expect(text.report.totals.requests).toBe(text.report.steps.reduce((n, s) => n + s.requests, 0));
    const byService = text.report.requestsByService;
    expect(Object.keys(byService).sort()).toEqual(['cerbo', 'serebro', 'sergio']);
    expect(Object.values(byService).reduce((n, c) => n + c, 0)).toBe(text.report.totals.requests);
    expect(text.output).toMatch(/Total\s+\d+\s+\d+\s+0\s+0\s+\d+/);
  });

  it('prints the same report as JSON only with --json', () => {
    const parsed = JSON.parse(jsonOutput) as DemoResult['report'];
    expect(parsed.steps.filter((s) => s.outcome !== 'ok').map((s) => `${s.operation}: ${s.detail}`)).toEqual([]);
    expect(parsed.ok).toBe(true);
    expect(parsed.steps.map((s) => s.operation)).toEqual(text.report.steps.map((s) => s.operation));
    expect(parsed.summary.map((s) => s.title)).toEqual(text.report.summary.map((s) => s.title));
    expect(jsonOutput.trim().startsWith('{')).toBe(true);
  });

  it('prints no credential and no issued token, in either mode', () => {
    const secrets = [...new Set([...credentialSecrets(sandbox), ...credentialSecrets(jsonSandbox), ...text.secrets, ...json.secrets])];
    // The run did collect the tokens it was issued (OAuth access and refresh, webhook signing secrets).
    expect(text.secrets.some((s) => s.startsWith('sat_'))).toBe(true);
    expect(text.secrets.some((s) => s.startsWith('srt_'))).toBe(true);
    expect(secrets.length).toBeGreaterThan(8);
    for (const secret of secrets) {
      expect(text.output.includes(secret)).toBe(false);
      expect(jsonOutput.includes(secret)).toBe(false);
    }
    // Nothing had to be blanked out: no message carried a secret in the first place.
    expect(text.redactions).toBe(0);
    expect(json.redactions).toBe(0);
  });

  it('prints plain lines when not on a terminal', () => {
    expect(text.output).not.toContain('\r');
    expect(text.output).not.toContain('\u001b[');
  });
});

describe('npm start when a step fails', () => {
  it('reports the failure, skips what depended on it and is not ok (non-zero exit)', async () => {
    // Without auto-approval the consent page waits for a person: the OAuth connection cannot finish.
    const sandbox = await startSandbox({ autoApprove: false });
    const chunks: string[] = [];
    try {
      const result = await runDemo({ sandbox, interactive: true, write: (chunk) => chunks.push(chunk) });
      expect(result.ok).toBe(false);
      const connect = result.report.steps[0];
      expect(connect.outcome).toBe('failed');
      expect(connect.detail).toMatch(/authorize page answered HTTP 200 without redirecting/);
      const dependent = result.report.steps.find((s) => s.operation.includes('(create_contact)'));
      expect(dependent?.outcome).toBe('skipped');
      expect(result.output).toMatch(/step[s]? failed/);
    } finally {
      await sandbox.close();
    }
    // On a terminal: a spinner line that is rewritten in place.
    const printed = chunks.join('');
    expect(printed).toContain('\r\u001b[2K');
    expect(printed).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \[\d+\/\d+\] Serebro AI · Connect/);
  }, 30_000);
});
