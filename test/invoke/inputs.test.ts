import type { ActionDefinition, FieldDefinition } from '../../scripts/definition';
import { genericInputs, type Pick } from './inputs';

const operation = (inputFields: ActionDefinition['operation']['inputFields'], sample: Record<string, unknown> = { id: 'x_1' }): ActionDefinition => ({
  key: 'create_thing',
  noun: 'Thing',
  display: { label: 'Create Thing', description: 'Creates a thing.' },
  operation: { perform: () => ({}), inputFields, sample },
});

describe('generic inputs for an operation without a hand-written invoke case', () => {
  it('fills required fields from their default, first choice, dropdown and sample, in field order, and leaves optional ones out', async () => {
    const asked: Array<[string, Record<string, unknown>]> = [];
    const pick: Pick = async (dynamic, inputData) => {
      asked.push([dynamic, { ...inputData }]);
      return dynamic.startsWith('pipelines') ? 'pl_1' : 'st_9';
    };
    const fields: FieldDefinition[] = [
      { key: 'status', required: true, choices: [{ value: 'open', label: 'Open' }, { value: 'won', label: 'Won' }] },
      { key: 'pipelineId', required: true, dynamic: 'pipelines.id.name' },
      { key: 'stageId', required: true, dynamic: 'stages.id.name' },
      { key: 'kind', required: true, choices: { phone: 'Phone', visit: 'Visit' } },
      { key: 'name', required: true },
      { key: 'value', required: true },
      { key: 'tags', required: true, list: true, default: 'vip' },
      { key: 'notes' },
    ];
    const derived = await genericInputs(
      operation([...fields, () => [{ key: 'computed', required: true }]], { id: 'op_1', name: 'Sample deal', value: 1200 }),
      pick,
    );
    expect(derived).toEqual({
      ok: true,
      inputData: { status: 'open', pipelineId: 'pl_1', stageId: 'st_9', kind: 'phone', name: 'Sample deal', value: '1200', tags: ['vip'] },
    });
    // The Stage dropdown is asked with the pipeline already chosen, as the editor fills it.
    expect(asked).toEqual([
      ['pipelines.id.name', { status: 'open' }],
      ['stages.id.name', { status: 'open', pipelineId: 'pl_1' }],
    ]);
  });

  it('names the required fields it cannot fill, so the test can say which case to add', async () => {
    const derived = await genericInputs(
      operation([{ key: 'email', required: true }, { key: 'contactId', required: true, dynamic: 'contacts.id.name' }, { key: 'note' }]),
      async () => undefined,
    );
    expect(derived).toEqual({ ok: false, why: expect.stringContaining('`email`, `contactId`') });
  });

  it('on request also fills optional fields it has a default, choice or sample value for, never from a dropdown', async () => {
    const pick: Pick = async () => {
      throw new Error('an optional dropdown is not opened');
    };
    const fields: FieldDefinition[] = [
      { key: 'email' },
      { key: 'phone' },
      { key: 'owner', dynamic: 'users.id.name' },
      { key: 'sort', choices: ['newest', 'oldest'] },
      { key: 'pt_id', required: true, default: 'pt_1' },
    ];
    const op = operation(fields, { id: 'p_1', email: 'lena@example.com' });
    expect(await genericInputs(op, pick, { optional: true })).toEqual({ ok: true, inputData: { email: 'lena@example.com', sort: 'newest', pt_id: 'pt_1' } });
    expect(await genericInputs(op, pick)).toEqual({ ok: true, inputData: { pt_id: 'pt_1' } });
  });

  it('needs nothing for an operation without required inputs', async () => {
    expect(await genericInputs(operation(undefined), async () => 'unused')).toEqual({ ok: true, inputData: {} });
  });
});
