// Many invocations of one unzipped app through zapier-platform-core's createAppTester, in a process
// of their own (the sandbox runs in the bench's process). argv: <unzipped dir> <spec JSON>.
//
// mode "overhead": for each operation, `calls` invocations, each followed by the very HTTP request
// it made (recorded on its first call) sent again with Node's fetch; prints per-call milliseconds,
// elapsed and CPU (this process's: the sandbox's work is in the bench's process).
// mode "memory": `invocations` calls cycling through the operations; prints RSS after each one.
//
// Asks the bench (IPC) to reset the sandbox's rate limits every `resetEvery` requests, between
// calls, so no 429 reaches a timing. Prints one line `BENCH {...}`.
'use strict';
const diagnostics = require('node:diagnostics_channel');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const { URL } = require('node:url');

const { fetch, structuredClone } = globalThis;

const [dir, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson);
const core = require(path.join(dir, 'node_modules', 'zapier-platform-core'));
const app = require(path.join(dir, 'index.js'));
const appTester = core.createAppTester(app);

let pending = 0;
function resetLimits() {
  return new Promise((resolve) => {
    const id = ++pending;
    const onMessage = (message) => {
      if (message && message.type === 'reset-done' && message.id === id) {
        process.off('message', onMessage);
        resolve();
      }
    };
    process.on('message', onMessage);
    process.send({ type: 'reset', id });
  });
}

let requestsSinceReset = 0;
async function spend(requests) {
  if (requestsSinceReset + requests > spec.resetEvery) {
    await resetLimits();
    requestsSinceReset = 0;
  }
  requestsSinceReset += requests;
}

// The HTTP requests an invocation makes, as sent on the wire (node-fetch over node:http): seen when
// created, read when ended, so the body and the final headers are both there.
let recording = null;
diagnostics.subscribe('http.client.request.created', ({ request }) => {
  if (!recording) return;
  const list = recording;
  const chunks = [];
  const keep = (chunk) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
  };
  const write = request.write;
  request.write = function (chunk, ...rest) {
    keep(chunk);
    return write.call(this, chunk, ...rest);
  };
  const end = request.end;
  request.end = function (chunk, ...rest) {
    keep(chunk);
    list.push({ method: request.method, url: `${request.protocol}//${request.getHeader('host')}${request.path}`, headers: request.getHeaders(), chunks });
    return end.call(this, chunk, ...rest);
  };
});

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** The same request with Node's fetch, its JSON body parsed as Zapier parses it. */
async function replay(request) {
  const headers = {};
  for (const [name, value] of Object.entries(request.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = String(value);
  const body = request.chunks.length ? Buffer.concat(request.chunks) : undefined;
  const response = await fetch(request.url, { method: request.method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`fetch ${request.method} ${request.url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** createAppTester takes the function itself, found here by its dotted path. */
const methodAt = (method) => method.split('.').reduce((node, key) => node[key], app);
const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const invoke = (operation) => appTester(methodAt(operation.method), structuredClone(operation.bundle));

async function overhead() {
  const operations = [];
  for (const operation of spec.operations) {
    // The first call records the requests (and warms up); it is not timed.
    await spend(spec.maxRequestsPerCall);
    recording = [];
    await invoke(operation);
    const requests = recording;
    recording = null;
    const viaCore = [];
    const direct = [];
    const viaCoreCpu = [];
    const directCpu = [];
    for (let i = 0; i < spec.calls; i += 1) {
      await spend(requests.length * 2);
      let cpu = process.cpuUsage();
      let start = performance.now();
      await invoke(operation);
      viaCore.push(performance.now() - start);
      viaCoreCpu.push(cpuMs(process.cpuUsage(cpu)));
      cpu = process.cpuUsage();
      start = performance.now();
      for (const request of requests) await replay(request);
      direct.push(performance.now() - start);
      directCpu.push(cpuMs(process.cpuUsage(cpu)));
    }
    operations.push({
      label: operation.label,
      requests: requests.map((request) => `${request.method} ${new URL(request.url).pathname}`),
      viaCore,
      direct,
      viaCoreCpu,
      directCpu,
    });
  }
  // zapier-platform-core deep-copies and deep-freezes the whole app definition twice per call
  // (createApp and prepareApp in create-lambda-handler.js): a cost that grows with the definition.
  const { prepareApp } = require(path.join(dir, 'node_modules', 'zapier-platform-core', 'src', 'tools', 'schema'));
  const prepare = [];
  for (let i = 0; i < 50; i += 1) {
    const start = performance.now();
    prepareApp(app);
    prepare.push(performance.now() - start);
  }
  return { operations, prepareAppMs: prepare.sort((a, b) => a - b)[25] };
}

async function memory() {
  const rss = [];
  const heapAfterGc = {};
  for (let i = 0; i < spec.invocations; i += 1) {
    const operation = spec.operations[i % spec.operations.length];
    await spend(spec.maxRequestsPerCall);
    await invoke(operation);
    rss.push(process.memoryUsage.rss());
    if (i + 1 === 100 || i + 1 === spec.invocations) {
      globalThis.gc();
      heapAfterGc[i + 1] = process.memoryUsage().heapUsed;
    }
  }
  return { rss, heapAfterGc, maxRss: process.resourceUsage().maxRSS * 1024 };
}

(spec.mode === 'memory' ? memory() : overhead()).then(
  (result) => process.stdout.write(`BENCH ${JSON.stringify({ ok: true, ...result })}\n`, () => process.exit(0)),
  (error) => {
    const detail = error && error.stack ? error.stack : String(error);
    process.stdout.write(`BENCH ${JSON.stringify({ ok: false, error: detail })}\n`, () => process.exit(1));
  },
);
