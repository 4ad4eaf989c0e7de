/**
 * Turns one RPC call into signed HTTP. A fresh nonce and timestamp are drawn on every call, so a
 * retried attempt is a new request to the gateway (it rejects a reused nonce).
 *
 * - V3 (default; the current official TypeScript SDK): POST or GET, business parameters in the
 *   query string, empty body, `x-acs-*` headers and an ACS3-HMAC-SHA256 `Authorization`.
 * - V1 (pop-core, Terraform): GET carries every parameter in the query; POST carries every
 *   parameter in an `application/x-www-form-urlencoded` body.
 *
 * The query and form are written with the signer's own canonical encoder, so the bytes on the wire
 * are exactly the bytes that were signed.
 */

import type { Credentials } from "../credentials/types";
import { canonicalQueryString, signV1, signV3 } from "../signing";
import type { HttpRequest } from "../transport/http";

export type SignatureVersion = "v1" | "v3";

export interface BuildRequestInput {
  signatureVersion: SignatureVersion;
  method: "GET" | "POST";
  /** Base URL; its path (usually `/`) is the RPC path. */
  endpoint: URL;
  /** Sent (and signed) as Host instead of the endpoint's host. */
  hostHeader?: string;
  action: string;
  version: string;
  /** Already flattened business parameters. */
  params: Record<string, string>;
  credentials: Credentials;
  userAgent: string;
}

function withQuery(endpoint: URL, query: string): string {
  const base = `${endpoint.origin}${endpoint.pathname || "/"}`;
  return query ? `${base}?${query}` : base;
}

export function buildRequest(input: BuildRequestInput): HttpRequest {
  const { method, endpoint, action, version, params, credentials } = input;
  const plainHeaders: Record<string, string> = { accept: "application/json", "user-agent": input.userAgent };
  if (input.hostHeader) plainHeaders.host = input.hostHeader;

  if (input.signatureVersion === "v3") {
    const headers = signV3({
      method,
      host: input.hostHeader ?? endpoint.host,
      path: endpoint.pathname || "/",
      action,
      version,
      query: params,
      credentials,
      extraHeaders: plainHeaders,
    });
    return { method, url: withQuery(endpoint, canonicalQueryString(params)), headers };
  }

  const signed = signV1({ method, action, version, params, credentials });
  const encoded = canonicalQueryString(signed);
  if (method === "GET") return { method, url: withQuery(endpoint, encoded), headers: plainHeaders };
  return {
    method,
    url: withQuery(endpoint, ""),
    headers: { ...plainHeaders, "content-type": "application/x-www-form-urlencoded" },
    body: encoded,
  };
}
