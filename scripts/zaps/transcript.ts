import type { StepRecord } from './harness';

export interface SectionSummary {
  title: string;
  steps: number;
  ok: number;
  failed: number;
  skipped: number;
  requests: number;
  ms: number;
}

export interface Connection {
  connector: string;
  service: string;
  auth: string;
  label: string | null;
}

export interface DemoReport {
  ok: boolean;
  sandbox: string;
  connections: Connection[];
  steps: StepRecord[];
  summary: SectionSummary[];
  totals: Omit<SectionSummary, 'title'>;
  /** Requests the sandbox received per service, over the whole run. */
  requestsByService: Record<string, number>;
}

export function summarise(steps: StepRecord[]): { summary: SectionSummary[]; totals: Omit<SectionSummary, 'title'> } {
  const summary: SectionSummary[] = [];
  for (const step of steps) {
    let row = summary.find((s) => s.title === step.zap);
    if (!row) {
      row = { title: step.zap, steps: 0, ok: 0, failed: 0, skipped: 0, requests: 0, ms: 0 };
      summary.push(row);
    }
    row.steps += 1;
    row[step.outcome] += 1;
    row.requests += step.requests;
    row.ms += step.ms;
  }
  const totals = { steps: 0, ok: 0, failed: 0, skipped: 0, requests: 0, ms: 0 };
  for (const row of summary) {
    for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += row[key];
  }
  return { summary, totals };
}

/**
 * Replaces every known credential in printed text. The demo never puts one in a message; this is
 * the last line of defence, and the count of replacements is reported so a test can insist on 0.
 */
export class Redactor {
  replaced = 0;
  constructor(private readonly secrets: () => Iterable<string>) {}

  clean(text: string): string {
    let out = text;
    for (const secret of this.secrets()) {
      if (secret && out.includes(secret)) {
        this.replaced += out.split(secret).length - 1;
        out = out.split(secret).join('[redacted]');
      }
    }
    return out;
  }
}

export interface Style {
  color: boolean;
}

const paint = (style: Style, code: string, text: string) => (style.color ? `\x1b[${code}m${text}\x1b[0m` : text);

const MARK: Record<StepRecord['outcome'], { symbol: string; code: string }> = {
  ok: { symbol: '✔', code: '32' },
  failed: { symbol: '✖', code: '31' },
  skipped: { symbol: '–', code: '33' },
};

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const padStart = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export function sectionHeading(title: string, style: Style): string {
  return `\n${paint(style, '1', title)}`;
}

/** Two lines per step: what ran and how it went, then what it did. */
export function stepLines(step: StepRecord, style: Style): string[] {
  const mark = MARK[step.outcome];
  const head = [
    paint(style, mark.code, `${mark.symbol} ${pad(step.outcome, 7)}`),
    padStart(String(step.number), 2),
    pad(step.service, 10),
    padStart(plural(step.requests, 'request'), 11),
    padStart(formatMs(step.ms), 8),
    paint(style, '1', step.operation),
  ].join('  ');
  return [`  ${head}`, `${' '.repeat(14)}${paint(style, step.outcome === 'ok' ? '2' : mark.code, `↳ ${step.detail}`)}`];
}

export function summaryLines(report: Pick<DemoReport, 'summary' | 'totals' | 'ok'> & Partial<Pick<DemoReport, 'requestsByService'>>, style: Style): string[] {
  const widths = [Math.max(24, ...report.summary.map((row) => row.title.length)), 5, 4, 6, 7, 8, 8];
  const row = (cells: string[]) =>
    '  ' + cells.map((cell, i) => (i === 0 ? pad(cell, widths[i]) : padStart(cell, widths[i]))).join('  ');
  const rule = '  ' + widths.map((w) => '─'.repeat(w)).join('  ');
  const cells = (title: string, s: Omit<SectionSummary, 'title'>) => [
    title,
    String(s.steps),
    String(s.ok),
    String(s.failed),
    String(s.skipped),
    String(s.requests),
    formatMs(s.ms),
  ];
  const lines = [
    sectionHeading('Summary', style),
    row(['Zap', 'Steps', 'OK', 'Failed', 'Skipped', 'Requests', 'Time']),
    rule,
    ...report.summary.map((s) => row(cells(s.title, s))),
    rule,
    row(cells('Total', report.totals)),
    '',
  ];
  const byService = Object.entries(report.requestsByService ?? {});
  if (byService.length) {
    lines.push(`  Requests per service: ${byService.map(([service, n]) => `${service} ${n}`).join(', ')}.`, '');
  }
  const { totals } = report;
  lines.push(
    report.ok
      ? paint(style, '32;1', `All ${totals.steps} steps succeeded: ${totals.requests} requests to the sandbox in ${formatMs(totals.ms)}.`)
      : paint(
          style,
          '31;1',
          `${plural(totals.failed, 'step')} failed and ${totals.skipped} skipped, out of ${totals.steps}: see the ✖ lines above.`,
        ),
  );
  return lines;
}

/**
 * The progress line. On a terminal a spinner names the running step and is replaced by the step's
 * transcript lines; elsewhere (CI, a pipe) only the finished lines are printed, one per step.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private current = '';
  private static readonly FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

  constructor(
    private readonly write: (text: string) => void,
    private readonly interactive: boolean,
  ) {}

  start(text: string): void {
    if (!this.interactive) return;
    this.current = text;
    this.render();
    this.timer ??= setInterval(() => this.render(), 80);
  }

  /** Clears the spinner so that the next lines print cleanly. */
  clear(): void {
    if (!this.interactive) return;
    this.write('\r\x1b[2K');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private render(): void {
    this.frame = (this.frame + 1) % Progress.FRAMES.length;
    this.write(`\r\x1b[2K${Progress.FRAMES[this.frame]} ${this.current}`);
  }
}

/**
 * What `runSections` calls as a run goes, for a main job that prints its transcript live: a heading when a
 * section starts, a progress line while a step runs, and the step's lines once it is done.
 */
export function liveTranscript(print: (line: string) => void, progress: Progress, style: Style) {
  let section = '';
  return {
    onStart: (step: { number: number; total: number; section: string; service: string; operation: string }) => {
      if (step.section !== section) {
        section = step.section;
        progress.clear();
        print(sectionHeading(section, style));
      }
      progress.start(`[${step.number}/${step.total}] ${step.service} · ${step.operation}`);
    },
    onDone: (record: StepRecord) => {
      progress.clear();
      for (const line of stepLines(record, style)) print(line);
    },
  };
}
