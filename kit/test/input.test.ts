import zapier, { type ZObject } from 'zapier-platform-core';
import { clean, segment } from '../input';

describe('segment', () => {
  const z = { errors: zapier.errors } as unknown as ZObject;
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return JSON.parse((error as Error).message) as { message: string; code: string; status: number };
    }
    throw new Error('expected a failure');
  };

  it('encodes an id so that it cannot change the path it is put in', () => {
    expect(segment(z, ' th_1 ', 'Thing')).toBe('th_1');
    expect(segment(z, '../admin', 'Thing')).toBe('..%2Fadmin');
    expect(segment(z, 'a/b?c#d', 'Thing')).toBe('a%2Fb%3Fc%23d');
    expect(segment(z, 42, 'Thing')).toBe('42');
  });

  it('refuses an empty id or a dot segment, naming the field', () => {
    expect(messageOf(() => segment(z, '  ', 'Thing'))).toEqual({
      message: 'Thing is required: choose one from the list or map a value.',
      code: 'invalid_input',
      status: 400,
    });
    expect(messageOf(() => segment(z, undefined, 'Thing')).message).toBe('Thing is required: choose one from the list or map a value.');
    expect(messageOf(() => segment(z, { id: 'x' }, 'Thing')).message).toBe('Thing is required: choose one from the list or map a value.');
    expect(messageOf(() => segment(z, '..', 'Thing')).message).toBe('Thing is not a valid ID.');
    expect(messageOf(() => segment(z, '.', 'Thing')).message).toBe('Thing is not a valid ID.');
  });
});

describe('clean', () => {
  it('trims text and numbers to text', () => {
    expect(clean('  Ada Lovelace \n')).toBe('Ada Lovelace');
    expect(clean(1200)).toBe('1200');
    expect(clean(false)).toBe('false');
  });

  it('gives undefined for a missing or blank input, so the field is left out', () => {
    expect(clean(undefined)).toBeUndefined();
    expect(clean(null)).toBeUndefined();
    expect(clean('')).toBeUndefined();
    expect(clean(' \t ')).toBeUndefined();
  });
});
