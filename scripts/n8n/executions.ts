/**
 * What n8n kept of a run, read back from its REST API: the execution's status, and per node what it put out or
 * the error it ended with. Outcomes come from here, never from what the run itself expected to happen.
 */
import { parse } from 'flatted';

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
 * Reads the `flatted` text n8n stores execution data in (JSON whose shared and circular references are kept
 * as indexes into one array), with the `flatted` library n8n writes it with.
 */
export function parseFlatted(text: string): unknown {
  let root: unknown;
  try {
    root = parse(text);
  } catch {
    root = undefined;
  }
  // Text that is not an array of entries gives nothing, or makes the library throw: either is not execution data.
  if (root === undefined) throw new Error('execution data is not in the flatted format');
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
