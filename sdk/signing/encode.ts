/**
 * Canonicalisation pieces shared by both Alibaba Cloud signature schemes (V1 RPC and V3 ACS3).
 * Everything here is pure apart from {@link newNonce}, so the emulator can recompute a client's
 * signature from the parameters it received.
 */

import { randomBytes } from "node:crypto";

/**
 * RFC 3986 percent-encoding as Alibaba Cloud signs it: UTF-8 bytes, unreserved `A-Z a-z 0-9 - _ . ~`
 * kept, everything else `%XX` with uppercase hex (space → `%20`, `*` → `%2A`).
 */
export function percentEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone UTF-16 surrogate has no UTF-8 form. The value itself is not echoed: it may be a token.
    throw new TypeError("percentEncode: value is not well-formed Unicode (lone surrogate)");
  }
  // encodeURIComponent leaves these five sub-delimiters alone; RFC 3986 unreserved does not include them.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Flattens structured request parameters the way the official SDKs do before signing:
 * arrays become `Name.1`, `Name.2`… (1-based, position kept even when an item is skipped),
 * objects become `Name.Key`, recursively (`Tag.1.Key`). Booleans become `true`/`false`, numbers
 * their decimal form, `undefined`/`null` are dropped.
 */
export function flattenParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) flattenInto(out, name, value);
  return out;
}

function flattenInto(out: Record<string, string>, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value === "string") {
    out[name] = value;
  } else if (typeof value === "boolean") {
    out[name] = value ? "true" : "false";
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`flattenParams: ${name} is not a finite number`);
    out[name] = String(value);
  } else if (typeof value === "bigint") {
    out[name] = value.toString();
  } else if (value instanceof Date) {
    out[name] = formatTimestamp(value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => flattenInto(out, `${name}.${index + 1}`, item));
  } else if (typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) flattenInto(out, `${name}.${key}`, item);
  } else {
    throw new TypeError(`flattenParams: ${name} has unsupported type ${typeof value}`);
  }
}

/** Orders names by their UTF-8 bytes, which is what the gateway means by "sorted". */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * `name=value` pairs sorted by name (byte order), name and value percent-encoded, joined with `&`.
 * An empty value gives `name=`; no parameters give the empty string.
 */
export function canonicalQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .sort(compareUtf8)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`)
    .join("&");
}

/** `YYYY-MM-DDThh:mm:ssZ` in UTC; fractional seconds are rejected by the gateway, so they are cut. */
export function formatTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError("formatTimestamp: invalid Date");
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** 128 random bits as 32 lowercase hex characters; the gateway rejects a nonce it has seen recently. */
export function newNonce(): string {
  return randomBytes(16).toString("hex");
}
