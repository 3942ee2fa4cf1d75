/**
 * Reading an execution back from n8n: its data comes as one `flatted` string, and the run decides each step's
 * outcome from it alone, so a node's error must come out with the name and message n8n kept, and a node that
 * did not run must not look like one that succeeded.
 */
import { isFinished, parseFlatted, readExecution, type ExecutionRecord } from '../../scripts/n8n/executions';

/**
 * An execution as n8n 2.40 keeps one (shape taken from a real run of the check that fails on purpose): the
 * Webhook node ran, Sergio's Create Job failed with a NodeApiError, and the execution stopped there.
 */
const failedRun = JSON.stringify([
  { version: 1, resultData: '1' },
  { error: '2', runData: '3', lastNodeExecuted: '4' },
  { name: '5', message: '6', httpCode: '7', node: '8', description: '9' },
  { Webhook: '10', 'Create Job': '11' },
  'Create Job',
  'NodeApiError',
  'Sergio: customer_id does not match any customer',
  '422',
  { name: '4', type: '12' },
  'Check the customer',
  ['13'],
  ['14'],
  'n8n-nodes-sergio.sergio',
  { executionStatus: '15', executionTime: 3, data: '16' },
  { executionStatus: '17', executionTime: 110, error: '2' },
  'success',
  { main: '18' },
  'error',
  ['19'],
  ['20'],
  { json: '21' },
  { body: '22' },
  {},
]);

const record = (data: string, status = 'error'): ExecutionRecord => ({
  id: '7',
  status,
  mode: 'webhook',
  startedAt: '2030-01-01T10:00:00.000Z',
  stoppedAt: '2030-01-01T10:00:00.250Z',
  data,
});

describe('reading executions n8n kept', () => {
  it('parses flatted text, shared references included', () => {
    const parsed = parseFlatted(JSON.stringify([{ a: '1', b: '1', n: 3, ok: true, none: null }, { s: '2' }, 'text'])) as Record<string, unknown>;
    expect(parsed).toEqual({ a: { s: 'text' }, b: { s: 'text' }, n: 3, ok: true, none: null });
    expect(parsed.a).toBe(parsed.b);
  });

  it('keeps a circular reference circular instead of looping', () => {
    const parsed = parseFlatted(JSON.stringify([{ self: '0', name: '1' }, 'loop'])) as { self: unknown; name: string };
    expect(parsed.self).toBe(parsed);
    expect(parsed.name).toBe('loop');
  });

  it('refuses text that is not flatted', () => {
    expect(() => parseFlatted('[]')).toThrow('not in the flatted format');
    expect(() => parseFlatted('{')).toThrow();
  });

  it('says which node failed and with which of n8n’s errors, and what the others put out', () => {
    const outcome = readExecution(record(failedRun));
    expect(outcome).toMatchObject({ id: '7', status: 'error', mode: 'webhook', ms: 250 });
    expect(outcome.error).toMatchObject({ name: 'NodeApiError', httpCode: '422', message: 'Sergio: customer_id does not match any customer' });
    expect(outcome.nodes.Webhook).toEqual({ status: 'success', items: [{ body: {} }], ms: 3 });
    expect(outcome.nodes['Create Job']).toMatchObject({ status: 'error', items: [], error: { name: 'NodeApiError', description: 'Check the customer' } });
  });

  it('leaves out a node that did not run', () => {
    const outcome = readExecution(record(failedRun));
    expect(Object.keys(outcome.nodes).sort()).toEqual(['Create Job', 'Webhook']);
    expect(outcome.nodes['Another Step']).toBeUndefined();
  });

  it('reads an execution kept without data as one in which nothing ran', () => {
    const outcome = readExecution({ id: '8', status: 'success', mode: 'trigger' });
    expect(outcome).toEqual({ id: '8', status: 'success', mode: 'trigger', ms: 0, nodes: {} });
  });

  it('waits on executions that have not ended', () => {
    expect(['new', 'running', 'waiting'].map(isFinished)).toEqual([false, false, false]);
    expect(['success', 'error', 'canceled', 'crashed'].map(isFinished)).toEqual([true, true, true, true]);
  });
});
