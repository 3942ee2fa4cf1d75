/**
 * The workflows `npm run n8n` imports name only what the packages' nodes offer: each node type exists, its
 * credential is the one the node asks for, and every parameter it sets is a field the node shows for the chosen
 * resource and operation (or trigger event), with a value among the field's options. A misspelt field would
 * otherwise be dropped silently by n8n and the step would run without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { failingOnPurpose, NODE_TYPES, ZAP_WORKFLOWS, type CredentialRefs, type WorkflowNode, type ZapChoices } from '../../scripts/n8n/workflows';

const PACKAGES = path.resolve(__dirname, '../../n8n/packages');

/**
 * What this test reads of a node's description, in n8n-workflow's own terms (INodeType, INodeProperties); written
 * here because n8n-workflow resolves only under n8n/, which the root's type check does not reach.
 */
interface INodeProperties {
  name: string;
  type: string;
  displayOptions?: { show?: Record<string, unknown[] | undefined>; hide?: Record<string, unknown[] | undefined> };
  options?: Array<{ value?: unknown }>;
  typeOptions?: { loadOptionsMethod?: string };
}
interface INodeType {
  description: { name: string; polling?: boolean; credentials?: Array<{ name: string }>; properties: INodeProperties[] };
}

const credentials: CredentialRefs = {
  serebro: { serebroOAuth2Api: { id: 'c1', name: 'Serebro AI' } },
  sergio: { sergioApi: { id: 'c2', name: 'Sergio' } },
  cerbo: { cerboApi: { id: 'c3', name: 'Cerbo' } },
};

const choices: ZapChoices = {
  credentials,
  welcomeWorkflowId: 'wf_welcome',
  reminderWorkflowId: 'wf_reminder',
  consultationServiceId: 'svc_consult',
  consultationStaffId: 'stf_1',
  massageServiceId: 'svc_massage',
  pipelineId: 'pl_1',
  leadScore: { key: 'cf__cf_lead_score', schema: [{ id: 'cf__cf_lead_score', displayName: 'Lead Score', type: 'number' }] },
  exteriorServiceType: 'exterior_windows',
  runTag: 'abcde',
  consultationSlot: { startTime: '2030-01-01T15:00:00.000Z', endTime: '2030-01-01T15:45:00.000Z' },
  estimateDate: '2030-01-02',
};

/** The node class a type names (`n8n-nodes-serebro.serebroTrigger` → nodes/SerebroTrigger/SerebroTrigger.node.ts), if this tree has it. */
function nodeClassOf(type: string): INodeType | undefined {
  const [pkg, name] = type.split('.');
  const className = name.charAt(0).toUpperCase() + name.slice(1);
  const file = path.join(PACKAGES, pkg.replace('n8n-nodes-', ''), 'nodes', className, `${className}.node.ts`);
  if (!existsSync(file)) return undefined;
  const loaded = require(file) as Record<string, new () => INodeType>;
  return new loaded[className]();
}

/** Whether the editor shows `property` for these parameters (its displayOptions). */
function shows(property: INodeProperties, parameters: Record<string, unknown>): boolean {
  const { show, hide } = property.displayOptions ?? {};
  const matches = (values: unknown[] | undefined, key: string) => (values ?? []).some((value) => value === parameters[key]);
  if (show && !Object.entries(show).every(([key, values]) => matches(values, key))) return false;
  if (hide && Object.entries(hide).some(([key, values]) => matches(values, key))) return false;
  return true;
}

const zapNodes = Object.entries(ZAP_WORKFLOWS).flatMap(([key, build]) => build(choices).workflow.nodes.map((node) => ({ key, node })));
const packageNodes = zapNodes.filter(({ node }) => node.type.startsWith('n8n-nodes-') && !node.type.startsWith('n8n-nodes-base.'));

describe('the workflows npm run n8n imports', () => {
  it('use only the packages’ node types', () => {
    const types = new Set(zapNodes.map(({ node }) => node.type));
    expect([...types].every((type) => (Object.values(NODE_TYPES) as string[]).includes(type))).toBe(true);
    // Every package takes part: Cerbo as the trigger of Zap 2, as in npm start.
    expect(['serebro', 'sergio', 'cerbo'].every((service) => [...types].some((type) => type.startsWith(`n8n-nodes-${service}.`)))).toBe(true);
  });

  it.each(packageNodes.map(({ key, node }) => [key, node.name, node] as const))('%s · %s: a field the node shows for every parameter set', (_key, _name, node: WorkflowNode) => {
    const nodeType = nodeClassOf(node.type);
    if (!nodeType) throw new Error(`${node.type} is not a node of the packages`);
    const { description } = nodeType;
    expect(node.type.endsWith(`.${description.name}`)).toBe(true);
    expect(Object.keys(node.credentials ?? {})).toEqual((description.credentials ?? []).map((credential) => credential.name));
    for (const [name, value] of Object.entries(node.parameters)) {
      // n8n adds "Poll Times" to every polling node itself.
      if (name === 'pollTimes' && description.polling) continue;
      const field = description.properties.find((property) => property.name === name && shows(property, node.parameters));
      expect({ name, shown: Boolean(field) }).toEqual({ name, shown: true });
      if (field?.type === 'options' && typeof value === 'string' && !value.startsWith('=') && !field.typeOptions?.loadOptionsMethod) {
        expect((field.options ?? []).map((option) => option.value)).toContain(value);
      }
    }
  });

  it('connect only nodes they hold, each trigger starting a chain, webhook triggers with a stable webhook id', () => {
    for (const build of Object.values(ZAP_WORKFLOWS)) {
      const zap = build(choices);
      const names = new Set(zap.workflow.nodes.map((node) => node.name));
      expect(names.size).toBe(zap.workflow.nodes.length);
      for (const [from, { main }] of Object.entries(zap.workflow.connections)) {
        expect(names.has(from)).toBe(true);
        for (const link of main.flat()) expect(names.has(link.node)).toBe(true);
      }
      for (const trigger of zap.triggers) {
        const node = zap.workflow.nodes.find((n) => n.name === trigger.node);
        expect(node?.parameters.event).toBe(trigger.event);
        expect(Boolean(node?.webhookId)).toBe(trigger.start === 'webhook');
      }
    }
  });

  it('the check that fails on purpose starts at n8n’s Webhook node on the given path and asks Sergio for an unknown customer', () => {
    const workflow = failingOnPurpose(credentials, 'check-path');
    const [webhook, createJob] = workflow.nodes;
    expect(webhook).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'POST', path: 'check-path' } });
    expect(createJob).toMatchObject({ type: NODE_TYPES.sergio, parameters: { resource: 'job', operation: 'create_job', customer_id: 'cus_does_not_exist' } });
    expect(workflow.connections.Webhook.main[0][0].node).toBe('Create Job');
    const sergio = nodeClassOf(NODE_TYPES.sergio) as INodeType;
    for (const name of Object.keys(createJob.parameters)) {
      expect(sergio.description.properties.some((property) => property.name === name && shows(property, createJob.parameters))).toBe(true);
    }
  });
});
