import { clean } from '../config';

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
