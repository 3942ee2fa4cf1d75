/** The source-level publishing check (D007 in source): plain-http URLs written in a connector's code. */
import fs from 'node:fs';
import path from 'node:path';
import { connectorDir, type ConnectorName } from '../connectors';

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
