/**
 * Command-line options of `npm run bench`. Every figure is the median of `runs` repetitions;
 * `--quick` keeps every measurement but runs each few times, so CI proves the bench works in about
 * a minute rather than producing figures worth quoting.
 */

/** What the bench measures: the Zapier apps (bench/run.ts) and the n8n packages (bench/n8n.ts). */
export const PARTS = ['zapier', 'n8n'] as const;
export type BenchPart = (typeof PARTS)[number];

export interface BenchOptions {
  /** Repetitions of each measurement; the report gives their median. */
  runs: number;
  /** Fresh processes per app for the cold start, and per n8n package for its load time (each one a run). */
  coldRuns: number;
  /** Trigger and action calls per run of the per-call overhead loop. */
  calls: number;
  /** Invocations of the memory process. */
  invocations: number;
  /** Input items of one n8n workflow run, at most: each service gets fewer if its rate limit allows fewer reads in one window. */
  items: number;
  /** Timed n8n workflow runs of each side (our node, the bare node) in each process, alternating which goes first. */
  rounds: number;
  /** The factor the n8n bulk runs multiply each service's published rate limit and the credential's field by (1: the published limits). */
  bulkScale: number;
  /** Reuse connectors/<name>/build/build.zip (and the last bare template zip in bench/out/), and the n8n packages' dist/, instead of building them again. */
  build: boolean;
  /** The parts measured; results.json and results.md are written only when all of them are. */
  parts: BenchPart[];
  quick: boolean;
  /** Write results.json and results.md (off for a quick run, so CI does not rewrite the committed figures). */
  write: boolean;
}

const FULL: BenchOptions = { runs: 3, coldRuns: 15, calls: 300, invocations: 1000, items: 200, rounds: 5, bulkScale: 1, build: true, parts: [...PARTS], quick: false, write: true };
// A tenth of the limits: the quick bulk run crosses one Serebro AI window in about 10 s.
const QUICK: BenchOptions = { runs: 1, coldRuns: 2, calls: 20, invocations: 200, items: 10, rounds: 1, bulkScale: 0.1, build: true, parts: [...PARTS], quick: true, write: false };

const USAGE = `npm run bench [-- options]
  --quick              every measurement, few runs (CI); writes bench/out/results.* only
  --runs N             repetitions of each measurement (default ${FULL.runs})
  --cold-runs N        fresh processes per app for the cold start and per n8n package for its load time (default ${FULL.coldRuns})
  --calls N            calls per overhead run (default ${FULL.calls})
  --invocations N      invocations of the memory process (default ${FULL.invocations})
  --items N            input items of one n8n run, at most (default ${FULL.items}; fewer where a rate limit says so)
  --rounds N           timed n8n runs of each side per process (default ${FULL.rounds})
  --bulk-scale X       n8n bulk runs: multiply each rate limit and the credential's field by X (default ${FULL.bulkScale}; --quick ${QUICK.bulkScale})
  --only PART          measure one part: ${PARTS.join(' or ')}; writes bench/out/results.* only
  --no-build           reuse connectors/*/build/build.zip, bench/out/zips/bare.zip and n8n/packages/*/dist
  --write / --no-write write bench/results.json and results.md (default: yes, except with --quick or --only)`;

export function parseOptions(argv: string[]): BenchOptions {
  const options = { ...(argv.includes('--quick') ? QUICK : FULL) };
  const count = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number of 1 or more, not "${value ?? ''}".\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    switch (arg) {
      case '--quick':
        break;
      case '--runs':
        options.runs = count(arg, argv[++i]);
        break;
      case '--cold-runs':
        options.coldRuns = count(arg, argv[++i]);
        break;
      case '--calls':
        options.calls = count(arg, argv[++i]);
        break;
      case '--invocations':
        options.invocations = count(arg, argv[++i]);
        break;
      case '--items':
        options.items = count(arg, argv[++i]);
        break;
      case '--rounds':
        options.rounds = count(arg, argv[++i]);
        break;
      case '--bulk-scale': {
        const scale = Number(argv[++i]);
        if (!(Number.isFinite(scale) && scale > 0)) throw new Error(`--bulk-scale needs a number above 0, not "${argv[i] ?? ''}".\n${USAGE}`);
        options.bulkScale = scale;
        break;
      }
      case '--only': {
        const part = argv[++i];
        if (!PARTS.includes(part as BenchPart)) throw new Error(`--only takes ${PARTS.join(' or ')}, not "${part ?? ''}".\n${USAGE}`);
        options.parts = [part as BenchPart];
        break;
      }
      case '--no-build':
        options.build = false;
        break;
      case '--write':
        options.write = true;
        break;
      case '--no-write':
        options.write = false;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option "${arg}".\n${USAGE}`);
    }
  }
  // The committed results hold every part of one run: a partial run writes bench/out/ only.
  const partial = options.parts.length < PARTS.length;
  if (partial && argv.includes('--write')) throw new Error(`--write needs every part measured in the same run, so not with --only.\n${USAGE}`);
  if (partial) options.write = false;
  // The memory verdict compares the first 100 invocations with the last 100.
  if (options.invocations < 200) throw new Error(`--invocations must be 200 or more (first 100 vs last 100).\n${USAGE}`);
  return options;
}
