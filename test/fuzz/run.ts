/**
 * `npm run fuzz [-- --seed N --runs N]`: drives every operation of the three connectors with
 * generated inputs against nock-answered APIs giving good and odd answers (test/fuzz/fuzz.ts), then
 * prints up to 20 examples of crashes and leaks, the count of each kind, and one last line:
 * `fuzz: N inputs, N odd answers, N crashes, N leaks`. Exits non-zero on any crash or leak.
 * `--max-seconds` (default 420) bounds the run: inputs not run by then are not counted.
 */
import { fuzz, summaryLine } from './fuzz';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = inline ? inline.split('=')[1] : at >= 0 ? process.argv[at + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const seed = option('seed', Date.now() % 2_147_483_647);
  const runs = option('runs', 10_000);
  const maxSeconds = option('max-seconds', 420);
  process.stdout.write(`fuzz: seed ${seed}, ${runs} inputs (again: npm run fuzz -- --seed ${seed} --runs ${runs})\n`);
  const started = Date.now();
  // Connectors and core log to the console; the report is what matters here.
  const write = process.stdout.write.bind(process.stdout);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) console[level] = () => undefined;
  const report = await fuzz({
    seed,
    runs,
    maxSeconds,
    progress: (done) => {
      if (done % 1000 === 0) write(`  ${done} inputs (${Math.round((Date.now() - started) / 1000)} s)\n`);
    },
  });
  if (report.examples.length) {
    write('\nexamples (operation | answer | error | message, secrets and inputs masked):\n');
    for (const example of report.examples) {
      write(`  ${example.verdict}: ${example.operation} | ${example.answer} | ${example.error} | ${JSON.stringify(example.message)}\n`);
    }
    write('\ncounts (verdict | operation | answer | error):\n');
    for (const [key, n] of [...report.failures].sort(([a], [b]) => a.localeCompare(b))) write(`  ${n}\t${key}\n`);
  }
  write(`\noutcomes: ${Object.entries(report.byVerdict).map(([name, n]) => `${name} ${n}`).join(', ')}; ${Math.round((Date.now() - started) / 1000)} s\n`);
  write(`${summaryLine(report)}\n`);
  process.exitCode = report.crashes + report.leaks > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
