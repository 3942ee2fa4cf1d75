/**
 * The generated node sources and node docs (`npm run n8n:generate`): committed up to date, holding the
 * description describe.ts derives as a literal, and handing execution and dropdowns to the runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from '@swc/core';
import type { INodeTypeDescription } from 'n8n-workflow';
import type { Connector } from '../../kit/connector';
import { describeNode } from '../runtime/describe';
import { nodeOperations } from '../runtime/node-operations';
import { generatedFiles, NODES, nodeDocsPath, nodeSourcePath, renderNodeDocs, renderNodeSource, staleFiles } from '../runtime/generate';
import { sergioNode } from '../runtime/nodes';

const ROOT = path.resolve(__dirname, '..', '..');

/** What a generated node's imports give it here: n8n's connection types, and a runtime that records its calls. */
function runtimeDouble() {
  const calls: Array<{ self: unknown; service: unknown }> = [];
  const loadOptions = { contacts: async () => [] };
  const imports: Record<string, unknown> = {
    'n8n-workflow': { NodeConnectionTypes: { Main: 'main' } },
    '../../../../runtime/execute': {
      executeOperation(this: unknown, service: unknown) {
        calls.push({ self: this, service });
        return Promise.resolve([[]]);
      },
      loadOptionsOf: (service: unknown) => ({ ...loadOptions, service }),
      resourceMappingOf: (service: unknown) => ({ accountFields: async () => ({ fields: [] }), service }),
    },
    './service': { service: { name: 'the service' } },
  };
  return { calls, imports };
}

interface NodeInstance {
  description: INodeTypeDescription;
  methods: { loadOptions: Record<string, unknown>; resourceMapping?: Record<string, unknown> };
  execute(this: unknown): Promise<unknown>;
}

/** The class a generated source exports, compiled from TypeScript and loaded with `imports` standing in for its own. */
function nodeClassOf(source: string, className: string, imports: Record<string, unknown>): new () => NodeInstance {
  const { code: outputText } = transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const module = { exports: {} as Record<string, unknown> };
  const load = new Function('require', 'module', 'exports', outputText) as (require: (name: string) => unknown, module: unknown, exports: unknown) => void;
  load((name) => imports[name], module, module.exports);
  return module.exports[className] as new () => NodeInstance;
}

describe('generated node sources and docs (npm run n8n:generate)', () => {
  it('are up to date with the connectors: run `npm run n8n:generate` and commit them when this fails', async () => {
    expect(await staleFiles()).toEqual([]);
  });

  it('notice a hand edit or a missing file', async () => {
    const source = nodeSourcePath(sergioNode);
    const edited = (file: string) => (file === source ? fs.readFileSync(file, 'utf8').replace("name: 'Customer'", "name: 'Client'") : fs.readFileSync(file, 'utf8'));
    expect(await staleFiles(edited)).toEqual([path.join('n8n', 'packages', 'sergio', 'nodes', 'Sergio', 'Sergio.node.ts')]);
    const missing = (file: string) => (file === nodeDocsPath(sergioNode) ? undefined : fs.readFileSync(file, 'utf8'));
    expect(await staleFiles(missing)).toEqual([path.join('docs', 'n8n', 'sergio.md')]);
  });

  it('are where the packages and the docs expect them', async () => {
    expect((await generatedFiles()).map(({ file }) => path.relative(ROOT, file))).toEqual([
      'n8n/packages/serebro/nodes/Serebro/Serebro.node.ts',
      'n8n/packages/serebro/nodes/SerebroTrigger/SerebroTrigger.node.ts',
      'docs/n8n/serebro.md',
      'n8n/packages/sergio/nodes/Sergio/Sergio.node.ts',
      'n8n/packages/sergio/nodes/SergioTrigger/SergioTrigger.node.ts',
      'docs/n8n/sergio.md',
      'n8n/packages/cerbo/nodes/Cerbo/Cerbo.node.ts',
      'n8n/packages/cerbo/nodes/CerboTrigger/CerboTrigger.node.ts',
      'docs/n8n/cerbo.md',
    ]);
  });
});

describe.each(NODES.map((node) => [node.settings.className, node] as const))('the %s node source', (className, { settings, connector }) => {
  it('holds the derived description as a literal, connection types named', async () => {
    const source = fs.readFileSync(nodeSourcePath(settings), 'utf8');
    expect(source).toContain('inputs: [NodeConnectionTypes.Main],');
    expect(source).toContain('  description: INodeTypeDescription = {\n');
    const Node = nodeClassOf(source, className, runtimeDouble().imports);
    expect(new Node().description).toEqual(await describeNode(connector, settings));
  });

  it('hands each run to the runtime with its service, its dropdowns to the runtime\'s loadOptions, and its account fields to its resourceMapping', async () => {
    const { calls, imports } = runtimeDouble();
    const node = new (nodeClassOf(fs.readFileSync(nodeSourcePath(settings), 'utf8'), className, imports))();
    const context = { getInputData: () => [] };
    await expect(node.execute.call(context)).resolves.toEqual([[]]);
    expect(calls).toEqual([{ self: context, service: { name: 'the service' } }]);
    expect(node.methods.loadOptions).toEqual({ contacts: expect.any(Function), service: { name: 'the service' } });
    // Only a node with a resource mapper has the method (Serebro's custom fields).
    const mapsFields = (await describeNode(connector, settings)).properties.some((property) => property.type === 'resourceMapper');
    expect(mapsFields).toBe(settings.service === 'serebro');
    expect(node.methods.resourceMapping).toEqual(mapsFields ? { accountFields: expect.any(Function), service: { name: 'the service' } } : undefined);
  });

  it('has docs naming the package, the credential, every operation with its fields, and every dropdown', async () => {
    const text = fs.readFileSync(nodeDocsPath(settings), 'utf8');
    const description = await describeNode(connector, settings);
    expect(text).toContain(`Package \`n8n-nodes-${settings.service}\``);
    expect(text).toContain(`\`${settings.credential}\` credential`);
    for (const operation of await nodeOperations(connector, settings)) {
      const heading = `### ${operation.resource.name}: ${operation.name}\n`;
      expect(text).toContain(heading);
      const section = text.slice(text.indexOf(heading), text.indexOf('\n### ', text.indexOf(heading) + 1));
      for (const property of description.properties) {
        const show = property.displayOptions?.show;
        if (show?.resource?.[0] !== operation.resource.value || show.operation?.[0] !== operation.value) continue;
        if (property.type === 'notice') expect(section).toContain(`> ${property.displayName}`);
        else if (!['returnAll', 'limit'].includes(property.name)) expect(section).toContain(`| \`${property.name}\` | ${property.required ? 'yes' : 'no'} |`);
      }
      if (operation.lists) expect(section).toContain('**Return All** (`returnAll`)');
    }
    for (const method of new Set(description.properties.map((property) => property.typeOptions?.loadOptionsMethod).filter(Boolean))) {
      expect(text).toContain(`| \`${String(method)}\` |`);
    }
    expect(text).toContain('**Timeout** (`options.timeout`, default 60)');
    const mapper = description.properties.find((property) => property.type === 'resourceMapper');
    if (mapper) expect(text).toContain(`## ${mapper.displayName}\n\nOperations that set ${String(mapper.typeOptions?.resourceMapper?.fieldWords?.plural)} show them by name`);
    else expect(text).not.toContain('by name in **');
  });
});

describe('an operation added to a connector', () => {
  it('is in the generated source and docs with no other change', async () => {
    const sergio = NODES.find((node) => node.settings === sergioNode)?.connector as Connector;
    const [createCustomer] = sergio.creates.filter((module) => module.default.key === 'create_customer');
    const archiveCustomer = { ...createCustomer, default: { ...createCustomer.default, key: 'archive_customer', display: { label: 'Archive Customer', description: 'Archives a customer in Sergio.' } } };
    const withArchive: Connector = { ...sergio, creates: [...sergio.creates, archiveCustomer] };
    const description = await describeNode(withArchive, sergioNode);
    const node = new (nodeClassOf(renderNodeSource(sergioNode, description), 'Sergio', runtimeDouble().imports))();
    const operation = node.description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('customer'));
    expect(operation?.options).toContainEqual({ name: 'Archive', value: 'archive_customer', action: 'Archive a customer', description: 'Archives a customer in Sergio' });
    const docs = renderNodeDocs({ settings: sergioNode, connector: withArchive }, description, await nodeOperations(withArchive, sergioNode));
    expect(docs).toContain('### Customer: Archive\n\nArchives a customer in Sergio. Runs Archive Customer (`archive_customer`), as on Zapier.');
  });
});
