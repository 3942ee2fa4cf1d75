/**
 * `npm run sandbox`: the three APIs' local twin on 127.0.0.1 (SANDBOX_PORT, default 4010), with the
 * seeded credentials and the `.env` lines to run a connector against it with `zapier-platform invoke`.
 */
import { startSandbox } from '../sandbox';

/**
 * `authData_*` lines let `zapier-platform invoke` skip `auth start` for the key and Basic connectors.
 * Serebro gets its tokens from `invoke auth start` (the OAuth flow), so it has none.
 */
function authDataLines(service: string, credentials: Record<string, unknown>): Record<string, string> {
  if (service === 'sergio') return { authData_api_key: String(credentials.apiKey) };
  if (service === 'cerbo') {
    return {
      authData_subdomain: String(credentials.subdomain),
      authData_username: String(credentials.username),
      authData_password: String(credentials.password),
    };
  }
  return {};
}

async function main() {
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  const sandbox = await startSandbox({ port, autoApprove: process.env.SANDBOX_AUTO_APPROVE === '1' });
  const out: string[] = [`Sandbox listening on ${sandbox.url}`, ''];
  for (const [name, handle] of Object.entries(sandbox.services)) {
    out.push(`# ${name}`);
    out.push(`credentials: ${JSON.stringify(handle.credentials, null, 2).replace(/\n/g, '\n  ')}`);
    out.push(`connectors/${name}/.env:`);
    const lines = { ...handle.env(sandbox.url), ...authDataLines(name, handle.credentials) };
    for (const [key, value] of Object.entries(lines)) out.push(`  ${key}=${value}`);
    out.push('');
  }
  out.push('Admin: GET /_admin/state, GET /_admin/deliveries, POST|GET|DELETE /_admin/faults. Ctrl-C stops.');
  console.log(out.join('\n'));

  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
