import type { Bundle, ZObject } from 'zapier-platform-core';
import { cursorPage, offsetPage, pageNumber } from '../paging';

function fakeZ(stored: { cursor: string }) {
  return {
    cursor: {
      get: async () => stored.cursor,
      set: async (value: string) => {
        stored.cursor = value;
        return null;
      },
    },
  } as unknown as ZObject;
}
const bundleAt = (page: number | undefined) => ({ meta: page === undefined ? {} : { page } }) as unknown as Bundle;

describe('paging', () => {
  it('reads the page Zapier asks for, defaulting to 0', () => {
    expect(pageNumber(bundleAt(undefined))).toBe(0);
    expect(pageNumber(bundleAt(3))).toBe(3);
    expect(pageNumber(bundleAt(-1))).toBe(0);
  });

  it('turns a page into limit/offset', () => {
    expect(offsetPage(bundleAt(2), 100)).toEqual({ limit: 100, offset: 200 });
  });

  it('walks a cursor API page by page and stops without a request after the last page', async () => {
    const pages: Record<string, { items: string[]; next: string | null }> = {
      start: { items: ['a', 'b'], next: 'c2' },
      c2: { items: ['c'], next: null },
    };
    const asked: Array<string | undefined> = [];
    const fetchPage = async (cursor: string | undefined) => {
      asked.push(cursor);
      return pages[cursor ?? 'start'];
    };
    const stored = { cursor: '' };
    const z = fakeZ(stored);
    expect(await cursorPage(z, bundleAt(0), fetchPage)).toEqual(['a', 'b']);
    expect(stored.cursor).toBe('c2');
    expect(await cursorPage(z, bundleAt(1), fetchPage)).toEqual(['c']);
    expect(await cursorPage(z, bundleAt(2), fetchPage)).toEqual([]);
    expect(asked).toEqual([undefined, 'c2']);
  });
});
