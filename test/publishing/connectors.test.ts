/**
 * Zapier's publishing checks over the three real connector definitions. A violation fails the test
 * with the rule id, the definition path and what to change; the per-connector table of rules checked
 * is printed either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTORS, ROOT, type ConnectorName } from '../../scripts/connectors';
import { loadProductionApp, operationsOf, type AppDefinition } from '../../scripts/definition';
import { formatTable, formatViolations, runRules } from '../../scripts/publishing/rules';
import { connectorSources, plainHttpInSource } from '../../scripts/publishing/sources';

function load(name: ConnectorName): AppDefinition | Error {
  try {
    return loadProductionApp(name);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

describe.each(CONNECTORS.map((name): [ConnectorName, AppDefinition | Error] => [name, load(name)]))('%s', (name, app) => {
  test('its index.ts loads with the *_BASE_URL overrides unset', () => {
    if (app instanceof Error) throw new Error(`connectors/${name}/index.ts failed to load: ${app.message}`);
    expect(typeof app).toBe('object');
  });

  if (app instanceof Error) return;

  test('passes every publishing rule', () => {
    const reports = runRules(app);
    console.log(`${formatTable(name, reports)}\n\n${formatViolations(name, reports)}`);
    const violations = reports.flatMap((report) => report.evaluation.violations);
    if (violations.length > 0) throw new Error(formatViolations(name, reports));
    expect(reports.every((report) => report.evaluation.failed === 0)).toBe(true);
  });

  test('offers authentication and at least one trigger, create and search', () => {
    expect('authentication' in app).toBe(true);
    const kinds = new Set(operationsOf(app).map((op) => op.kind));
    expect([...kinds].sort()).toEqual(['creates', 'searches', 'triggers']);
  });

  test('D007 in source: no plain-http URL literal outside loopback in index.ts or src/', () => {
    const files = connectorSources(name);
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => plainHttpInSource(file).map((hit) => `${path.relative(ROOT, file)}:${hit.line} ${hit.url}`));
    expect(found).toEqual([]);
  });
});

test('the source scan flags plain-http hosts and lets loopback (the sandbox) and XML namespaces through', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publishing-'));
  const file = path.join(dir, 'client.ts');
  try {
    fs.writeFileSync(
      file,
      ["const PRODUCTION = 'http://api.example.com/v2';", "const SANDBOX = 'http://127.0.0.1:4010';", "const NS = 'http://www.w3.org/2000/svg';", "const OK = 'https://api.example.com';"].join('\n'),
    );
    expect(plainHttpInSource(file)).toEqual([{ line: 1, url: 'http://api.example.com/v2' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
