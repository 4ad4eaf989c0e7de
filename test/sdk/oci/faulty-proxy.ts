/**
 * A loopback HTTP proxy in front of a test registry that can misbehave on chosen requests:
 * answer with a status of its own, cut the connection halfway through a body, or flip a byte in
 * a body it passes on. Used to prove retries and digest checks against a real registry.
 */

import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Transform } from "node:stream";

export type Fault =
  | { kind: "status"; status: number; headers?: Record<string, string> }
  /** Send the upstream headers and about half the body, then destroy the socket. */
  | { kind: "reset" }
  /** Pass the answer on with one byte inverted in the middle of the body. */
  | { kind: "flip" }
  /** Forward the request only once `until` settles (to see which requests a client has open together). */
  | { kind: "hold"; until: Promise<unknown> }
  /** Forward the request to another path (to make a registry see a request other than the one sent). */
  | { kind: "path"; path: string };

export interface FaultyProxy {
  url: string;
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  /** Most requests this proxy had open at once (from arrival until its answer closed). */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

/**
 * `decide` is asked for each request, with how many are open counting this one; returning
 * undefined passes it through untouched.
 */
export async function startFaultyProxy(upstream: string, decide: (req: IncomingMessage, inFlight: number) => Fault | undefined): Promise<FaultyProxy> {
  const target = new URL(upstream);
  const seen: string[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const server: Server = createServer(async (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    res.once("close", () => inFlight--);
    const fault = decide(req, inFlight);
    if (fault?.kind === "hold") await fault.until.catch(() => undefined);
    if (fault?.kind === "status") {
      req.resume();
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(JSON.stringify({ errors: [{ code: "UNAVAILABLE", message: "injected by the test proxy" }] }));
      return;
    }
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: fault?.kind === "path" ? fault.path : req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        // Locations the registry hands out must keep pointing at the proxy.
        const headers = { ...answer.headers };
        if (typeof headers.location === "string") headers.location = headers.location.replace(target.origin, proxyUrl());
        res.writeHead(answer.statusCode ?? 502, headers);
        if (fault?.kind === "reset") return cutHalfway(answer, res, Number(answer.headers["content-length"] ?? 0));
        if (fault?.kind === "flip") return void answer.pipe(flipMiddle(Number(answer.headers["content-length"] ?? 0))).pipe(res);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxyUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: proxyUrl(),
    seen,
    get peakInFlight() {
      return peakInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function cutHalfway(answer: IncomingMessage, res: ServerResponse, length: number): void {
  const half = Math.floor(length / 2);
  let sent = 0;
  answer.on("data", (chunk: Buffer) => {
    if (sent >= half) return;
    const part = chunk.subarray(0, half - sent);
    sent += part.length;
    // The declared Content-Length stays the full size, so the client sees a truncated body.
    res.write(part, () => {
      if (sent >= half) {
        answer.destroy();
        res.socket?.destroy();
      }
    });
  });
}

function flipMiddle(length: number): Transform {
  const at = Math.floor(length / 2);
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (at >= offset && at < offset + chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[at - offset] = chunk[at - offset]! ^ 0xff;
      }
      offset += chunk.length;
      callback(null, chunk);
    },
  });
}
