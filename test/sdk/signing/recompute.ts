/**
 * Recomputes a captured request's signature with our functions, the way the emulator will:
 * only from what arrived on the wire plus the secret.
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import {
  EMPTY_BODY_SHA256,
  parseV3Authorization,
  signV1,
  signV3,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Signature,
  v3StringToSign,
  type SigningCredentials,
} from "../../../sdk/signing";
import type { CapturedRequest } from "./capture-server";

const V1_COMMON = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "SecurityToken",
  "Signature",
]);

/** Decodes `a=b&c=d` (query or form); a form `+` is a space. Refuses repeated names. */
function decodePairs(encoded: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    if (name in out) throw new Error(`parameter ${name} sent twice`);
    out[name] = value;
  }
  return out;
}

function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const mark = url.indexOf("?");
  return mark < 0 ? { path: url, query: {} } : { path: url.slice(0, mark), query: decodePairs(url.slice(mark + 1)) };
}

/** Parameters a V1 request carried outside the common set, i.e. what the caller asked for. */
export interface V1Check {
  business: Record<string, string>;
  all: Record<string, string>;
}

/**
 * Checks a V1 request: our string-to-sign and HMAC give the client's Signature, and `signV1` with the
 * same clock and nonce yields exactly the parameters the client sent.
 */
export function expectV1Reproduced(req: CapturedRequest, credentials: SigningCredentials): V1Check {
  const { query } = splitUrl(req.url);
  const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  const form = isForm ? decodePairs(req.body.toString("utf8")) : {};
  for (const name of Object.keys(form)) expect(query, `${name} in both query and body`).not.toHaveProperty(name);
  const all = { ...query, ...form };
  const { Signature: sent, ...signed } = all;
  expect(sent, "client sent a Signature").toBeTypeOf("string");

  expect(v1Signature(v1StringToSign(req.method, signed), credentials.accessKeySecret)).toBe(sent);

  const business = Object.fromEntries(Object.entries(all).filter(([name]) => !V1_COMMON.has(name)));
  const ours = signV1({
    method: req.method as "GET" | "POST",
    action: all.Action ?? "",
    version: all.Version ?? "",
    params: business,
    credentials,
    timestamp: new Date(all.Timestamp ?? ""),
    nonce: all.SignatureNonce,
    format: all.Format,
  });
  expect(ours).toEqual(all);
  return { business, all };
}

/** What a V3 request carried, for case-specific assertions. */
export interface V3Check {
  query: Record<string, string>;
  headers: Record<string, string>;
  signedHeaders: string[];
}

/**
 * Checks a V3 request: the body hash, our canonical request rebuilt from the client's SignedHeaders
 * list, and `signV3` with the same date and nonce producing the identical Authorization header.
 */
export function expectV3Reproduced(req: CapturedRequest, credentials: SigningCredentials): V3Check {
  const { path, query } = splitUrl(req.url);
  const headers = req.headers;
  const auth = parseV3Authorization(headers.authorization ?? "");
  expect(auth, "Authorization parses").toBeDefined();
  if (!auth) throw new Error("unreachable");
  expect(auth.algorithm).toBe("ACS3-HMAC-SHA256");
  expect(auth.accessKeyId).toBe(credentials.accessKeyId);

  const bodyHash = req.body.length ? createHash("sha256").update(req.body).digest("hex") : EMPTY_BODY_SHA256;
  expect(headers["x-acs-content-sha256"]).toBe(bodyHash);

  const canonical = v3CanonicalRequest({
    method: req.method,
    path,
    query,
    headers,
    signedHeaders: auth.signedHeaders,
    hashedPayload: bodyHash,
  });
  expect(v3Signature(v3StringToSign(canonical), credentials.accessKeySecret)).toBe(auth.signature);

  // Signed x-acs-* headers that signV3 does not produce itself (the client adds x-acs-credentials-provider).
  const own = new Set([
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-accesskey-id",
    "x-acs-security-token",
  ]);
  const extraHeaders = Object.fromEntries(
    auth.signedHeaders.filter((h) => h.startsWith("x-acs-") && !own.has(h)).map((h) => [h, headers[h] ?? ""]),
  );
  const ours = signV3({
    method: req.method as "GET" | "POST",
    host: headers.host ?? "",
    path,
    action: headers["x-acs-action"] ?? "",
    version: headers["x-acs-version"] ?? "",
    query,
    body: req.body.length ? req.body : undefined,
    contentType: headers["content-type"],
    credentials,
    date: new Date(headers["x-acs-date"] ?? ""),
    nonce: headers["x-acs-signature-nonce"],
    extraHeaders,
  });
  expect(ours.authorization).toBe(headers.authorization);
  for (const name of auth.signedHeaders) expect(ours[name], `header ${name}`).toBe(headers[name]);
  return { query, headers, signedHeaders: auth.signedHeaders };
}
