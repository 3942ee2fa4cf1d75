/**
 * The generated trigger node sources (`npm run n8n:generate`): the description trigger-describe.ts derives,
 * as a literal, in a class that hands n8n's calls (webhook methods and deliveries, or polls) to the runtime
 * with the package's service; the Event parameter and fields as the workflows written against them expect.
 */
import fs from 'node:fs';
import { transformSync } from '@swc/core';
import type { INodeTypeDescription } from 'n8n-workflow';
import { triggerSourcePath } from '../runtime/generate-triggers';
import { NODES } from '../runtime/generate';
import { describeTrigger } from '../runtime/trigger-describe';

/** The class a generated source exports, compiled and loaded with a runtime that records what it is called with. */
function loaded(source: string, className: string) {
  const calls: Array<{ method: string; self: unknown; service: unknown }> = [];
  const recorder = (method: string) =>
    function (this: unknown, service: unknown) {
      calls.push({ method, self: this, service });
      return Promise.resolve(method);
    };
  const imports: Record<string, unknown> = {
    'n8n-workflow': { NodeConnectionTypes: { Main: 'main' } },
    '../../../../runtime/execute': { loadOptionsOf: (service: unknown) => ({ service }) },
    '../../../../runtime/webhook-trigger': Object.fromEntries(['hookExists', 'subscribeHook', 'unsubscribeHook', 'receiveDelivery'].map((name) => [name, recorder(name)])),
    '../../../../runtime/poll-trigger': { pollNewRecords: recorder('pollNewRecords') },
  };
  const service = { name: 'the service' };
  const { code } = transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', code)((name: string) => (name.endsWith('/service') ? { service } : imports[name]), module, module.exports);
  const Node = module.exports[className] as new () => {
    description: INodeTypeDescription;
    methods: unknown;
    webhookMethods?: { default: Record<string, (this: unknown) => Promise<unknown>> };
    webhook?: (this: unknown) => Promise<unknown>;
    poll?: (this: unknown) => Promise<unknown>;
  };
  return { node: new Node(), calls, service };
}

const EXPECTED = {
  serebro: { className: 'SerebroTrigger', name: 'serebroTrigger', displayName: 'Serebro AI Trigger', kind: 'webhook' },
  sergio: { className: 'SergioTrigger', name: 'sergioTrigger', displayName: 'Sergio Trigger', kind: 'webhook' },
  cerbo: { className: 'CerboTrigger', name: 'cerboTrigger', displayName: 'Cerbo Trigger', kind: 'polling' },
} as const;

describe.each(NODES.map((node) => [node.settings.service, node] as const))('the %s trigger node source', (service, { settings, connector }) => {
  const expected = EXPECTED[service];
  const source = fs.readFileSync(triggerSourcePath(settings), 'utf8');

  it('holds the derived description as a literal, with the names workflows are written against', async () => {
    const { node } = loaded(source, expected.className);
    expect(node.description).toEqual(await describeTrigger(connector, settings));
    expect(node.description).toMatchObject({ name: expected.name, displayName: expected.displayName, group: ['trigger'], inputs: [], credentials: [{ name: settings.credential, required: true }] });
    const visible = connector.triggers.filter((module) => (module.default as unknown as { display: { hidden?: boolean } }).display.hidden !== true).map((module) => module.default.key);
    const event = node.description.properties.find((property) => property.name === 'event');
    expect((event?.options ?? []).map((option) => ('value' in option ? option.value : undefined)).sort()).toEqual([...visible].sort());
  });

  it('hands n8n\'s calls to the runtime with the package\'s service', async () => {
    const { node, calls, service: own } = loaded(source, expected.className);
    const context = { a: 'context' };
    if (expected.kind === 'webhook') {
      expect(node.description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
      for (const method of ['checkExists', 'create', 'delete'] as const) await node.webhookMethods?.default[method].call(context);
      await node.webhook?.call(context);
      expect(calls.map(({ method }) => method)).toEqual(['hookExists', 'subscribeHook', 'unsubscribeHook', 'receiveDelivery']);
    } else {
      expect(node.description.polling).toBe(true);
      await node.poll?.call(context);
      expect(calls.map(({ method }) => method)).toEqual(['pollNewRecords']);
    }
    expect(calls.every((call) => call.self === context && call.service === own)).toBe(true);
    expect(node.methods).toEqual({ loadOptions: { service: own } });
  });
});
