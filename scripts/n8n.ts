/**
 * `npm run n8n`: the second main job, beside `npm start`. It runs the five Zaps of `npm start` as workflows of a
 * real n8n, with the connectors installed as community packages, and prints a transcript and a summary. With
 * `--check` it stops n8n and the sandbox afterwards and checks the editor in a browser; without it, both keep
 * running for a person to open the editor. Exits non-zero when any step failed or was skipped.
 */
import { runN8n } from './n8n/run';

const USAGE = `Usage: npm run n8n [-- --check]

Runs the Serebro AI, Sergio and Cerbo n8n packages in a real n8n against the embedded sandbox.
  --check  stop n8n and the sandbox at the end, and check the editor in Debian's chromium (CI)
  --help   show this text`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}.\n\n${USAGE}`);
    return 2;
  }
  const result = await runN8n({ check: argv.includes('--check') });
  if (result.running) {
    const { server, sandbox } = result.running;
    const stop = () => {
      void Promise.allSettled([server.stop(), sandbox.close()]).then(() => process.exit(result.ok ? 0 : 1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`npm run n8n failed before it could finish: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
