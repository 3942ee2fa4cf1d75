/**
 * `npm run fuzz [-- --seed N --runs N --max-seconds N]`: drives every operation of the three
 * connectors with generated inputs against nock-answered APIs giving good and odd answers
 * (test/fuzz/fuzz.ts), then prints up to 20 examples of crashes and leaks, the count of each kind, and
 * one last line: `fuzz: N inputs, N odd answers, N crashes, N leaks`. Exits non-zero on any crash or leak.
 *
 * zapier-platform-core exits its process once it has run 250 invocations with more than 450 MB
 * resident (a guard for Lambda): the runs are split over child processes of at most 1,000 each, run
 * one after the other, each taking its slice of the one sequence the seed gives. That guard counts
 * garbage not yet collected too (answers of 100,000 nested arrays leave plenty), so each child collects
 * it every 100 inputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz, summaryLine, type Example, type FuzzReport, type Verdict } from './fuzz';

const SLICE = 1_000;
const COLLECT_EVERY = 100;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = inline ? inline.split('=')[1] : at >= 0 ? process.argv[at + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not ${raw}`);
  return value;
}

interface SliceResult extends Omit<FuzzReport, 'failures'> {
  failures: Array<[string, number]>;
}

/** Child mode: one slice, its report written as JSON to the file named. */
async function runSlice(out: string): Promise<void> {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) console[level] = () => undefined;
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  const progress = (done: number) => {
    if (done % COLLECT_EVERY === 0) collectGarbage?.();
  };
  const report = await fuzz({ seed: option('seed', 0), runs: option('runs', 0), from: option('from', 0), to: option('to', 0), maxSeconds: option('max-seconds', 0), progress });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(out, JSON.stringify({ ...report, failures: [...report.failures] }));
}

async function main(): Promise<void> {
  const outAt = process.argv.indexOf('--slice-out');
  if (outAt >= 0) return runSlice(process.argv[outAt + 1]);

  const seed = option('seed', Date.now() % 2_147_483_647);
  const runs = option('runs', 10_000);
  const maxSeconds = option('max-seconds', 420);
  const write = (text: string) => process.stdout.write(text);
  write(`fuzz: seed ${seed}, ${runs} inputs (again: npm run fuzz -- --seed ${seed} --runs ${runs})\n`);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const total: FuzzReport = { inputs: 0, oddAnswers: 0, crashes: 0, leaks: 0, byVerdict: { success: 0, 'zapier error': 0, crash: 0, leak: 0 }, failures: new Map(), examples: [] };
  try {
    for (let from = 0; from < runs; from += SLICE) {
      const left = maxSeconds - Math.floor((Date.now() - started) / 1000);
      if (left <= 0) {
        write(`  stopped after ${maxSeconds} s (--max-seconds)\n`);
        break;
      }
      const out = join(dir, `${from}.json`);
      const to = Math.min(from + SLICE, runs);
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, '--expose-gc', __filename, '--slice-out', out, '--seed', String(seed), '--runs', String(runs), '--from', String(from), '--to', String(to), '--max-seconds', String(left)],
        { stdio: ['ignore', 'ignore', 'inherit'], env: process.env },
      );
      if (child.status !== 0) throw new Error(`the slice ${from}–${to} ended with ${child.status ?? child.signal}`);
      const part = JSON.parse(readFileSync(out, 'utf8')) as SliceResult;
      total.inputs += part.inputs;
      total.oddAnswers += part.oddAnswers;
      total.crashes += part.crashes;
      total.leaks += part.leaks;
      for (const [verdict, n] of Object.entries(part.byVerdict)) total.byVerdict[verdict as Verdict] += n;
      for (const [key, n] of part.failures) total.failures.set(key, (total.failures.get(key) ?? 0) + n);
      const seenKeys = new Set(total.examples.map((example: Example) => `${example.verdict}|${example.operation}|${example.answer}|${example.error}`));
      for (const example of part.examples) {
        const key = `${example.verdict}|${example.operation}|${example.answer}|${example.error}`;
        if (total.examples.length < 20 && !seenKeys.has(key)) total.examples.push(example);
      }
      write(`  ${total.inputs} inputs (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (total.examples.length) {
    write('\nexamples (operation | answer | error | message, secrets and inputs masked):\n');
    for (const example of total.examples) {
      write(`  ${example.verdict}: ${example.operation} | ${example.answer} | ${example.error} | ${JSON.stringify(example.message)}\n`);
    }
    write('\ncounts (verdict | operation | answer | error):\n');
    for (const [key, n] of [...total.failures].sort(([a], [b]) => a.localeCompare(b))) write(`  ${n}\t${key}\n`);
  }
  write(`\noutcomes: ${Object.entries(total.byVerdict).map(([name, n]) => `${name} ${n}`).join(', ')}; ${Math.round((Date.now() - started) / 1000)} s\n`);
  write(`${summaryLine(total)}\n`);
  process.exitCode = total.crashes + total.leaks > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
