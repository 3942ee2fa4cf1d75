/**
 * Loads an installed n8n package as n8n does, with n8n-core's package loader and n8n-workflow taken from n8n's
 * own node_modules (NODE_PATH), and prints what n8n then knows of it as JSON. Run in a fresh process by
 * packages.test.ts: argv[2] is the package's folder, argv[3] the JSON list of the entries to load (nodes first,
 * as n8n loads them, so that each credential learns which nodes use it).
 */
const { performance } = require('node:perf_hooks');
const { PackageDirectoryLoader } = require('n8n-core');

async function main() {
  const [directory, entriesJson] = process.argv.slice(2);
  const entries = JSON.parse(entriesJson);
  const started = performance.now();
  const loader = new PackageDirectoryLoader(directory);
  for (const entry of entries.nodes) loader.loadNodeFromFile(entry, loader.packageJson.version);
  for (const entry of entries.credentials) loader.loadCredentialFromFile(entry);
  loader.inferSupportedNodes();
  const loadMs = performance.now() - started;
  const known = (kind, name) => loader.known[kind][name].className;
  console.log(
    JSON.stringify({
      loadMs,
      nodes: loader.types.nodes.map((node) => ({ className: known('nodes', node.name), name: node.name, iconUrl: node.iconUrl, usableAsTool: node.usableAsTool })),
      credentials: loader.types.credentials.map((credential) => ({
        className: known('credentials', credential.name),
        name: credential.name,
        iconUrl: credential.iconUrl,
        supportedNodes: credential.supportedNodes,
      })),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
