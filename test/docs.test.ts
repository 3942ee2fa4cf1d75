import fs from 'node:fs';
import path from 'node:path';
import { CONNECTORS } from '../scripts/connectors';
import { loadApp, operationsOf } from '../scripts/definition';
import { docsPath, renderDocs, staleDocs } from '../scripts/docs';

describe('listing docs (npm run docs)', () => {
  it('are up to date with the app definitions: run `npm run docs` and commit docs/connectors when this fails', async () => {
    expect(await staleDocs()).toEqual([]);
  });

  it('notice a hand edit or a missing file', async () => {
    const edited = (file: string) =>
      file === docsPath('sergio') ? fs.readFileSync(file, 'utf8').replace('Find Customer', 'Find Client') : fs.readFileSync(file, 'utf8');
    expect(await staleDocs(edited)).toEqual(['sergio']);
    expect(await staleDocs((file) => (file === docsPath('cerbo') ? undefined : fs.readFileSync(file, 'utf8')))).toEqual(['cerbo']);
  });

  it.each(CONNECTORS)('%s: documents auth and every visible trigger, action and search with fields and a sample', async (name) => {
    const app = loadApp(name);
    const text = await renderDocs(name);
    expect(text).toBe(await renderDocs(name));
    expect(text).toContain('## Connecting an account');
    const throttle = app.throttle;
    if (throttle) expect(text).toContain(`Integration-wide throttle: at most ${throttle.limit} runs per ${throttle.window} s`);
    for (const field of app.authentication?.fields ?? []) {
      expect(text).toContain(`\`${field.key}\``);
      if (field.helpText) expect(text).toContain(field.helpText.replace(/\|/g, '\\|'));
    }
    for (const { key, definition: action } of operationsOf(app)) {
      if (action.display.hidden) {
        expect(text).toContain(`| \`${key}\` | ${action.display.label} |`);
        continue;
      }
      const section = text.slice(text.indexOf(`### ${action.display.label} (\`${key}\`)`));
      expect(section).not.toBe(text);
      const body = section.slice(0, section.indexOf('\n### ', 5) > 0 ? section.indexOf('\n### ', 5) : undefined);
      expect(body).toContain(action.display.description);
      expect(body).toContain('#### Input fields');
      expect(body).toContain(`"id": ${JSON.stringify(action.operation.sample?.id)}`);
      for (const field of action.operation.inputFields ?? []) {
        if (typeof field === 'object') expect(body).toContain(`| \`${field.key}\` | ${field.required ? 'yes' : 'no'} |`);
      }
    }
  });

  it('names each dropdown\'s source trigger and search connector', async () => {
    const text = await renderDocs('serebro');
    expect(text).toContain('Dropdown from `workflows` (Published Workflows): value `id`, label `name`');
    expect(text).toContain('Search connector: Find Contact (`find_contact`)');
    // Fields only some connections show are marked as such.
    expect(text).toContain('Location *(Agency connections only)*');
  });

  it('are committed for every connector', () => {
    for (const name of CONNECTORS) expect(fs.existsSync(docsPath(name))).toBe(true);
    expect(path.relative(path.resolve(__dirname, '..'), docsPath('serebro'))).toBe(path.join('docs', 'connectors', 'serebro.md'));
  });
});
