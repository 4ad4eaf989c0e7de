/**
 * Reads an HTTP answer as the POP gateway and the services write it:
 * - non-2xx: `{Code, Message, RequestId, HostId, Recommend}` (JSON, sometimes XML, occasionally
 *   an HTML page from a proxy) becomes an AcsError;
 * - 2xx with `IsSuccess: false`: a CR business error (`NAMESPACE_NOT_EXIST`…), also an AcsError,
 *   because the official SDK would hand it back as a normal response;
 * - 2xx otherwise: parsed with the operation's zod schema; a mismatch is `InvalidResponse` naming
 *   the field, never a half-typed object.
 */

import type { z } from "zod";
import { AcsError } from "../errors";
import { isTransientServiceCode, ResponseCode } from "../transport/codes";
import type { HttpResponse } from "../transport/http";
import { parseRetryAfter } from "../transport/retry";

type Json = Record<string, unknown>;

function parseJson(body: string): unknown {
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

/** The Alibaba XML error form: `<Error><Code>…</Code><Message>…</Message>…</Error>`. */
function xmlField(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}

/** A short, single-line excerpt of a body that is not an error document (e.g. a proxy's HTML). */
function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * The POP services never tell `null` from absent, so nulls are dropped before parsing; that keeps
 * every optional field in the schemas tolerant of both.
 */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = dropNulls(item);
  return out;
}

/** `Instances.0.InstanceId` style path for an InvalidResponse message. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join(".") : "(body)";
}

export interface InterpretContext<T> {
  operation: string;
  schema: z.ZodType<T>;
  nowMs: number;
}

export function interpretResponse<T>(response: HttpResponse, ctx: InterpretContext<T>): T {
  const { operation } = ctx;
  const json = parseJson(response.body);
  const headerRequestId = response.headers["x-acs-request-id"];
  const ok = response.status >= 200 && response.status < 300;

  if (!ok) {
    const retryAfterMs = parseRetryAfter(response.headers, ctx.nowMs);
    if (isObject(json)) {
      throw new AcsError({
        code: str(json.Code) ?? str(json.code) ?? `Http${response.status}`,
        message: str(json.Message) ?? str(json.message) ?? `HTTP ${response.status}`,
        requestId: str(json.RequestId) ?? str(json.requestId) ?? headerRequestId,
        hostId: str(json.HostId),
        recommend: str(json.Recommend),
        httpStatus: response.status,
        operation,
        retryAfterMs,
      });
    }
    const xmlCode = xmlField(response.body, "Code");
    throw new AcsError({
      code: xmlCode ?? `Http${response.status}`,
      message: xmlField(response.body, "Message") ?? (excerpt(response.body) || `HTTP ${response.status}`),
      requestId: xmlField(response.body, "RequestId") ?? headerRequestId,
      hostId: xmlField(response.body, "HostId"),
      httpStatus: response.status,
      operation,
      retryAfterMs,
    });
  }

  if (!isObject(json)) {
    throw new AcsError({
      code: ResponseCode.InvalidResponse,
      message: `expected a JSON object, got: ${excerpt(response.body) || "(empty body)"}`,
      requestId: headerRequestId,
      httpStatus: response.status,
      operation,
      fault: "server",
    });
  }

  const requestId = str(json.RequestId) ?? headerRequestId;
  if (json.IsSuccess === false || json.IsSuccess === "false") {
    const code = str(json.Code) ?? "UnknownError";
    throw new AcsError({
      code,
      message: str(json.Message) ?? "the service reported IsSuccess=false without a message",
      requestId,
      httpStatus: response.status,
      operation,
      retryAfterMs: parseRetryAfter(response.headers, ctx.nowMs),
      // A 200 status would otherwise read as the caller's fault; SystemError is the service's.
      fault: isTransientServiceCode(code) ? "server" : "client",
    });
  }

  const parsed = ctx.schema.safeParse(dropNulls(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issuePath(issue.path)}: ${issue.message}` : "shape mismatch";
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
    throw new AcsError({
      code: ResponseCode.InvalidResponse,
      message: `unexpected response field ${where}${more}`,
      requestId,
      httpStatus: response.status,
      operation,
      fault: "server",
    });
  }
  return parsed.data;
}
