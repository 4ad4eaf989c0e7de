/**
 * The HTTP server (node:http): reads the body, sends admin paths to admin.ts and everything else
 * through the API pipeline, writes the outcome. Binds loopback only.
 */

import { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createEmulatorServer } from "./http-server";
import type { AddressInfo } from "node:net";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import { handleApiCall } from "./pipeline";
import type { RenderedResponse } from "./render";
import type { EmulatorRuntime } from "./runtime";

/** RPC bodies are small forms; anything larger is refused rather than buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: RenderedResponse): void {
  res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(response.body) });
  res.end(response.body);
}

async function handle(runtime: EmulatorRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    if (!res.headersSent) send(res, { status: 413, headers: { "content-type": "text/plain" }, body: "request body too large" });
    return;
  }
  const path = (req.url ?? "/").split("?")[0]!;
  if (path.startsWith(ADMIN_PREFIX)) {
    const revision = runtime.revision;
    const response = handleAdmin(runtime, req.method ?? "GET", path, req.socket.remoteAddress ?? "", body);
    // A route that changed the state (a clock move that ran retention) is durable before it answers.
    if (runtime.revision !== revision) await runtime.store.save(runtime.state);
    send(res, response);
    return;
  }
  const outcome = await handleApiCall(runtime, req, body);
  if (outcome.kind === "reset") {
    req.socket.destroy();
    return;
  }
  send(res, outcome.response);
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(runtime: EmulatorRuntime, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  const server = createEmulatorServer((req, res) => {
    handle(runtime, req, res).catch((error: unknown) => {
      process.stderr.write(`[emulator] request failed: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) send(res, { status: 500, headers: { "content-type": "text/plain" }, body: "internal error" });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
