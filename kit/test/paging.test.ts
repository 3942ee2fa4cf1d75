import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { cursorPage, MAX_DROPDOWN_PAGES, offsetPage, pageNumber, readPages } from '../paging';

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

describe('a dropdown whose API never ends its list', () => {
  const fetcher = (next: (cursor: string | undefined) => string | null) => {
    const asked: Array<string | undefined> = [];
    const fetchPage = async (cursor: string | undefined) => {
      asked.push(cursor);
      return { items: [`item after ${cursor ?? 'start'}`], next: next(cursor) };
    };
    return { asked, fetchPage };
  };

  it('ends the list after a page whose next cursor is the one it was asked with', async () => {
    const { asked, fetchPage } = fetcher((cursor) => cursor ?? 'same');
    const stored = { cursor: '' };
    const z = fakeZ(stored);
    expect(await cursorPage(z, bundleAt(0), fetchPage)).toEqual(['item after start']);
    expect(await cursorPage(z, bundleAt(1), fetchPage)).toEqual(['item after same']);
    expect(stored.cursor).toBe('');
    expect(await cursorPage(z, bundleAt(2), fetchPage)).toEqual([]);
    expect(asked).toEqual([undefined, 'same']);
  });

  it(`ends a list whose cursor grows for ever after ${MAX_DROPDOWN_PAGES} pages, without a request`, async () => {
    const { asked, fetchPage } = fetcher((cursor) => `${cursor ?? ''}x`);
    const z = fakeZ({ cursor: '' });
    for (let page = 0; page < MAX_DROPDOWN_PAGES; page += 1) expect(await cursorPage(z, bundleAt(page), fetchPage)).toHaveLength(1);
    expect(await cursorPage(z, bundleAt(MAX_DROPDOWN_PAGES), fetchPage)).toEqual([]);
    expect(asked).toHaveLength(MAX_DROPDOWN_PAGES);
  });

  it(`gives no offset past ${MAX_DROPDOWN_PAGES} pages: the list ends there`, () => {
    expect(offsetPage(bundleAt(MAX_DROPDOWN_PAGES - 1), 100)).toEqual({ limit: 100, offset: (MAX_DROPDOWN_PAGES - 1) * 100 });
    expect(offsetPage(bundleAt(MAX_DROPDOWN_PAGES), 100)).toBeUndefined();
  });
});

describe('readPages: a loop over pages within one step', () => {
  const z = { errors: zapier.errors } as unknown as ZObject;
  const bounds = (atBound: 'keep' | 'fail', maxPages = 5) => ({ service: 'Example', endpoint: 'GET /things', maxPages, atBound }) as const;
  /** Pages answered by `next` (given the pointer asked with), each with one record named after its pointer. */
  const api = (next: (pointer: string | undefined) => string | null) => {
    const asked: Array<string | undefined> = [];
    const fetchPage = async (pointer: string | undefined) => {
      asked.push(pointer);
      return { items: [pointer ?? 'first'], next: next(pointer) };
    };
    return { asked, fetchPage };
  };
  const refused = async (promise: Promise<unknown>) => {
    const error = (await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error;
    return { name: error.name, ...(JSON.parse(error.message) as { message: string; code: string; status: number }) };
  };

  it('reads every page to the last, and stops at the page that holds what is looked for', async () => {
    const pages: Record<string, string | null> = { first: 'p2', p2: 'p3', p3: null };
    const all = api((pointer) => pages[pointer ?? 'first']);
    expect(await readPages(z, bounds('fail'), all.fetchPage)).toEqual(['first', 'p2', 'p3']);
    const some = api((pointer) => pages[pointer ?? 'first']);
    expect(await readPages(z, bounds('fail'), some.fetchPage, (page) => page.includes('p2'))).toEqual(['first', 'p2']);
    expect(some.asked).toEqual([undefined, 'p2']);
  });

  it.each([
    ['the same pointer again', (pointer: string | undefined) => pointer ?? 'p2', [undefined, 'p2']],
    ['a cycle of pointers', (pointer: string | undefined) => ({ first: 'p2', p2: 'p3', p3: 'p2' })[pointer ?? 'first'] ?? null, [undefined, 'p2', 'p3']],
  ])('never asks for a pointer it has read: %s ends with the records read so far, or a clear error', async (_name, next, asked) => {
    const kept = api(next);
    expect(await readPages(z, bounds('keep'), kept.fetchPage)).toEqual(asked.map((pointer) => pointer ?? 'first'));
    expect(kept.asked).toEqual(asked);
    const failed = api(next);
    expect(await refused(readPages(z, bounds('fail'), failed.fetchPage))).toEqual({
      name: 'AppError',
      message: 'Example answered GET /things with a next page it had already given, so the list was not read to its end. Try again; if it keeps happening, contact support.',
      code: 'endless_list',
      status: 502,
    });
    expect(failed.asked).toEqual(asked);
  });

  it('reads at most maxPages pages of a pointer that grows for ever', async () => {
    const kept = api((pointer) => `${pointer ?? 'p'}+`);
    expect(await readPages(z, bounds('keep', 5), kept.fetchPage)).toHaveLength(5);
    expect(kept.asked).toHaveLength(5);
    const failed = api((pointer) => `${pointer ?? 'p'}+`);
    expect((await refused(readPages(z, bounds('fail', 5), failed.fetchPage))).message).toBe(
      'Example answered GET /things with more than 5 pages, more than this list can have, so the list was not read to its end. Try again; if it keeps happening, contact support.',
    );
    expect(failed.asked).toHaveLength(5);
  });

  it('takes a last page of exactly maxPages as the end, not a bound', async () => {
    const pages: Record<string, string | null> = { first: 'p2', p2: null };
    expect(await readPages(z, bounds('fail', 2), api((pointer) => pages[pointer ?? 'first']).fetchPage)).toEqual(['first', 'p2']);
  });
});
