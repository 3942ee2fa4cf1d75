/**
 * The one list of connectors, and where each lives. Scripts, tests, docs and the bench take it from
 * here; what each connector offers comes from its assembled app (scripts/definition).
 */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export const CONNECTORS = ['serebro', 'sergio', 'cerbo'] as const;
export type ConnectorName = (typeof CONNECTORS)[number];

export const isConnectorName = (name: string): name is ConnectorName => (CONNECTORS as readonly string[]).includes(name);

/** The service each connector talks to, as users know it. */
export const SERVICE_NAMES: Record<ConnectorName, string> = {
  serebro: 'Serebro AI',
  sergio: 'Sergio',
  cerbo: 'Cerbo',
};

/** The environment variable that moves each connector's origin (docs/apis.md §4); unset in production. */
export const BASE_URL_ENV: Record<ConnectorName, string> = {
  serebro: 'SEREBRO_BASE_URL',
  sergio: 'SERGIO_BASE_URL',
  cerbo: 'CERBO_BASE_URL',
};

export const connectorDir = (name: ConnectorName): string => path.join(ROOT, 'connectors', name);

/** node_modules/.bin first, so the CLI and every child process run on the project's Node 22. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = path.join(ROOT, 'node_modules', '.bin');
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}
