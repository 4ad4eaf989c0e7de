/**
 * Signature V1 for RPC-style calls (HMAC-SHA1), as sent by pop-core, Terraform and the
 * darabonba `doRPCRequest` path. Every request parameter (query and form body alike) is signed.
 */

import { createHmac } from "node:crypto";
import { CredentialsError } from "../errors";
import { canonicalQueryString, formatTimestamp, newNonce, percentEncode } from "./encode";

/** The key material a signer needs; a subset of `Credentials` so either can be passed. */
export interface SigningCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * `METHOD&%2F&percentEncode(canonical query)`. `params` are the decoded parameters as sent;
 * a `Signature` entry, if present, is ignored because the signature cannot sign itself.
 */
export function v1StringToSign(method: string, params: Record<string, string>): string {
  const { Signature: _ignored, ...signed } = params;
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalQueryString(signed))}`;
}

/** Base64 HMAC-SHA1 keyed with `secret + "&"` (the empty second half is a legacy token slot). */
export function v1Signature(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}

export interface V1SignInput {
  method: "GET" | "POST";
  action: string;
  version: string;
  /** Business parameters, already flattened (see `flattenParams`). */
  params: Record<string, string>;
  credentials: SigningCredentials;
  /** Injectable clock for tests; defaults to now. */
  timestamp?: Date;
  /** Injectable nonce for tests; defaults to a fresh random one. */
  nonce?: string;
  /** Response format; defaults to `JSON`. */
  format?: string;
}

/**
 * Returns every parameter to send (query for GET; query or form body for POST): the business
 * parameters, the common ones and `Signature`. Common parameters win over a business parameter
 * of the same name, so a caller cannot accidentally re-target `Action` or `AccessKeyId`.
 */
export function signV1(input: V1SignInput): Record<string, string> {
  assertUsable(input.credentials);
  const { accessKeyId, accessKeySecret, securityToken } = input.credentials;
  const { Signature: _dropped, ...business } = input.params;
  const params: Record<string, string> = {
    ...business,
    Action: input.action,
    Version: input.version,
    Format: input.format ?? "JSON",
    AccessKeyId: accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: input.nonce ?? newNonce(),
    Timestamp: formatTimestamp(input.timestamp ?? new Date()),
  };
  // The SDKs treat an empty token as "no token"; sending SecurityToken= would be rejected.
  if (securityToken) params.SecurityToken = securityToken;
  params.Signature = v1Signature(v1StringToSign(input.method, params), accessKeySecret);
  return params;
}

/** Shared by V1 and V3: refuse to sign with a blank key rather than send a request that must fail. */
export function assertUsable(credentials: SigningCredentials): void {
  if (!credentials.accessKeyId) throw new CredentialsError("Cannot sign a request: the access key ID is empty");
  if (!credentials.accessKeySecret) throw new CredentialsError("Cannot sign a request: the access key secret is empty");
}
