/**
 * Step 2: verify the request signature the way the POP gateway does (ram-sts-signing.md §4):
 * V1 (HMAC-SHA1 over every query/form parameter) or V3 (ACS3-HMAC-SHA256 over method, path, query,
 * signed headers and body hash). The canonical forms come from sdk/signing, so the emulator and
 * the SDK cannot drift apart. Checks run cheapest-first; the nonce is recorded only for a request
 * that is otherwise valid, so a forged request cannot burn someone else's nonce.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import {
  parseV3Authorization,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Signature,
  v3StringToSign,
} from "../../sdk/signing";
import { gatewayErrors as E } from "./gateway-errors";
import { ownerSecret, type KeyOwner } from "./keys";
import { REPLAY_WINDOW_MS, type NonceCache } from "./nonce-cache";
import type { ParsedRequest } from "./parse-request";
import { tokenOwner } from "../sts/sessions";

export interface VerifiedCaller {
  owner: KeyOwner;
  accessKeyId: string;
}

export interface VerifyDeps {
  lookupKey(accessKeyId: string): KeyOwner | undefined;
  nonces: NonceCache;
  /** Host clock, for the freshness window (see clock.ts). */
  wallNowMs: number;
  /** Service clock, for STS expiry. */
  serviceNowMs: number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const V1_REQUIRED = ["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"] as const;
const V3_REQUIRED_SIGNED = ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses `YYYY-MM-DDThh:mm:ssZ` strictly and checks it is within 15 minutes of the host clock. */
function checkFreshness(value: string, nowMs: number): number {
  const match = TIMESTAMP.exec(value);
  const ms = match ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw E.timestampFormat(value);
  if (Math.abs(nowMs - ms) > REPLAY_WINDOW_MS) throw E.timestampExpired(value);
  return ms;
}

function findKey(deps: VerifyDeps, accessKeyId: string): KeyOwner {
  const owner = deps.lookupKey(accessKeyId);
  if (!owner) throw E.accessKeyNotFound();
  if (owner.kind !== "sts" && owner.key.status !== "Active") throw E.accessKeyInactive();
  return owner;
}

/** STS keys only work with their own, unexpired token; tokens sent with permanent keys are ignored. */
function checkSecurityToken(owner: KeyOwner, accessKeyId: string, token: string | undefined, nowMs: number): void {
  if (owner.kind !== "sts") return;
  if (!token) throw E.missingSecurityToken();
  const issuedFor = tokenOwner(token);
  if (issuedFor === undefined) throw E.securityTokenMalformed();
  if (issuedFor !== accessKeyId) throw E.securityTokenMismatch();
  if (!safeEqual(token, owner.session.securityToken)) throw E.securityTokenMalformed();
  if (nowMs >= Date.parse(owner.session.expiration)) throw E.securityTokenExpired();
}

function rememberNonce(deps: VerifyDeps, accessKeyId: string, nonce: string, signedAtMs: number): void {
  if (!deps.nonces.remember(`${accessKeyId}\n${nonce}`, deps.wallNowMs, signedAtMs)) throw E.nonceUsed();
}

function verifyV1(parsed: ParsedRequest, deps: VerifyDeps): VerifiedCaller {
  const p = parsed.params;
  for (const name of V1_REQUIRED) if (!p[name]) throw E.missingParameter(name);
  if (p.SignatureMethod !== "HMAC-SHA1") throw E.invalidSignatureMethod(p.SignatureMethod!);
  if (p.SignatureVersion !== "1.0") {
    throw E.incompleteSignature(`SignatureVersion "${p.SignatureVersion}" is not supported; use 1.0.`);
  }
  const signedAt = checkFreshness(p.Timestamp!, deps.wallNowMs);
  const accessKeyId = p.AccessKeyId!;
  const owner = findKey(deps, accessKeyId);

  const stringToSign = v1StringToSign(parsed.method, p);
  if (!safeEqual(v1Signature(stringToSign, ownerSecret(owner)), p.Signature!)) {
    // The echo helps callers debug canonicalisation; the token in it is the caller's secret, so mask it.
    const shown = p.SecurityToken ? v1StringToSign(parsed.method, { ...p, SecurityToken: "<redacted>" }) : stringToSign;
    throw E.signatureDoesNotMatch(shown);
  }
  // V1 signs one value per name: a second copy (repeated, or in both query and form) was never
  // signed, so the request is not the one the key holder sent.
  if (parsed.repeatedParamNames?.length) throw E.repeatedParameter(parsed.repeatedParamNames[0]!);
  checkSecurityToken(owner, accessKeyId, p.SecurityToken, deps.serviceNowMs);
  rememberNonce(deps, accessKeyId, p.SignatureNonce!, signedAt);
  return { owner, accessKeyId };
}

function verifyV3(parsed: ParsedRequest, deps: VerifyDeps): VerifiedCaller {
  const h = parsed.headers;
  const auth = parseV3Authorization(h.authorization ?? "");
  if (!auth) throw E.incompleteSignature("The Authorization header must be ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=….");
  if (auth.algorithm !== "ACS3-HMAC-SHA256") throw E.invalidSignatureMethod(auth.algorithm);

  const signed = auth.signedHeaders.map((name) => name.toLowerCase());
  const mustSign = h["x-acs-security-token"] !== undefined ? [...V3_REQUIRED_SIGNED, "x-acs-security-token"] : V3_REQUIRED_SIGNED;
  for (const name of mustSign) {
    if (h[name] === undefined) throw E.missingParameter(name);
    if (!signed.includes(name)) throw E.incompleteSignature(`SignedHeaders must include ${name}.`);
  }
  const signedAt = checkFreshness(h["x-acs-date"]!, deps.wallNowMs);
  const claimedHash = h["x-acs-content-sha256"]!;
  if (createHash("sha256").update(parsed.body).digest("hex") !== claimedHash.toLowerCase()) throw E.contentHashMismatch();

  // The canonical query has one value per name, so a repeated name carries bytes no signature
  // covers (the first value is used, the rest would ride along unchecked): refuse it as unsigned.
  if (parsed.repeatedQueryNames?.length) throw E.repeatedParameter(parsed.repeatedQueryNames[0]!);

  const accessKeyId = auth.accessKeyId;
  const owner = findKey(deps, accessKeyId);
  const canonical = v3CanonicalRequest({
    method: parsed.method,
    path: parsed.path || "/",
    query: parsed.query,
    headers: h,
    signedHeaders: signed,
    hashedPayload: claimedHash,
  });
  const stringToSign = v3StringToSign(canonical);
  if (!safeEqual(v3Signature(stringToSign, ownerSecret(owner)), auth.signature.toLowerCase())) {
    throw E.signatureDoesNotMatch(stringToSign);
  }
  checkSecurityToken(owner, accessKeyId, h["x-acs-security-token"], deps.serviceNowMs);
  rememberNonce(deps, accessKeyId, h["x-acs-signature-nonce"]!, signedAt);
  return { owner, accessKeyId };
}

export function verifySignature(parsed: ParsedRequest, deps: VerifyDeps): VerifiedCaller {
  return parsed.scheme === "v3" ? verifyV3(parsed, deps) : verifyV1(parsed, deps);
}
