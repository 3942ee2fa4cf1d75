/**
 * The n8n packages as n8n receives them: built by n8n/build.ts, packed by npm, installed from the tarball and
 * loaded by n8n-core's own package loader. Nothing of zapier-platform-core or of n8n is inside, and nothing but
 * n8n-workflow (which n8n provides) is needed at run time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { forbiddenInputs, metafileOf, n8nPackages, runtimeRequirements, tarballOf, type N8nPackage } from '../build';

const N8N_DIR = path.resolve(__dirname, '..');
const ROOT = path.resolve(N8N_DIR, '..');

/** The names n8n knows each package's classes by: class (from the file name) and credential or node name. */
const EXPECTED: Record<string, { credential: [string, string]; node: [string, string]; trigger: [string, string] }> = {
  serebro: { credential: ['SerebroOAuth2Api', 'serebroOAuth2Api'], node: ['Serebro', 'serebro'], trigger: ['SerebroTrigger', 'serebroTrigger'] },
  sergio: { credential: ['SergioApi', 'sergioApi'], node: ['Sergio', 'sergio'], trigger: ['SergioTrigger', 'sergioTrigger'] },
  cerbo: { credential: ['CerboApi', 'cerboApi'], node: ['Cerbo', 'cerbo'], trigger: ['CerboTrigger', 'cerboTrigger'] },
};

/** The runtime's generator writes every node source at build time; without it, only the sources in the tree are built. */
const hasNodeGenerator = existsSync(path.join(N8N_DIR, 'runtime', 'generate.ts'));
const sourceOf = (pkg: N8nPackage, entry: string) => path.join(pkg.dir, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
const isBuilt = (pkg: N8nPackage, entry: string) => hasNodeGenerator || existsSync(sourceOf(pkg, entry));

const packages = n8nPackages();
const installed = mkdtempSync(path.join(tmpdir(), 'n8n-packages-'));

beforeAll(() => {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(N8N_DIR, 'build.ts')], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

afterAll(() => rmSync(installed, { recursive: true, force: true }));

it('finds the three packages', () => {
  expect(packages.map((pkg) => pkg.name).sort()).toEqual(['n8n-nodes-cerbo', 'n8n-nodes-serebro', 'n8n-nodes-sergio']);
});

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (_name, pkg) => {
  const expected = EXPECTED[pkg.service];
  const manifest = JSON.parse(readFileSync(path.join(pkg.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const builtNodes = pkg.nodes.filter((entry) => isBuilt(pkg, entry));

  it('declares no dependencies and no install scripts; n8n-workflow "*" is its one peer; UNLICENSED; ships dist/ only', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(manifest.license).toBe('UNLICENSED');
    expect(manifest.files).toEqual(['dist']);
    expect(manifest.keywords).toContain('n8n-community-node-package');
    expect(pkg.credentials).toEqual([`dist/credentials/${expected.credential[0]}.credentials.js`]);
    expect(pkg.nodes).toEqual([`dist/nodes/${expected.node[0]}/${expected.node[0]}.node.js`, `dist/nodes/${expected.trigger[0]}/${expected.trigger[0]}.node.js`]);
  });

  it('packs only dist/, package.json, README.md and LICENSE.md, with every built entry and icon', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pkg.dir, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    const files = packed.files.map((file) => file.path).sort();
    expect(files.filter((file) => !file.startsWith('dist/'))).toEqual(['LICENSE.md', 'README.md', 'package.json']);
    expect(files.filter((file) => file.endsWith('.json') && file !== 'package.json')).toEqual([]);
    for (const entry of [...pkg.credentials, ...builtNodes]) expect(files).toContain(entry);
    const icons = files.filter((file) => file.endsWith('.svg'));
    expect(icons).toEqual([`dist/nodes/${expected.node[0]}/${pkg.service}.dark.svg`, `dist/nodes/${expected.node[0]}/${pkg.service}.svg`]);
  });

  it('bundles nothing of zapier-platform-core nor of n8n, and needs only n8n-workflow at run time', () => {
    const metafile = JSON.parse(readFileSync(metafileOf(pkg), 'utf8')) as Metafile;
    expect(Object.keys(metafile.inputs)).toContain(`credentials/${expected.credential[0]}.credentials.ts`);
    expect(forbiddenInputs(metafile)).toEqual([]);
    expect(runtimeRequirements(metafile).filter((required) => required !== 'n8n-workflow')).toEqual([]);
  });

  const loads = (entries: { credentials: string[]; nodes: string[] }) => {
    const into = path.join(installed, pkg.service);
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', tarballOf(pkg), '-C', into]);
    const directory = path.join(into, 'package');
    const output = execFileSync(process.execPath, [path.join(__dirname, 'installed-package.js'), directory, JSON.stringify(entries)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(N8N_DIR, 'node_modules') },
    });
    return { directory, known: JSON.parse(output) as Loaded };
  };

  it(`installed from its tarball, loads in n8n with credential ${expected.credential[1]} and its icons`, () => {
    const { directory, known } = loads({ credentials: pkg.credentials, nodes: builtNodes });
    expect(known.credentials).toEqual([
      {
        className: expected.credential[0],
        name: expected.credential[1],
        iconUrl: { light: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.svg`, dark: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.dark.svg` },
        supportedNodes: builtNodes.map((entry) => (entry.includes(`/${expected.trigger[0]}/`) ? expected.trigger[1] : expected.node[1])),
      },
    ]);
    for (const icon of Object.values(known.credentials[0].iconUrl)) {
      expect(existsSync(path.join(directory, icon.replace(`icons/${pkg.name}/`, '')))).toBe(true);
    }
    console.log(`${pkg.name}: loaded by n8n-core's PackageDirectoryLoader in ${known.loadMs.toFixed(1)} ms`);
  });

  const nodeEntry = pkg.nodes[0];
  (isBuilt(pkg, nodeEntry) ? it : it.skip)(`loads node ${expected.node[1]} (${nodeEntry}) in n8n, usable as an AI tool${isBuilt(pkg, nodeEntry) ? '' : `: no ${path.relative(pkg.dir, sourceOf(pkg, nodeEntry))} in this tree`}`, () => {
    const { known } = loads({ credentials: [], nodes: [nodeEntry] });
    expect(known.nodes).toEqual([
      {
        className: expected.node[0],
        name: expected.node[1],
        iconUrl: { light: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.svg`, dark: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.dark.svg` },
        usableAsTool: true,
      },
    ]);
  });

  const triggerEntry = pkg.nodes[1];
  (isBuilt(pkg, triggerEntry) ? it : it.skip)(`loads trigger node ${expected.trigger[1]} (${triggerEntry}) in n8n, with the action node's icons`, () => {
    const { known } = loads({ credentials: [], nodes: [triggerEntry] });
    expect(known.nodes).toEqual([
      {
        className: expected.trigger[0],
        name: expected.trigger[1],
        iconUrl: { light: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.svg`, dark: `icons/${pkg.name}/dist/nodes/${expected.node[0]}/${pkg.service}.dark.svg` },
      },
    ]);
  });
});

interface Loaded {
  loadMs: number;
  nodes: { className: string; name: string; iconUrl: Record<string, string>; usableAsTool?: boolean }[];
  credentials: { className: string; name: string; iconUrl: Record<string, string>; supportedNodes: string[] }[];
}

describe('the check of what a bundle holds', () => {
  /** A metafile as esbuild writes it, with the inputs and the run-time requirements given. */
  const metafileWith = (inputs: string[], required: string[] = []): Metafile => ({
    inputs: Object.fromEntries(inputs.map((input) => [input, { bytes: 1, imports: [] }])),
    outputs: { 'dist/nodes/Example/Example.node.js': { bytes: 1, inputs: {}, imports: required.map((required) => ({ path: required, kind: 'require-call', external: true })), exports: [] } },
  });

  it('finds a file of zapier-platform-core, of n8n-core or of another n8n package among the inputs', () => {
    const metafile = metafileWith([
      'nodes/Example/Example.node.ts',
      '../../../kit/request.ts',
      '../../../node_modules/zod/v4/core/core.js',
      '../../../node_modules/zapier-platform-core/src/tools/create-app-request-client.js',
      '../../node_modules/n8n-core/dist/index.js',
      '..\\..\\node_modules\\@n8n\\backend-common\\dist\\index.js',
    ]);
    expect(forbiddenInputs(metafile)).toEqual([
      '../../../node_modules/zapier-platform-core/src/tools/create-app-request-client.js',
      '../../node_modules/n8n-core/dist/index.js',
      '..\\..\\node_modules\\@n8n\\backend-common\\dist\\index.js',
    ]);
  });

  it('passes a bundle of our own code and zod', () => {
    expect(forbiddenInputs(metafileWith(['nodes/Example/Example.node.ts', '../../../kit/request.ts', '../../../node_modules/zod/mini/index.js']))).toEqual([]);
  });

  it('lists what a bundle requires at run time besides Node\'s own modules', () => {
    expect(runtimeRequirements(metafileWith([], ['n8n-workflow', 'node:crypto', 'stream', 'lodash', 'n8n-workflow']))).toEqual(['n8n-workflow', 'lodash']);
  });
});
