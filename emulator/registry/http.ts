/** Small node:http helpers for the registry handlers. */

import type { IncomingMessage, ServerResponse } from "node:http";
import { RegistryApiError } from "./errors";

export const API_VERSION_HEADER = { "docker-distribution-api-version": "registry/2.0" };

/** Manifests and other JSON bodies are small; anything bigger is refused, never buffered. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string | Buffer): void {
  const bytes = body === undefined ? undefined : typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { ...API_VERSION_HEADER, ...headers, "content-length": bytes?.length ?? headers["content-length"] ?? 0 });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, { "content-type": "application/json", ...headers }, JSON.stringify(value));
}

export function sendError(res: ServerResponse, error: RegistryApiError, head = false): void {
  const body = error.body();
  if (head) {
    res.writeHead(error.status, { ...API_VERSION_HEADER, ...error.headers, "content-type": "application/json", "content-length": 0 });
    res.end();
    return;
  }
  send(res, error.status, { "content-type": "application/json", ...error.headers }, body);
}

export function readCappedBody(req: IncomingMessage, limit = MAX_MANIFEST_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new RegistryApiError(413, "SIZE_INVALID", `the body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Drains an unread request body so keep-alive connections stay usable. */
export function drain(req: IncomingMessage): void {
  if (!req.complete) req.resume();
}
