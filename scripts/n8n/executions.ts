/**
 * What n8n kept of a run, read back from its REST API: the execution's status, and per node what it put out or
 * the error it ended with. Outcomes come from here, never from what the run itself expected to happen.
 */

/** An execution as `GET /rest/executions/:id` answers: its data is one string in the `flatted` format. */
export interface ExecutionRecord {
  id: string;
  status: string;
  mode: string;
  finished?: boolean;
  startedAt?: string | null;
  stoppedAt?: string | null;
  workflowId?: string;
  data?: string;
}

/** An error as n8n keeps it in an execution. */
export interface KeptError {
  name?: string;
  message?: string;
  description?: string | null;
  httpCode?: string | null;
  node?: { name?: string };
}

export interface NodeRun {
  status: 'success' | 'error';
  /** The JSON of each item the node put out (first output). */
  items: Array<Record<string, unknown>>;
  error?: KeptError;
  ms: number;
}

export interface ExecutionOutcome {
  id: string;
  status: string;
  mode: string;
  ms: number;
  /** The error the execution stopped with, if any. */
  error?: KeptError;
  /** Every node that ran, by name; a node missing here did not run. */
  nodes: Record<string, NodeRun>;
}

/**
 * Reads the `flatted` text n8n stores execution data in: a JSON array whose first entry is the root, in which
 * every string inside an object or array is the index of its value in that array (so shared and circular
 * references survive).
 */
export function parseFlatted(text: string): unknown {
  const table = JSON.parse(text) as unknown[];
  if (!Array.isArray(table) || table.length === 0) throw new Error('execution data is not in the flatted format');
  const revived = new Set<object>();
  const revive = (value: object) => {
    revived.add(value);
    const holder = value as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const reference = holder[key];
      if (typeof reference !== 'string') continue;
      const target = table[Number(reference)];
      holder[key] = target;
      if (target && typeof target === 'object' && !revived.has(target)) revive(target);
    }
  };
  const root = table[0];
  if (root && typeof root === 'object') revive(root);
  return root;
}

interface TaskData {
  executionStatus?: string;
  executionTime?: number;
  error?: KeptError;
  data?: { main?: Array<Array<{ json?: Record<string, unknown> }> | null> };
}

interface RunData {
  resultData?: { error?: KeptError; runData?: Record<string, TaskData[]> };
}

/** The outcome of an execution, from its record; a node ran well when it has no error in its last run. */
export function readExecution(record: ExecutionRecord): ExecutionOutcome {
  const data = (record.data ? parseFlatted(record.data) : {}) as RunData;
  const nodes: Record<string, NodeRun> = {};
  for (const [name, runs] of Object.entries(data.resultData?.runData ?? {})) {
    const last = runs[runs.length - 1];
    if (!last) continue;
    const items = (last.data?.main?.[0] ?? []).map((item) => item.json ?? {});
    const failed = Boolean(last.error) || last.executionStatus === 'error';
    nodes[name] = { status: failed ? 'error' : 'success', items, ms: last.executionTime ?? 0, ...(last.error ? { error: last.error } : {}) };
  }
  const started = record.startedAt ? Date.parse(record.startedAt) : NaN;
  const stopped = record.stoppedAt ? Date.parse(record.stoppedAt) : NaN;
  return {
    id: String(record.id),
    status: record.status,
    mode: record.mode,
    ms: Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : 0,
    ...(data.resultData?.error ? { error: data.resultData.error } : {}),
    nodes,
  };
}

/** Statuses of an execution that has ended. */
export const isFinished = (status: string): boolean => !['new', 'running', 'waiting', 'unknown'].includes(status);
