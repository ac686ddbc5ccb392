// Pure bookkeeping for paging a dataset version's rows: which pages a visible range needs, and a bounded cache.
import type { CellValue } from '../../../shared/domain';

export const PAGE_SIZE = 200;
/** pages kept in memory (about 12,000 rows): enough for fast back-and-forth scrolling, never the whole table */
export const MAX_CACHED_PAGES = 60;

export type PageMap = Readonly<Record<number, CellValue[][]>>;

/** the pages that cover rows [first, last] (inclusive), clamped to the table */
export function pagesFor(first: number, last: number, total: number): number[] {
  if (total <= 0) return [];
  const from = Math.max(0, Math.floor(first / PAGE_SIZE));
  const to = Math.min(Math.floor((total - 1) / PAGE_SIZE), Math.floor(Math.max(first, last) / PAGE_SIZE));
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}

/** adds a page, then drops the pages farthest from it while the cache is over its bound */
export function withPage(pages: PageMap, page: number, rows: CellValue[][]): PageMap {
  const next: Record<number, CellValue[][]> = { ...pages, [page]: rows };
  const keys = Object.keys(next).map(Number);
  if (keys.length <= MAX_CACHED_PAGES) return next;
  keys.sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
  for (const key of keys.slice(0, keys.length - MAX_CACHED_PAGES)) delete next[key];
  return next;
}

export function rowAt(pages: PageMap, index: number): CellValue[] | undefined {
  return pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}
