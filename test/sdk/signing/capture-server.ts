/**
 * A loopback HTTP server that records each request exactly as it arrived and answers with a body
 * every official client accepts as success (pop-core checks `Code`, the tea clients parse JSON).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedRequest {
  method: string;
  /** Path and query as sent, still percent-encoded. */
  url: string;
  /** Lowercase names; repeated headers joined with `,` like the signers do. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface CaptureServer {
  port: number;
  /** Removes and returns the single request received since the last call; throws otherwise. */
  takeOne(): CapturedRequest;
  close(): Promise<void>;
}

const SUCCESS_BODY = JSON.stringify({ RequestId: "X", Code: "success", IsSuccess: true });

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const received: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: flattenHeaders(req.headers),
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(SUCCESS_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    takeOne() {
      if (received.length !== 1) throw new Error(`expected exactly one captured request, have ${received.length}`);
      return received.pop() as CapturedRequest;
    },
    close() {
      // The clients keep sockets alive; close them so the server can stop at once.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
