import type { Bundle, ZObject } from 'zapier-platform-core';

/*
 * Paging for dropdowns (`canPaginate: true`) and polling. Zapier asks for page 0, 1, 2…
 * in `bundle.meta.page`; cursor APIs keep the next cursor with `z.cursor` between those calls.
 *
 * Every loop over pages is bounded: an API that answers a next-page pointer it already gave (or a new
 * one forever) would otherwise be asked again until the step's time runs out, or, for a dropdown, for
 * as long as Zapier keeps asking for more.
 */

/** The page Zapier asks for: 0 when it names none. */
export function pageNumber(bundle: Bundle): number {
  const page = Number(bundle.meta?.page ?? 0);
  return Number.isInteger(page) && page > 0 ? page : 0;
}

/**
 * Pages of one dropdown that Zapier may ask for: 100 pages of 100 is more than anyone scrolls through,
 * and past it the list ends (an empty page, without a request) rather than go on for ever.
 */
export const MAX_DROPDOWN_PAGES = 100;

/** `limit`/`offset` for the page Zapier asked for; undefined past `MAX_DROPDOWN_PAGES`, where the list ends. */
export function offsetPage(bundle: Bundle, limit: number): { limit: number; offset: number } | undefined {
  const page = pageNumber(bundle);
  return page < MAX_DROPDOWN_PAGES ? { limit, offset: page * limit } : undefined;
}

/** One page of a list: its records and the pointer to the next page (none on the last). */
export interface Page<T> {
  items: T[];
  next: string | null | undefined;
}

/**
 * Fetches the page Zapier asked for from a cursor API. Page 0 starts without a cursor;
 * later pages continue from the cursor stored after the previous one. When there is no next
 * page, an empty cursor is stored and the following page is empty without a request. A next
 * cursor equal to the one just used ends the list after this page (it would give this page again),
 * and so does `MAX_DROPDOWN_PAGES`: `z.cursor` keeps one cursor between Zapier's calls, so a longer
 * cycle of cursors ends there.
 */
export async function cursorPage<T>(z: ZObject, bundle: Bundle, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const page = pageNumber(bundle);
  let cursor: string | undefined;
  if (page >= MAX_DROPDOWN_PAGES) return [];
  if (page > 0) {
    cursor = (await z.cursor.get()) || undefined;
    if (!cursor) return [];
  }
  const { items, next } = await fetchPage(cursor);
  await z.cursor.set(next && next !== cursor ? next : '');
  return items;
}

/** How a loop over pages within one step is bounded, and what it does at the bound. */
export interface PageBounds {
  service: string;
  /** The list as messages name it: "GET /v2/pipelines". */
  endpoint: string;
  /** Pages at most: more than the list can ever need. */
  maxPages: number;
  /**
   * At a bound (a next-page pointer already read, or another page offered after `maxPages`): `keep` ends
   * with the records read so far, `fail` ends the step with an error naming the endpoint.
   */
  atBound: 'keep' | 'fail';
}

/**
 * Reads a list page after page, from the first (no pointer) to the last (no next pointer), or until
 * `found` says a page holds what the caller looks for; returns every record read. It never asks for
 * a pointer it has already read, nor for more than `maxPages` pages.
 */
export async function readPages<T>(
  z: ZObject,
  bounds: PageBounds,
  fetchPage: (pointer: string | undefined) => Promise<Page<T>>,
  found: (page: T[]) => boolean = () => false,
): Promise<T[]> {
  const read: T[] = [];
  const asked = new Set<string | undefined>();
  let pointer: string | undefined;
  for (;;) {
    asked.add(pointer);
    const { items, next } = await fetchPage(pointer);
    read.push(...items);
    if (!next || found(items)) return read;
    if (!asked.has(next) && asked.size < bounds.maxPages) {
      pointer = next;
      continue;
    }
    if (bounds.atBound === 'keep') return read;
    const why = asked.has(next) ? 'a next page it had already given' : `more than ${bounds.maxPages} pages, more than this list can have`;
    throw new z.errors.Error(
      `${bounds.service} answered ${bounds.endpoint} with ${why}, so the list was not read to its end. Try again; if it keeps happening, contact support.`,
      'endless_list',
      502,
    );
  }
}
