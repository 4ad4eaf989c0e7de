/**
 * Step 1 of the pipeline: turn the raw HTTP request into decoded parameters and the signing facts.
 * Parameters may arrive in the query, in an `application/x-www-form-urlencoded` body, or both
 * (ram-sts-signing.md §0); they are merged, the body winning on a clash, and `+` decodes to a space.
 */

import type { IncomingMessage } from "node:http";

export type SignatureScheme = "v1" | "v3";

export interface ParsedRequest {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** `host[:port]` from the Host header. */
  host: string;
  /** Header values by lowercase name. */
  headers: Record<string, string>;
  /** Decoded query parameters only (V3 signs these). */
  query: Record<string, string>;
  /** Query names sent more than once; `query` keeps only their first value. */
  repeatedQueryNames?: string[];
  /** Names sent more than once across query and form together; `params` keeps one value of each. */
  repeatedParamNames?: string[];
  /** Query and form parameters merged (V1 signs these). */
  params: Record<string, string>;
  body: Buffer;
  /** Remote address of the TCP peer. */
  peer: string;
  scheme: SignatureScheme;
  action?: string;
  version?: string;
}

/** Parameters that belong to the signature, not to the operation. */
export const SIGNING_PARAMS: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "SignatureType",
  "Timestamp",
  "Signature",
  "SecurityToken",
]);

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A stray `%` is kept literally rather than failing the request here; the signature check decides.
    return spaced;
  }
}

/** `a=1&b=x%20y` → `{a:"1", b:"x y"}`; the first occurrence of a repeated name wins. */
export function parseUrlEncoded(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
    if (!(name in out)) out[name] = value;
  }
  return out;
}

function namesIn(text: string): string[] {
  return text
    .split("&")
    .filter(Boolean)
    .map((pair) => decodeComponent(pair.includes("=") ? pair.slice(0, pair.indexOf("=")) : pair));
}

function repeated(names: string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? [...value].sort().join(",") : value;
  }
  return headers;
}

export function parseRequest(req: IncomingMessage, body: Buffer): ParsedRequest {
  const target = absoluteForm(req.url ?? "/");
  const url = target.pathAndQuery;
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? "" : url.slice(q + 1);
  const query = parseUrlEncoded(rawQuery);
  const queryNames = namesIn(rawQuery);
  const repeatedQueryNames = repeated(queryNames);
  const headers = flatHeaders(req);
  const method = (req.method ?? "GET").toUpperCase();

  const isForm = (headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
  const formText = method !== "GET" && isForm ? body.toString("utf8") : "";
  const form = parseUrlEncoded(formText);
  const params = { ...query, ...form };
  const repeatedParamNames = repeated([...queryNames, ...namesIn(formText)]);

  const scheme: SignatureScheme = /^\s*ACS3-/i.test(headers.authorization ?? "") ? "v3" : "v1";
  return {
    method,
    path,
    host: target.host ?? headers.host ?? "",
    headers,
    query,
    ...(repeatedQueryNames.length ? { repeatedQueryNames } : {}),
    ...(repeatedParamNames.length ? { repeatedParamNames } : {}),
    params,
    body,
    peer: req.socket.remoteAddress ?? "",
    scheme,
    action: scheme === "v3" ? headers["x-acs-action"] : params.Action,
    version: scheme === "v3" ? headers["x-acs-version"] : params.Version,
  };
}

/** The operation's own parameters: everything but the signing ones. */
export function businessParams(parsed: ParsedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.params)) if (!SIGNING_PARAMS.has(name)) out[name] = value;
  return out;
}

/**
 * A request in proxy form (`POST http://cr.cn-shanghai.aliyuncs.com/?…`) names its host in the
 * request line, which then wins over the Host header (RFC 9112 §3.2.2): clients can reach any
 * region's "gateway" through the emulator's one port as through an HTTP proxy.
 */
function absoluteForm(target: string): { host?: string; pathAndQuery: string } {
  const match = /^https?:\/\/([^/?#]*)([^#]*)/i.exec(target);
  if (!match) return { pathAndQuery: target };
  const rest = match[2] ?? "";
  return { host: match[1], pathAndQuery: rest.startsWith("/") ? rest : `/${rest}` };
}

/**
 * The CR region a request is for, decided as the real service does: by the regional host it was
 * sent to (`cr.<region>.aliyuncs.com`, `cr-vpc.<region>.aliyuncs.com`). Only a request that reaches
 * the emulator by its bare address (no regional host) falls back to a `RegionId` parameter, which
 * older tools send, and then to the emulator's default region.
 */
export function requestRegion(parsed: ParsedRequest, fallback: string): string {
  const match = /^cr(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com(?::\d+)?$/i.exec(parsed.host);
  if (match?.[1]) return match[1].toLowerCase();
  return parsed.params.RegionId || fallback;
}
