/**
 * An action node's description, derived from the connector as every runtime reads it (`operations.ts`):
 * resources from the operations' nouns, an operation per create, search and Find or Create pair, and
 * their fields from the operations' input fields. Nothing here is written per operation, so an
 * operation added to a connector's lists is in its node with no other change.
 *
 * The description is built at build time: generate.ts writes it into each node's source as a literal,
 * the only form n8n's lint can judge. What the node's parameters are called is what the runtime reads:
 * each input field is the parameter named by its key (a key/value field's pairs as `{ pairs: [{ key,
 * value }] }`), the operation's value is its key, and `returnAll`, `limit` and `options.timeout` are the
 * node's own.
 *
 * Its parts: definitions.ts reads the operations offline, node-operations.ts names the node's operations
 * (in words.ts's words), and parameters.ts makes each field a parameter, and the fields the account defines
 * (custom fields, read when the editor shows the operation) one resource mapper, `accountFields`.
 */
import type { INodeProperties, INodeTypeDescription, NodeConnectionType } from 'n8n-workflow';
import type { Connector } from '../../kit/connector';
import { definitionOf, EVERY_CONNECTION, inputsReadBy } from './definitions';
import { dropdownsOf, nodeOperations, type NodeOperation } from './node-operations';
import type { NodeSettings } from './nodes';
import { accountFieldsProperty, alphabetized, fieldProperty, listProperties, OPTIONS } from './parameters';
import { camelCase, n8nSentences, plural, subtitleNaming } from './words';

/** The Resource parameter, and an Operation parameter per resource. */
function resourceAndOperations(operations: readonly NodeOperation[]): INodeProperties[] {
  const resources = [...new Map(operations.map((operation) => [operation.resource.value, operation.resource])).values()];
  const resource: INodeProperties = {
    displayName: 'Resource',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    options: alphabetized(resources.map(({ name, value }) => ({ name, value }))),
    default: resources[0].value,
  };
  const perResource = resources.map(({ value }): INodeProperties => {
    const own = operations.filter((operation) => operation.resource.value === value);
    return {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [value] } },
      options: alphabetized(
        own.map((operation) => ({
          name: operation.name,
          value: operation.value,
          action: operation.action,
          ...(n8nSentences(operation.description) ? { description: n8nSentences(operation.description) } : {}),
        })),
      ),
      default: own[0].value,
    };
  });
  return [resource, ...perResource];
}

/** "Appointments, contacts and API requests in Serebro AI": what the node works with. */
function nodeDescription(service: string, operations: readonly NodeOperation[]): string {
  const resources = [...new Set(operations.map((operation) => operation.resource.name))].map(plural);
  const listed = resources.length > 1 ? `${resources.slice(0, -1).join(', ')} and ${resources[resources.length - 1]}` : resources[0];
  return `${listed.charAt(0).toUpperCase()}${listed.slice(1)} in ${service}`;
}

const MAIN: NodeConnectionType = 'main';

/**
 * The node's description: one resource per noun acted on, its operations, each operation's fields
 * shown for it alone, Return All / Limit on lists, and the node's options.
 */
export async function describeNode(connector: Connector, settings: NodeSettings): Promise<INodeTypeDescription> {
  const operations = await nodeOperations(connector, settings);
  const triggers = connector.triggers.map(definitionOf);
  const reads = await inputsReadBy(triggers, settings.connections ?? EVERY_CONNECTION);
  // Refuses two fields that would need two dropdown methods of one name.
  dropdownsOf(operations);
  const service = connector.policy.service;
  const fields = operations.flatMap((operation) => {
    const own = operation.fields.map((field) => fieldProperty(field, { operation, settings, reads }));
    // The account's fields show where the connector lists them among the others.
    if (operation.accountFields) own.splice(operation.accountFields.at, 0, accountFieldsProperty(operation, settings));
    return [...own, ...(operation.lists ? listProperties(operation) : [])];
  });
  return {
    displayName: service,
    name: camelCase(settings.className),
    icon: { light: `file:${settings.service}.svg`, dark: `file:${settings.service}.dark.svg` },
    group: ['transform'],
    version: 1,
    subtitle: subtitleNaming('operation', new Map(operations.map((operation) => [operation.value, operation.action]))),
    description: nodeDescription(service, operations),
    defaults: { name: service },
    inputs: [MAIN],
    outputs: [MAIN],
    usableAsTool: true,
    credentials: [{ name: settings.credential, required: true }],
    properties: [...resourceAndOperations(operations), ...fields, OPTIONS],
  };
}
