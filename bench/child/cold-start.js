// One cold start, in a fresh Node process: load an unzipped build.zip through Zapier's own entry
// point (zapierwrapper.js → createAppHandler, as Zapier's Lambda does) and answer one trigger call.
// argv: <unzipped dir> <event JSON>. Prints one line `BENCH {...}` with the time breakdown (ms since
// the process started) and the CPU time the process used until the answer.
'use strict';
const { performance } = require('node:perf_hooks');
const path = require('node:path');

const [dir, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);

const started = performance.now();
require(path.join(dir, 'node_modules', 'zapier-platform-core'));
const coreLoaded = performance.now();
require(path.join(dir, 'index.js'));
const appLoaded = performance.now();
const { handler } = require(path.join(dir, 'zapierwrapper.js'));

handler({ command: 'execute', ...event }).then(
  (response) => {
    const answered = performance.now();
    const cpu = process.cpuUsage();
    const results = response.results;
    const report = {
      ok: true,
      boot: started,
      core: coreLoaded - started,
      app: appLoaded - coreLoaded,
      call: answered - appLoaded,
      total: answered,
      cpu: (cpu.user + cpu.system) / 1000,
      items: Array.isArray(results) ? results.length : null,
    };
    process.stdout.write(`BENCH ${JSON.stringify(report)}\n`, () => process.exit(0));
  },
  (error) => {
    process.stdout.write(`BENCH ${JSON.stringify({ ok: false, error: String(error && error.message) })}\n`, () => process.exit(1));
  },
);
