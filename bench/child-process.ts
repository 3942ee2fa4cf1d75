/**
 * The bench's measurements run in fresh Node processes, one script of bench/child/ each, which print
 * one line `BENCH {...}` and may ask (over IPC) for the sandbox's rate limits to be reset between
 * the calls they time.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchSandbox } from './sandbox';

export interface ChildResult {
  wallMs: number;
  report: Record<string, unknown> & { ok: boolean; error?: string };
}

export interface ChildSpec {
  /** A file of bench/child/. */
  script: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Flags for Node itself: `--expose-gc`, or `--import tsx` for a TypeScript child. */
  nodeFlags?: string[];
  /** What the process measures, for its error messages. */
  label: string;
}

/** Runs a child in a fresh Node process (the one running the bench: Node 22) and answers its report. */
export function runChild(bench: BenchSandbox, spec: ChildSpec): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), path.join(__dirname, 'child', spec.script), ...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('message', (message: { type?: string; id?: number }) => {
      if (message?.type !== 'reset') return;
      bench.resetLimits().then(
        () => child.send({ type: 'reset-done', id: message.id }),
        (error: unknown) => reject(error),
      );
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH '));
      if (!line) return reject(new Error(`${spec.script} for ${spec.label} exited ${code} without a report:\n${stdout}\n${stderr}`));
      const report = JSON.parse(line.slice('BENCH '.length)) as ChildResult['report'];
      if (!report.ok) return reject(new Error(`${spec.script} for ${spec.label} failed: ${report.error}\n${stderr}`));
      resolve({ wallMs, report });
    });
  });
}
