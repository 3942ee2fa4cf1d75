// The load time of one n8n package, in a fresh Node process: n8n-workflow first (n8n has it loaded before
// it reads any community package), then each file of the package's `n8n` section, nodes first, each class
// made as n8n's loader makes it (`new (require(file)[className])()`). argv: <spec JSON>
// `{ packageDir, nodes: [{ file, className }], credentials: [...] }`. Prints one line `BENCH {...}`.
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const spec = JSON.parse(process.argv[2]);

try {
  const started = performance.now();
  // The n8n-workflow the package's files will find (n8n's own, here the engine folder's).
  createRequire(path.join(spec.packageDir, 'package.json'))('n8n-workflow');
  const workflowLoaded = performance.now();
  const make = (entry) => new (require(entry.file)[entry.className])();
  for (const entry of spec.nodes) make(entry);
  const nodesLoaded = performance.now();
  for (const entry of spec.credentials) make(entry);
  const credentialsLoaded = performance.now();
  const report = {
    ok: true,
    workflow: workflowLoaded - started,
    nodes: nodesLoaded - workflowLoaded,
    credentials: credentialsLoaded - nodesLoaded,
  };
  process.stdout.write(`BENCH ${JSON.stringify(report)}\n`, () => process.exit(0));
} catch (error) {
  const detail = error && error.stack ? error.stack : String(error);
  process.stdout.write(`BENCH ${JSON.stringify({ ok: false, error: detail })}\n`, () => process.exit(1));
}
