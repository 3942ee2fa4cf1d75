/**
 * Loads each connector's app definition the way production sees it: from `connectors/<name>/index.ts`
 * with the sandbox overrides (`*_BASE_URL`) unset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPlain, OPERATION_KINDS, viewOf } from './definition';

export const CONNECTOR_NAMES = ['serebro', 'sergio', 'cerbo'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

export const ROOT = path.resolve(__dirname, '..', '..');
export const connectorDir = (name: ConnectorName): string => path.join(ROOT, 'connectors', name);

const BASE_URL_VARS = ['SEREBRO_BASE_URL', 'SERGIO_BASE_URL', 'CERBO_BASE_URL'];

export interface LoadedConnector {
  name: ConnectorName;
  app: object;
  /** Neither authentication nor any trigger, create or search: the shell before its issue lands. */
  placeholder: boolean;
  counts: Record<(typeof OPERATION_KINDS)[number], number>;
}

/** Synchronous, so a test file can declare one test per operation; throws what the module threw. */
export function loadConnector(name: ConnectorName): LoadedConnector {
  for (const variable of BASE_URL_VARS) delete process.env[variable];
  const loaded: unknown = require(path.join(connectorDir(name), 'index.ts'));
  const app = isPlain(loaded) && isPlain(loaded.default) ? loaded.default : loaded;
  if (!isPlain(app)) throw new Error(`connectors/${name}/index.ts does not export an app definition object`);
  const view = viewOf(app);
  const counts = { triggers: 0, creates: 0, searches: 0 };
  for (const op of view.operations) counts[op.kind] += 1;
  return { name, app, placeholder: !view.authentication && view.operations.length === 0, counts };
}

/** The connector's own source files (index.ts and src/**), where its production URLs are written. */
export function connectorSources(name: ConnectorName): string[] {
  const dir = connectorDir(name);
  const files: string[] = [path.join(dir, 'index.ts')];
  const walk = (folder: string) => {
    if (!fs.existsSync(folder)) return;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  walk(path.join(dir, 'src'));
  return files.filter((file) => fs.existsSync(file));
}

/** `http://` URLs in source, other than loopback (the sandbox) and XML namespaces. */
export function plainHttpInSource(file: string): Array<{ line: number; url: string }> {
  const found: Array<{ line: number; url: string }> = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      for (const match of text.matchAll(/\bhttp:\/\/[^\s'"`)<>]+/gi)) {
        if (/^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$)/i.test(match[0]) || /^http:\/\/www\.w3\.org\//i.test(match[0])) continue;
        found.push({ line: index + 1, url: match[0] });
      }
    });
  return found;
}
