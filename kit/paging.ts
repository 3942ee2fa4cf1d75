import type { Bundle, ZObject } from 'zapier-platform-core';

/**
 * Paging for dropdowns (`canPaginate: true`) and polling. Zapier asks for page 0, 1, 2…
 * in `bundle.meta.page`; cursor APIs keep the next cursor with `z.cursor` between those calls.
 */
export function pageNumber(bundle: Bundle): number {
  const page = Number(bundle.meta?.page ?? 0);
  return Number.isInteger(page) && page > 0 ? page : 0;
}

/** `limit`/`offset` for the page Zapier asked for. */
export function offsetPage(bundle: Bundle, limit: number): { limit: number; offset: number } {
  return { limit, offset: pageNumber(bundle) * limit };
}

/**
 * Fetches the page Zapier asked for from a cursor API. Page 0 starts without a cursor;
 * later pages continue from the cursor stored after the previous one. When there is no next
 * page, an empty cursor is stored and the following page is empty without a request.
 */
export async function cursorPage<T>(
  z: ZObject,
  bundle: Bundle,
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null | undefined }>,
): Promise<T[]> {
  const page = pageNumber(bundle);
  let cursor: string | undefined;
  if (page > 0) {
    cursor = (await z.cursor.get()) || undefined;
    if (!cursor) return [];
  }
  const { items, next } = await fetchPage(cursor);
  await z.cursor.set(next ?? '');
  return items;
}
