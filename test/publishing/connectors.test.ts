/**
 * Zapier's publishing checks over the three real connector definitions. A violation fails the test
 * with the rule id, the definition path and what to change; the per-connector table of rules checked
 * is printed either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTOR_NAMES, ROOT, connectorSources, loadConnector, plainHttpInSource, type ConnectorName, type LoadedConnector } from './connectors';
import { formatTable, formatViolations, runRules } from './rules';

function load(name: ConnectorName): LoadedConnector | Error {
  try {
    return loadConnector(name);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

describe.each(CONNECTOR_NAMES.map((name): [ConnectorName, LoadedConnector | Error] => [name, load(name)]))('%s', (name, loaded) => {
  test('its index.ts loads with the *_BASE_URL overrides unset', () => {
    if (loaded instanceof Error) throw new Error(`connectors/${name}/index.ts failed to load: ${loaded.message}`);
    expect(typeof loaded.app).toBe('object');
  });

  if (loaded instanceof Error) return;

  test('passes every publishing rule', () => {
    const reports = runRules(loaded.app);
    console.log(`${formatTable(name, reports)}\n\n${formatViolations(name, reports)}`);
    const violations = reports.flatMap((report) => report.evaluation.violations);
    if (violations.length > 0) throw new Error(formatViolations(name, reports));
    expect(reports.every((report) => report.evaluation.failed === 0)).toBe(true);
  });

  test(loaded.placeholder ? 'is still the placeholder shell (nothing to publish yet)' : 'offers authentication and at least one trigger, create and search', () => {
    if (loaded.placeholder) {
      expect(loaded.counts).toEqual({ triggers: 0, creates: 0, searches: 0 });
      return;
    }
    expect('authentication' in loaded.app).toBe(true);
    expect(loaded.counts.triggers).toBeGreaterThanOrEqual(1);
    expect(loaded.counts.creates).toBeGreaterThanOrEqual(1);
    expect(loaded.counts.searches).toBeGreaterThanOrEqual(1);
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
