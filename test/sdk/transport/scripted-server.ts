/**
 * A loopback HTTP server that answers each request with the next scripted reply (the last one
 * repeats), records what it received, and counts TCP connections so tests can see keep-alive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  /** Path and query as sent, still percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Lets a reply wait without keeping the server from closing. */
export interface ReplyContext {
  defer(ms: number, fn: () => void): void;
}

export type Reply = (req: IncomingMessage, res: ServerResponse, received: Received, ctx: ReplyContext) => void;

export interface ScriptedServer {
  /** Base URL, `http://127.0.0.1:<port>/`. */
  url: string;
  port: number;
  received: Received[];
  connections(): number;
  close(): Promise<void>;
}

export async function startScriptedServer(script: Reply[] | ((n: number, received: Received) => Reply)): Promise<ScriptedServer> {
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  const pick = (n: number, r: Received): Reply => {
    if (typeof script === "function") return script(n, r);
    const reply = script[Math.min(n, script.length - 1)];
    if (!reply) throw new Error("empty script");
    return reply;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
      }
      const entry = { method: req.method ?? "", url: req.url ?? "", headers, body: Buffer.concat(chunks) };
      received.push(entry);
      pick(received.length - 1, entry)(req, res, entry, ctx);
    });
  });
  const ctx: ReplyContext = {
    defer(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
  };
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    received,
    connections: () => connections,
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** Replies with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Replies with raw text of the given content type. */
export function text(status: number, body: string, contentType = "text/html"): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  };
}

/** Destroys the socket without answering: the client sees a reset after sending. */
export function reset(): Reply {
  return (req) => {
    req.socket.destroy();
  };
}

/** Answers only after `ms`, long enough to trip the client's request timeout. */
export function slow(ms: number, then: Reply): Reply {
  return (req, res, received, ctx) => {
    ctx.defer(ms, () => {
      if (!res.destroyed) then(req, res, received, ctx);
    });
  };
}

/** A success envelope as CR writes it. */
export function crOk(fields: Record<string, unknown> = {}): Reply {
  return json(200, { RequestId: "REQ-OK", Code: "success", IsSuccess: true, ...fields });
}
