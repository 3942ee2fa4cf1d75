/**
 * Builds the n8n packages (n8n/packages/<service>): writes each node's source from its connector's operations,
 * bundles every credential and node into the package's dist/ with everything it needs but n8n-workflow (so the
 * package has no dependencies), refuses a bundle holding anything of zapier-platform-core or of n8n itself, and
 * packs each package into n8n/out/<name>-<version>.tgz, the file a self-hosted n8n installs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

const PACKAGES_DIR = path.join(__dirname, 'packages');

/** Tarballs and the bundles' metafiles: build outputs that are not part of any package. */
export const OUT_DIR = path.join(__dirname, 'out');

/** Writes nodes/<Name>/<Name>.node.ts of every package from the connectors' operation lists. */
const NODE_GENERATOR = path.join(__dirname, 'runtime', 'generate.ts');

export interface N8nPackage {
  /** The package's folder under n8n/packages, named after its service: `serebro`. */
  service: string;
  dir: string;
  name: string;
  version: string;
  /** Its package.json's `n8n` section: the files n8n loads, relative to the package. */
  credentials: string[];
  nodes: string[];
}

const isN8nSection = (value: unknown): value is { credentials?: string[]; nodes?: string[] } => typeof value === 'object' && value !== null;

/** Every folder of n8n/packages whose package.json has an `n8n` section. */
export function n8nPackages(): N8nPackage[] {
  return readdirSync(PACKAGES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(PACKAGES_DIR, entry.name, 'package.json')))
    .map((entry) => {
      const dir = path.join(PACKAGES_DIR, entry.name);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; n8n?: unknown };
      const section = isN8nSection(manifest.n8n) ? manifest.n8n : {};
      return { service: entry.name, dir, name: manifest.name, version: manifest.version, credentials: section.credentials ?? [], nodes: section.nodes ?? [] };
    })
    .filter((pkg) => pkg.credentials.length + pkg.nodes.length > 0);
}

export const metafileOf = (pkg: N8nPackage) => path.join(OUT_DIR, `${pkg.service}.meta.json`);
export const tarballOf = (pkg: N8nPackage) => path.join(OUT_DIR, `${pkg.name}-${pkg.version}.tgz`);

/** Files of a folder, recursively, relative to `root`, whose names end with `suffix`. */
function filesEndingWith(root: string, folder: string, suffix: string): string[] {
  const start = path.join(root, folder);
  if (!existsSync(start)) return [];
  return readdirSync(start, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => path.join(folder, file))
    .sort();
}

/** What esbuild bundles: every credential and every node source of the package (paths relative to it). */
const entryPointsOf = (pkg: N8nPackage) => [...filesEndingWith(pkg.dir, 'credentials', '.credentials.ts'), ...filesEndingWith(pkg.dir, 'nodes', '.node.ts')];

/**
 * Sources a published package must never carry: zapier-platform-core is licensed for running apps on Zapier
 * only, and n8n's own packages (Sustainable Use License) come from the n8n that loads the node.
 */
const FORBIDDEN_SOURCES = [/(^|\/)node_modules\/zapier-platform-core\//, /(^|\/)node_modules\/n8n-(core|workflow)\//, /(^|\/)node_modules\/@n8n\//];

/** The bundle's inputs that come from a forbidden source (paths as esbuild's metafile gives them). */
export const forbiddenInputs = (metafile: Metafile): string[] =>
  Object.keys(metafile.inputs).filter((input) => FORBIDDEN_SOURCES.some((source) => source.test(input.replaceAll('\\', '/'))));

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * What the bundle still requires at run time other than Node's own modules: only n8n-workflow, which n8n
 * provides (the package's one peer dependency); anything else would be missing once installed.
 */
export const runtimeRequirements = (metafile: Metafile): string[] => [
  ...new Set(
    Object.values(metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((imported) => imported.external && !NODE_BUILTINS.has(imported.path))
      .map((imported) => imported.path),
  ),
];

/** Bundles a package's credentials and nodes into its dist/ and copies its icons there; keeps the metafile in n8n/out. */
async function bundlePackage(pkg: N8nPackage): Promise<Metafile> {
  const dist = path.join(pkg.dir, 'dist');
  for (const earlier of [dist, metafileOf(pkg), tarballOf(pkg)]) rmSync(earlier, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: pkg.dir,
    entryPoints: entryPointsOf(pkg),
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['n8n-workflow'],
    metafile: true,
    logLevel: 'warning',
  });
  for (const icon of filesEndingWith(pkg.dir, 'nodes', '.svg')) {
    mkdirSync(path.dirname(path.join(dist, icon)), { recursive: true });
    cpSync(path.join(pkg.dir, icon), path.join(dist, icon));
  }
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(metafileOf(pkg), JSON.stringify(metafile, null, 1));

  const forbidden = forbiddenInputs(metafile);
  if (forbidden.length > 0) {
    throw new Error(`${pkg.name}: the bundle holds files it may not ship (${forbidden.length}), first ${forbidden.slice(0, 3).join(', ')}. See ${metafileOf(pkg)}.`);
  }
  const unexpected = runtimeRequirements(metafile).filter((required) => required !== 'n8n-workflow');
  if (unexpected.length > 0) throw new Error(`${pkg.name}: the bundle requires ${unexpected.join(', ')} at run time; only n8n-workflow is provided by n8n.`);
  return metafile;
}

/** Packs built packages into n8n/out, in one run of npm; npm leaves out everything but dist/, package.json, the README and the licence. */
function packPackages(packages: N8nPackage[]): string[] {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', OUT_DIR, ...packages.map((pkg) => pkg.dir)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return packages.map(tarballOf);
}

async function main(): Promise<void> {
  const started = performance.now();
  // A tree without the runtime's generator bundles the node sources it has, as they are.
  if (existsSync(NODE_GENERATOR)) {
    const { generateNodeSources } = require(NODE_GENERATOR) as { generateNodeSources: () => unknown };
    await generateNodeSources();
  }
  const packages = n8nPackages();
  await Promise.all(packages.map(bundlePackage));
  const bundled = performance.now();
  for (const tarball of packPackages(packages)) console.log(`built ${path.relative(process.cwd(), tarball)}`);
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  console.log(`n8n packages built in ${seconds(started, performance.now())} s (bundled in ${seconds(started, bundled)} s, packed in ${seconds(bundled, performance.now())} s)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
