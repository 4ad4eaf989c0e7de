/**
 * Signature V3, `ACS3-HMAC-SHA256`: the default of the current TypeScript SDK. Signs the method,
 * path, query, the `host`/`x-acs-*`/`content-type` headers and the SHA-256 of the body.
 */

import { createHash, createHmac } from "node:crypto";
import { canonicalQueryString, formatTimestamp, newNonce } from "./encode";
import { assertUsable, type SigningCredentials } from "./v1";

const ALGORITHM = "ACS3-HMAC-SHA256";

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of zero bytes, sent as `x-acs-content-sha256` when there is no body. */
export const EMPTY_BODY_SHA256: string = sha256Hex("");

export interface V3CanonicalInput {
  method: string;
  /** The path exactly as it appears on the wire (already percent-encoded); `/` for RPC. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Header values by lowercase name. */
  headers: Record<string, string>;
  /** Lowercase names in signing order (sorted by the signer; the verifier passes the client's list). */
  signedHeaders: string[];
  /** Lowercase hex SHA-256 of the body, i.e. the `x-acs-content-sha256` value. */
  hashedPayload: string;
}

/** The six-part canonical request joined by `\n`; the header block ends with its own `\n`. */
export function v3CanonicalRequest(input: V3CanonicalInput): string {
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.headers[name] ?? "").trim()}\n`)
    .join("");
  return [
    input.method,
    input.path || "/",
    canonicalQueryString(input.query),
    canonicalHeaders,
    input.signedHeaders.join(";"),
    input.hashedPayload,
  ].join("\n");
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Lowercase hex HMAC-SHA256 keyed with the raw secret (unlike V1, no trailing `&`). */
export function v3Signature(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}

export interface V3SignInput {
  method: "GET" | "POST";
  /** `host[:port]` exactly as the Host header will carry it. */
  host: string;
  /** Wire path (percent-encoded); defaults to `/`. */
  path?: string;
  action: string;
  version: string;
  /** Business parameters for the query string, already flattened. */
  query?: Record<string, string>;
  /** The exact bytes that will be sent. */
  body?: string | Uint8Array;
  contentType?: string;
  credentials: SigningCredentials;
  /** Injectable clock for tests; defaults to now. */
  date?: Date;
  /** Injectable nonce for tests; defaults to a fresh random one. */
  nonce?: string;
  /** More headers to send; `x-acs-*` ones are signed, others (user-agent, accept) are not. */
  extraHeaders?: Record<string, string>;
}

/** The gateway signs these; others (user-agent, accept) may change in transit. */
function isSigned(name: string): boolean {
  return name === "host" || name === "content-type" || name.startsWith("x-acs-");
}

/** Returns the headers to send (lowercase names), `authorization` included. */
export function signV3(input: V3SignInput): Record<string, string> {
  assertUsable(input.credentials);
  const { accessKeyId, accessKeySecret, securityToken } = input.credentials;
  const hashedPayload = input.body === undefined ? EMPTY_BODY_SHA256 : sha256Hex(input.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  // Set after the extras so an extra header cannot replace what the signature vouches for.
  Object.assign(headers, {
    host: input.host,
    "x-acs-action": input.action,
    "x-acs-version": input.version,
    "x-acs-date": formatTimestamp(input.date ?? new Date()),
    "x-acs-signature-nonce": input.nonce ?? newNonce(),
    "x-acs-content-sha256": hashedPayload,
  });
  delete headers.authorization;
  if (securityToken) {
    // The TS SDK names the key in a header as well as in Credential=; the gateway accepts both forms.
    headers["x-acs-accesskey-id"] = accessKeyId;
    headers["x-acs-security-token"] = securityToken;
  }
  if (input.contentType !== undefined) headers["content-type"] = input.contentType;

  const signedHeaders = Object.keys(headers).filter(isSigned).sort();
  const canonical = v3CanonicalRequest({
    method: input.method,
    path: input.path ?? "/",
    query: input.query ?? {},
    headers,
    signedHeaders,
    hashedPayload,
  });
  const signature = v3Signature(v3StringToSign(canonical), accessKeySecret);
  headers.authorization = `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`;
  return headers;
}

/**
 * Splits `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
 * Tolerates spaces after the commas; returns undefined when any part is missing.
 */
export function parseV3Authorization(
  header: string,
): { algorithm: string; accessKeyId: string; signedHeaders: string[]; signature: string } | undefined {
  const match = /^\s*(\S+)\s+(.*)$/s.exec(header);
  if (!match) return undefined;
  const [, algorithm, rest] = match as unknown as [string, string, string];
  const fields = new Map<string, string>();
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { algorithm, accessKeyId, signedHeaders: signedHeaders.split(";").filter((h) => h.length > 0), signature };
}
