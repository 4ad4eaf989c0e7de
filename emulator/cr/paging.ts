/**
 * Page-number pagination (acr-api.md §1.6): `PageNo` from 1, `PageSize` default 30 and at most 100.
 * A larger PageSize "either returns a parameter error or is clamped to 100"; the emulator clamps
 * and echoes the clamped size. `TotalCount` is a string in some operations and a number in others,
 * so each list handler says which.
 *
 * ListRepository and ListRepoTag also take the undocumented `MaxResults`/`NextToken`; the emulator
 * treats NextToken as an opaque offset and returns "" on the last page.
 */

import { invalidParam } from "./errors";
import { optional, optionalInt, type CrCallContext } from "./params";

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  pageNo: number;
  pageSize: number;
}

export function readPage(ctx: CrCallContext): PageRequest {
  const pageNo = optionalInt(ctx, "PageNo") ?? 1;
  const pageSize = optionalInt(ctx, "PageSize") ?? DEFAULT_PAGE_SIZE;
  if (pageNo < 1) throw invalidParam("PageNo", "use 1 or more.");
  if (pageSize < 1) throw invalidParam("PageSize", `use 1 to ${MAX_PAGE_SIZE}.`);
  return { pageNo, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) };
}

export function pageOf<T>(items: T[], page: PageRequest): T[] {
  const start = (page.pageNo - 1) * page.pageSize;
  return items.slice(start, start + page.pageSize);
}

export function pageFields(page: PageRequest, total: number, totalAs: "string" | "number"): Record<string, unknown> {
  return { PageNo: page.pageNo, PageSize: page.pageSize, TotalCount: totalAs === "string" ? String(total) : total };
}

const TOKEN_PREFIX = "emu-offset-";

/**
 * The list page for ListRepository/ListRepoTag: token style when MaxResults or NextToken is given,
 * page-number style otherwise. Returns the items and the response's paging fields.
 */
export function listPage<T>(ctx: CrCallContext, items: T[]): { items: T[]; fields: Record<string, unknown> } {
  const maxResults = optionalInt(ctx, "MaxResults");
  const nextToken = optional(ctx, "NextToken");
  if (maxResults === undefined && nextToken === undefined) {
    const page = readPage(ctx);
    return { items: pageOf(items, page), fields: pageFields(page, items.length, "string") };
  }
  const size = Math.min(maxResults ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (size < 1) throw invalidParam("MaxResults", `use 1 to ${MAX_PAGE_SIZE}.`);
  let offset = 0;
  if (nextToken !== undefined) {
    const match = new RegExp(`^${TOKEN_PREFIX}(\\d{1,9})$`).exec(nextToken);
    if (!match) throw invalidParam("NextToken", "pass the NextToken of the previous page unchanged.");
    offset = Number(match[1]);
  }
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return {
    items: slice,
    fields: { MaxResults: size, NextToken: end < items.length ? `${TOKEN_PREFIX}${end}` : "", TotalCount: String(items.length) },
  };
}
