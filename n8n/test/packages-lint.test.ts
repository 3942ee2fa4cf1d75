/**
 * n8n's community-node lint (`n8n-node lint` of @n8n/node-cli, offline) on each package, as n8n's verification
 * runs it; and the one rule the packages turn off, n8n's demand for the MIT licence, which waits on the owner.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { n8nPackages } from '../build';

const N8N_BIN = path.resolve(__dirname, '..', 'node_modules', '.bin');
const LICENCE_RULE = 'n8n-nodes-base/community-package-json-license-not-default';

const packages = n8nPackages();

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (_name, pkg) => {
  it('passes n8n-node lint without an error or a warning', () => {
    const started = performance.now();
    // The CLI runs `npm exec -- eslint .` in the package, which finds the eslint of n8n/node_modules, and colours it.
    // Jest's NODE_ENV=test would switch n8n's older lint plugin into its own test mode, where every file is "Test.node.ts".
    const { NODE_ENV: _jest, ...env } = process.env;
    const lint = spawnSync(path.join(N8N_BIN, 'n8n-node'), ['lint'], { cwd: pkg.dir, encoding: 'utf8', env });
    const output = stripVTControlCharacters(`${lint.stdout}${lint.stderr}`);
    expect({ status: lint.status, problems: output.match(/^.*\b(error|warning)\b.*$/gm) ?? [] }).toEqual({ status: 0, problems: [] });
    console.log(`${pkg.name}: n8n-node lint passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 90_000);
});

it('each package lints with n8n\'s own configuration, turning off only the MIT licence rule', () => {
  // eslint.config.mjs is an ES module: read the three in a Node process of their own, beside n8n's configuration.
  const compare = `
    const { config } = await import('@n8n/node-cli/eslint');
    const results = {};
    for (const [name, file] of ${JSON.stringify(packages.map((pkg) => [pkg.name, path.join(pkg.dir, 'eslint.config.mjs')]))}) {
      const own = (await import(file)).default;
      results[name] = { startsWithN8n: config.every((entry, index) => own[index] === entry), added: own.slice(config.length) };
    }
    console.log(JSON.stringify(results));`;
  const results = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', compare], { cwd: packages[0].dir, encoding: 'utf8' }));
  const expected = { startsWithN8n: true, added: [{ files: ['package.json'], rules: { [LICENCE_RULE]: 'off' } }] };
  expect(results).toEqual(Object.fromEntries(packages.map((pkg) => [pkg.name, expected])));
});
