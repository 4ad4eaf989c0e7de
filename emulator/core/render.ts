/**
 * Step 8: the response. Success bodies are the handler's fields plus `RequestId` (and, for CR,
 * `Code:"success"`/`IsSuccess:true`). Errors are rendered once, here: the POP envelope
 * `{RequestId, HostId, Code, Message, Recommend}` with the error's HTTP status, or the CR business
 * envelope `{RequestId, Code, Message, IsSuccess:false}` (ram-sts-signing.md §4.3, acr-api.md §1.4–1.5).
 * JSON by default; `Format=XML` (V1 only) gets XML, as the gateway does.
 */

import type { ApiError, Product } from "./context";

export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ResponseFormat = "json" | "xml";

const PRODUCT_NAME: Record<Product, string> = { cr: "cr", ram: "Ram", sts: "Sts" };

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

/** Arrays repeat their element name (`{Role:[a,b]}` → `<Role>a</Role><Role>b</Role>`), as the gateway does. */
function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join("");
  if (value !== null && typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => toXml(key, item))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(value === undefined || value === null ? "" : String(value))}</${name}>`;
}

function respond(status: number, requestId: string, body: Record<string, unknown>, format: ResponseFormat, root: string): RenderedResponse {
  if (format === "xml") {
    return {
      status,
      headers: { "content-type": "text/xml;charset=utf-8", "x-acs-request-id": requestId },
      body: `<?xml version='1.0' encoding='UTF-8'?>${toXml(root, body)}`,
    };
  }
  return {
    status,
    headers: { "content-type": "application/json;charset=utf-8", "x-acs-request-id": requestId },
    body: JSON.stringify(body),
  };
}

export function renderSuccess(
  product: Product,
  action: string,
  requestId: string,
  fields: Record<string, unknown>,
  format: ResponseFormat,
): RenderedResponse {
  const body = product === "cr" ? { Code: "success", IsSuccess: true, ...fields, RequestId: requestId } : { ...fields, RequestId: requestId };
  return respond(200, requestId, body, format, `${action}Response`);
}

export interface ErrorSite {
  requestId: string;
  /** The product endpoint host, e.g. `ram.aliyuncs.com`. */
  hostId: string;
  /** Unknown when the request failed before routing. */
  product?: Product;
}

export function renderError(error: ApiError, site: ErrorSite, format: ResponseFormat): RenderedResponse {
  if (error.envelope === "cr") {
    const body = { RequestId: site.requestId, Code: error.code, Message: error.message, IsSuccess: false, ...error.extra };
    return respond(error.httpStatus, site.requestId, body, format, "Error");
  }
  const product = site.product ? PRODUCT_NAME[site.product] : "";
  const recommend = `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${site.requestId}`;
  const body = {
    RequestId: site.requestId,
    HostId: site.hostId,
    Code: error.code,
    Message: error.message,
    Recommend: recommend,
    ...error.extra,
  };
  return respond(error.httpStatus, site.requestId, body, format, "Error");
}
