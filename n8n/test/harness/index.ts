/**
 * Runs n8n nodes in this process with n8n-core's own engine (WorkflowExecute, its request helpers and
 * OAuth2 refresh), against the sandbox: a workflow is Start, which emits the given items, then the nodes.
 *
 *   const credentials = new CredentialStore([sergioApi]);
 *   credentials.add('sergioApi', { apiKey, baseUrl });
 *   const { items, error } = await runNode(new Sergio(), { resource: 'job', operation: 'create', … }, [{}], credentials);
 */
export { BareRequestNode } from './bare-node';
export { CredentialStore, StoreCredentialsHelper, type CredentialWrite, type StoredCredential } from './credentials';
export { NodeTypeRegistry, latestVersion } from './node-types';
export { oAuth2Api } from './oauth2-api';
export {
  inLine,
  loadOptions,
  resourceMapping,
  runNode,
  runWorkflow,
  searchList,
  type AnyNodeType,
  type NodeRun,
  type NodeSpec,
  type WorkflowRun,
  type WorkflowSpec,
} from './run';
export { START, StartNode } from './start-node';
export { TriggerWorkflow, type Answer, type Delivery } from './trigger';
export { until } from './until';
