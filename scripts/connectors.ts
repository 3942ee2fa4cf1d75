import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export const CONNECTORS = ['serebro', 'sergio', 'cerbo'] as const;
export type ConnectorName = (typeof CONNECTORS)[number];

export const connectorDir = (name: ConnectorName) => path.join(ROOT, 'connectors', name);

/** node_modules/.bin first, so the CLI and every child process run on the project's Node 22. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = path.join(ROOT, 'node_modules', '.bin');
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}
