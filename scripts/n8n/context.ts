/**
 * What the steps of `npm run n8n` share: the signed-in n8n session, the sandbox and the people acting in it, the
 * saved credentials, and n8n's own answers about the workflows imported so far and their executions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sandbox } from '../../sandbox';
import type { ConnectorName } from '../connectors';
import type { RequestCounter } from '../zaps/harness';
import { SkipStep } from '../zaps/harness';
import { credentialRef, type SavedCredential } from './credentials';
import { isFinished, readExecution, type ExecutionOutcome, type ExecutionRecord } from './executions';
import type { People } from './people';
import type { N8nSession } from './rest';
import type { CredentialRefs, Workflow } from './workflows';

export interface ImportedWorkflow {
  id: string;
  versionId: string;
  name: string;
  active: boolean;
}

export interface Choice {
  name: string;
  value: string;
}

export class N8nContext {
  session: N8nSession | undefined;
  readonly credentials: Partial<Record<ConnectorName, SavedCredential>> = {};
  /** The node types n8n loaded (`<package>.<node>`), once it runs. */
  nodeTypes = new Set<string>();
  readonly workflows: ImportedWorkflow[] = [];
  /** Executions already read, per workflow, so that each step reads the next one. */
  private readonly read = new Map<string, Set<string>>();
  private notes: string[] = [];

  constructor(
    readonly sandbox: Sandbox,
    readonly people: People,
    readonly counter: RequestCounter,
  ) {}

  get n8n(): N8nSession {
    if (!this.session) throw new SkipStep('n8n is not running');
    return this.session;
  }

  takeNotes(): string[] {
    const notes = this.notes;
    this.notes = [];
    return notes;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The saved credentials as workflow nodes name them; a step needing one that failed to save is skipped. */
  credentialRefs(): CredentialRefs {
    const refs = {} as CredentialRefs;
    for (const name of ['serebro', 'sergio', 'cerbo'] as const) {
      const saved = this.credentials[name];
      if (!saved) throw new SkipStep(`the ${name} credential was not created`);
      refs[name] = credentialRef(saved);
    }
    return refs;
  }

  /** Skips a step whose workflow needs node types this build of the packages does not have. */
  requireNodeTypes(types: string[]): void {
    const missing = types.filter((type) => !this.nodeTypes.has(type));
    if (missing.length) throw new SkipStep(`n8n has no ${missing.join(', ')} node: the packages of this build do not hold it`);
  }

  /**
   * A dropdown's choices, as the editor loads them: n8n's server runs the node's `loadOptions` method with the
   * saved credential and the node's current parameters.
   */
  async options(connector: ConnectorName, nodeType: string, methodName: string, path: string, currentNodeParameters: Record<string, unknown>): Promise<Choice[]> {
    const credential = this.credentials[connector];
    if (!credential) throw new SkipStep(`the ${connector} credential was not created`);
    const choices = await this.n8n.call<Choice[]>('POST', '/rest/dynamic-node-parameters/options', {
      nodeTypeAndVersion: { name: nodeType, version: 1 },
      path,
      methodName,
      currentNodeParameters,
      credentials: credentialRef(credential),
    });
    return (choices ?? []).map((choice) => ({ name: String(choice.name), value: String(choice.value) }));
  }

  /** The fields a resource mapper lists, as the editor loads them (n8n's server runs the node's mapper method). */
  async mapperFields(connector: ConnectorName, nodeType: string, methodName: string, path: string, currentNodeParameters: Record<string, unknown>): Promise<Array<{ id: string; displayName: string }>> {
    const credential = this.credentials[connector];
    if (!credential) throw new SkipStep(`the ${connector} credential was not created`);
    const answer = await this.n8n.call<{ fields?: Array<{ id: string; displayName: string }> }>('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
      nodeTypeAndVersion: { name: nodeType, version: 1 },
      path,
      methodName,
      currentNodeParameters,
      credentials: credentialRef(credential),
    });
    return answer?.fields ?? [];
  }

  /** Saves a workflow as the editor's import does (inactive, a first version). */
  async importWorkflow(workflow: Workflow): Promise<ImportedWorkflow> {
    const saved = await this.n8n.call<{ id: string; versionId: string; name: string }>('POST', '/rest/workflows', { ...workflow, active: false });
    const imported = { id: String(saved.id), versionId: String(saved.versionId), name: saved.name, active: false };
    this.workflows.push(imported);
    this.read.set(imported.id, new Set());
    return imported;
  }

  /** Publishes the workflow's saved version: n8n activates its triggers (webhooks subscribed, polling started). */
  async publish(workflow: ImportedWorkflow): Promise<void> {
    const published = await this.n8n.call<{ active?: boolean; activeVersionId?: string | null }>('POST', `/rest/workflows/${workflow.id}/activate`, {
      versionId: workflow.versionId,
    }, 60_000);
    if (published?.active === false) throw new Error(`n8n did not activate workflow ${workflow.id}`);
    workflow.active = true;
  }

  async unpublish(workflow: ImportedWorkflow): Promise<void> {
    await this.n8n.call('POST', `/rest/workflows/${workflow.id}/deactivate`, {}, 60_000);
    workflow.active = false;
  }

  /**
   * The next finished execution of a workflow that `node` started (a workflow with two triggers has executions
   * of each), read from n8n's executions API; waits up to `timeoutMs` for it.
   */
  async execution(workflow: ImportedWorkflow, node: string, timeoutMs: number): Promise<ExecutionOutcome> {
    const read = this.read.get(workflow.id) ?? new Set<string>();
    this.read.set(workflow.id, read);
    const deadline = Date.now() + timeoutMs;
    const skipped = new Set<string>();
    while (Date.now() < deadline) {
      const listed = await this.n8n.call<{ results: ExecutionRecord[] }>(
        'GET',
        `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflow.id }))}&limit=20`,
      );
      const candidates = (listed?.results ?? []).filter((e) => isFinished(e.status) && !read.has(String(e.id)) && !skipped.has(String(e.id)));
      candidates.sort((a, b) => Number(a.id) - Number(b.id));
      for (const candidate of candidates) {
        const outcome = readExecution(await this.n8n.call<ExecutionRecord>('GET', `/rest/executions/${candidate.id}`));
        if (outcome.nodes[node]) {
          read.add(outcome.id);
          return outcome;
        }
        skipped.add(outcome.id);
      }
      await sleep(250);
    }
    throw new Error(`no execution of "${workflow.name}" started by ${node} within ${Math.round(timeoutMs / 1000)} s`);
  }
}
