/**
 * Walks PageNo-style lists (CR) to the end. A page shorter than the page size the service says it
 * used is the last one, as Terraform reads it; `TotalCount`, when present, stops the walk early.
 * The echoed page size is preferred over the requested one because the service may clamp it (the
 * docs allow clamping to 100), and a clamped full page must not be mistaken for the last.
 */

import { AcsError } from "../errors";

export interface Page<T> {
  items: T[];
  /** The page size the service reports it used. */
  pageSize?: number;
  totalCount?: number;
}

export interface PaginateOptions {
  /** @default 50 (within every documented maximum) */
  pageSize?: number;
  /** Guards against a service that never returns a short page. @default 1000 */
  maxPages?: number;
}

export const DEFAULT_PAGE_SIZE = 50;

export async function collectPages<T>(
  operation: string,
  fetchPage: (pageNo: number, pageSize: number) => Promise<Page<T>>,
  options: PaginateOptions = {},
): Promise<T[]> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPages = options.maxPages ?? 1000;
  const all: T[] = [];
  for (let pageNo = 1; pageNo <= maxPages; pageNo++) {
    const page = await fetchPage(pageNo, pageSize);
    all.push(...page.items);
    const effectiveSize = page.pageSize && page.pageSize > 0 ? page.pageSize : pageSize;
    if (page.items.length === 0 || page.items.length < effectiveSize) return all;
    if (page.totalCount !== undefined && all.length >= page.totalCount) return all;
  }
  throw new AcsError({
    code: "TooManyPages",
    message: `stopped after ${maxPages} pages of ${pageSize}; the list did not end`,
    httpStatus: 200,
    operation,
    fault: "server",
  });
}

/** Walks Marker-style lists (RAM): follow `Marker` while `IsTruncated` is true. */
export async function collectMarkerPages<T>(
  operation: string,
  fetchPage: (marker: string | undefined) => Promise<{ items: T[]; isTruncated?: boolean; marker?: string }>,
  maxPages = 1000,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage(marker);
    all.push(...page.items);
    // A truncated page without a marker cannot be continued; stop rather than loop on page one.
    if (!page.isTruncated || !page.marker) return all;
    marker = page.marker;
  }
  throw new AcsError({
    code: "TooManyPages",
    message: `stopped after ${maxPages} pages; the list did not end`,
    httpStatus: 200,
    operation,
    fault: "server",
  });
}
