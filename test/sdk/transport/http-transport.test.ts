import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AcsError } from "../../../sdk/errors";
import { DEFAULT_CONNECTIONS_PER_ORIGIN, HttpTransport, networkError } from "../../../sdk/transport/http";
import { json, reset, slow, startScriptedServer, text, type ScriptedServer } from "./scripted-server";

let server: ScriptedServer | undefined;
let transport: HttpTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<AcsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!AcsError.is(error)) throw new Error(`expected an AcsError, got ${String(error)}`);
  return error;
}

/** A port that was just free: nothing listens there, so connecting is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("HttpTransport", () => {
  it("returns the status, lowercase headers and body text", async () => {
    server = await startScriptedServer([json(201, { hello: "world" }, { "X-Acs-Request-Id": "R1" })]);
    transport = new HttpTransport();
    const response = await transport.send({ method: "POST", url: `${server.url}?a=1`, headers: { "x-test": "yes" }, body: "k=v" }, "Op");
    expect(response.status).toBe(201);
    expect(response.headers["x-acs-request-id"]).toBe("R1");
    expect(JSON.parse(response.body)).toEqual({ hello: "world" });
    expect(server.received[0]).toMatchObject({ method: "POST", url: "/?a=1", headers: { "x-test": "yes" } });
    expect(server.received[0]?.body.toString()).toBe("k=v");
  });

  it("keeps one connection alive across sequential calls to the same origin", async () => {
    server = await startScriptedServer([json(200, {})]);
    transport = new HttpTransport();
    for (let i = 0; i < 3; i++) {
      await transport.send({ method: "GET", url: server.url, headers: {} }, "Op");
      // Let undici mark the request complete before the next one, as real callers' awaits do.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(server.received).toHaveLength(3);
    expect(server.connections()).toBe(1);
  });

  it("sends as many calls at once as the engine runs operations (32 connections to one origin by default)", async () => {
    server = await startScriptedServer([slow(300, json(200, {}))]);
    transport = new HttpTransport();
    const calls = Array.from({ length: DEFAULT_CONNECTIONS_PER_ORIGIN + 8 }, () => transport!.send({ method: "GET", url: server!.url, headers: {} }, "Op"));
    await Promise.all(calls);
    expect(DEFAULT_CONNECTIONS_PER_ORIGIN).toBe(32);
    expect(server.connections()).toBe(DEFAULT_CONNECTIONS_PER_ORIGIN);
  });

  it("opens no more connections to one origin than its connections option allows", async () => {
    server = await startScriptedServer([slow(100, json(200, {}))]);
    transport = new HttpTransport({ connections: 3 });
    await Promise.all(Array.from({ length: 10 }, () => transport!.send({ method: "GET", url: server!.url, headers: {} }, "Op")));
    expect(server.received).toHaveLength(10);
    expect(server.connections()).toBe(3);
  });

  it("maps a socket destroyed mid-request to ConnectionReset with status 0 and a network fault", async () => {
    server = await startScriptedServer([reset()]);
    transport = new HttpTransport();
    const error = await failureOf(transport.send({ method: "POST", url: server.url, headers: {} }, "CreateNamespace"));
    expect(error).toMatchObject({ code: "ConnectionReset", httpStatus: 0, fault: "network", operation: "CreateNamespace" });
  });

  it("maps a response slower than the request timeout to RequestTimeout", async () => {
    server = await startScriptedServer([slow(2_000, json(200, {}))]);
    transport = new HttpTransport({ timeouts: { requestMs: 100 } });
    const started = Date.now();
    const error = await failureOf(transport.send({ method: "GET", url: server.url, headers: {} }, "GetRole"));
    expect(error).toMatchObject({ code: "RequestTimeout", httpStatus: 0, fault: "network" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("maps a refused connection to ConnectionRefused and keeps secrets out of the URL it reports", async () => {
    const port = await closedPort();
    transport = new HttpTransport();
    const url = `http://127.0.0.1:${port}/?AccessKeyId=AKID123&Signature=SIGVALUE&SecurityToken=TOKENVALUE&Action=GetRole`;
    const error = await failureOf(transport.send({ method: "GET", url, headers: {} }, "GetRole"));
    expect(error.code).toBe("ConnectionRefused");
    expect(error.message).toContain("AccessKeyId=AKID123");
    expect(error.message).toContain("Signature=[redacted]");
    expect(error.message).not.toContain("SIGVALUE");
    expect(error.message).not.toContain("TOKENVALUE");
  });

  it("classifies a connect timeout as ConnectTimeout, a failure before anything was sent", () => {
    const undiciLike = Object.assign(new Error("Connect Timeout Error"), { code: "UND_ERR_CONNECT_TIMEOUT" });
    const error = networkError(undiciLike, { method: "POST", url: "https://cr.cn-hangzhou.aliyuncs.com/" }, "CreateRepository");
    expect(error).toMatchObject({ code: "ConnectTimeout", httpStatus: 0, fault: "network" });
    const nested = Object.assign(new Error("fetch failed"), { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED", syscall: "connect" }) });
    expect(networkError(nested, { method: "GET", url: "http://h/" }, "Op").code).toBe("ConnectionRefused");
  });

  it("cuts an oversized error body at the cap but still returns the answer", async () => {
    server = await startScriptedServer([text(500, "x".repeat(200_000), "text/plain")]);
    transport = new HttpTransport({ maxErrorBodyBytes: 1_000 });
    const response = await transport.send({ method: "GET", url: server.url, headers: {} }, "Op");
    expect(response.status).toBe(500);
    expect(response.truncated).toBe(true);
    expect(response.body).toHaveLength(1_000);
  });

  it("refuses a success body larger than the cap", async () => {
    server = await startScriptedServer([text(200, "y".repeat(50_000), "application/json")]);
    transport = new HttpTransport({ maxBodyBytes: 10_000 });
    const error = await failureOf(transport.send({ method: "GET", url: server.url, headers: {} }, "ListRepoTag"));
    expect(error).toMatchObject({ code: "ResponseTooLarge", httpStatus: 200, operation: "ListRepoTag" });
  });
});
