/**
 * The one way the emulator makes an HTTP server, so every port it opens keeps idle connections the
 * way a cloud gateway does. Node's default (5 s) is shorter than clients keep idle sockets (the
 * official SDKs' agents, undici's 4 s default, Go's 90 s), so a client that paused between two calls
 * raced the server's close and got ECONNRESET. 65 s outlasts common client idle times; the header
 * timeout must sit above it or Node would cut a kept-alive socket that is waiting for its next request.
 */
import { createServer, type RequestListener, type Server } from "node:http";

export const IDLE_KEEP_ALIVE_MS = 65_000;
export const HEADERS_TIMEOUT_MS = IDLE_KEEP_ALIVE_MS + 1_000;

export function createEmulatorServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}
