import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IRun, IWorkflowBase, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/**
 * n8n-core keeps its instance settings in `$N8N_USER_FOLDER/.n8n/config` (`~/.n8n` when unset) and, when
 * there is none, writes one with a random encryption key. Every test process shares one folder under the
 * system's temporary folder instead, its settings written here once, whole (written aside, then renamed),
 * so that no process reads a half-written file, and its key fixed so that every process agrees with it.
 * The key encrypts only test credentials, in memory. Read when n8n-core first builds a node's context,
 * after this has run.
 */
const ENCRYPTION_KEY = 'n8n-harness-test-credentials-only';
const userFolder = join(tmpdir(), 'n8n-harness');
const settingsFile = join(userFolder, '.n8n', 'config');
if (!existsSync(settingsFile)) {
  mkdirSync(join(userFolder, '.n8n'), { recursive: true });
  const aside = `${settingsFile}.${process.pid}`;
  writeFileSync(aside, JSON.stringify({ encryptionKey: ENCRYPTION_KEY }), { mode: 0o600 });
  renameSync(aside, settingsFile);
}
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = ENCRYPTION_KEY;
// n8n's logger prints every node failure with its stack; tests read the failures from the run instead.
// N8N_LOG_LEVEL=debug shows what n8n-core does (its OAuth2 refresh says when it renews a token).
process.env.N8N_LOG_LEVEL ??= 'silent';

/** n8n's own address, in the URLs n8n-core shows a node (`$execution.resumeUrl`); nothing is sent there. */
const N8N_ORIGIN = 'http://localhost:5678';

/** What n8n's server does that one in-process run does not: a node that asks for it fails with this. */
function notInProcess(what: string): () => never {
  return () => {
    throw new Error(`${what} needs n8n's server; the in-process harness runs one workflow's nodes.`);
  };
}

/**
 * What n8n's server gives an execution: the credentials helper, its URLs, and lifecycle hooks whose
 * `workflowExecuteAfter` hands over the finished run (n8n's server saves the execution there).
 */
export function additionalDataFor(
  workflowData: IWorkflowBase,
  credentialsHelper: ICredentialsHelper,
): { additionalData: IWorkflowExecuteAdditionalData; finished: Promise<IRun> } {
  const hooks = new ExecutionLifecycleHooks('manual', `${workflowData.id}-execution`, workflowData);
  const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
  const additionalData: IWorkflowExecuteAdditionalData = {
    hooks,
    credentialsHelper,
    externalSecretsProxy: new ExternalSecretsProxy(),
    currentNodeExecutionIndex: 0,
    variables: {},
    restApiUrl: `${N8N_ORIGIN}/rest`,
    instanceBaseUrl: N8N_ORIGIN,
    formBaseUrl: `${N8N_ORIGIN}/form`,
    formWaitingBaseUrl: `${N8N_ORIGIN}/form-waiting`,
    formTestBaseUrl: `${N8N_ORIGIN}/form-test`,
    webhookBaseUrl: `${N8N_ORIGIN}/webhook`,
    webhookWaitingBaseUrl: `${N8N_ORIGIN}/webhook-waiting`,
    webhookTestBaseUrl: `${N8N_ORIGIN}/webhook-test`,
    mcpBaseUrl: `${N8N_ORIGIN}/mcp`,
    mcpTestBaseUrl: `${N8N_ORIGIN}/mcp-test`,
    // No earlier executions to resume from, no runtime credentials, no AI event log.
    getRunExecutionData: async () => undefined,
    getRuntimeCredential: async () => undefined,
    logAiEvent: () => undefined,
    executeWorkflow: notInProcess('Running another workflow'),
    startRunnerTask: notInProcess("A task runner (the Code node's)"),
  };
  return { additionalData, finished };
}
