import * as z from 'zod/mini';
import { labelFor, outputFieldsFrom } from '../schema';

describe('outputFieldsFrom', () => {
  it('derives Zapier output fields, nested keys and lists from a schema', () => {
    const schema = z.object({
      id: z.string(),
      firstName: z.nullable(z.string()),
      price_cents: z.optional(z.number()),
      dnd: z.boolean(),
      tags: z.array(z.string()),
      address: z.object({ street: z.string(), zip: z.string() }),
      customFields: z.array(z.object({ id: z.string(), value: z.string() })),
      createdAt: z.iso.datetime(),
    });
    expect(outputFieldsFrom(schema)).toEqual([
      { key: 'id', label: 'ID', type: 'string', primary: true },
      { key: 'firstName', label: 'First Name', type: 'string' },
      { key: 'price_cents', label: 'Price Cents', type: 'number' },
      { key: 'dnd', label: 'Dnd', type: 'boolean' },
      { key: 'tags', label: 'Tags', type: 'string', list: true },
      { key: 'address__street', label: 'Address Street', type: 'string' },
      { key: 'address__zip', label: 'Address Zip', type: 'string' },
      { key: 'customFields[]id', label: 'Custom Fields ID', type: 'string' },
      { key: 'customFields[]value', label: 'Custom Fields Value', type: 'string' },
      { key: 'createdAt', label: 'Created At', type: 'datetime' },
    ]);
  });

  it('lets a connector name a field better than its key', () => {
    expect(outputFieldsFrom(z.object({ dnd: z.boolean() }), { dnd: 'Do Not Disturb' })).toEqual([
      { key: 'dnd', label: 'Do Not Disturb', type: 'boolean' },
    ]);
  });

  it('labels keys in Title Case', () => {
    expect(labelFor('pt_id')).toBe('Pt ID');
    expect(labelFor('created_at')).toBe('Created At');
    expect(labelFor('workflowId')).toBe('Workflow ID');
  });
});
