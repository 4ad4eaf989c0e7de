import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Credentials } from "../../../sdk/credentials/types";
import { AcsError } from "../../../sdk/errors";
import { RpcClient, type RpcClientOptions } from "../../../sdk/rpc/client";
import { DEFAULT_RETRY_POLICY } from "../../../sdk/transport/retry";
import { expectV1Reproduced, expectV3Reproduced } from "../signing/recompute";
import { crOk, json, reset, slow, startScriptedServer, text, type Reply, type ScriptedServer } from "./scripted-server";

const credentials: Credentials = {
  accessKeyId: "AKIDEXAMPLE",
  accessKeySecret: "very-secret-key-0001",
  securityToken: "CAIS+token/with=chars",
  source: "test",
};

const Value = z.object({ RequestId: z.string(), Value: z.number() });
const ok = (value = 1) => json(200, { RequestId: "REQ-1", Value: value });
const throttled = (headers: Record<string, string> = {}) =>
  json(400, { Code: "Throttling.User", Message: "Request was denied due to user flow control.", RequestId: "REQ-T" }, headers);
const serverError = (status = 500, code = "InternalError") => json(status, { Code: code, Message: "try later", RequestId: "REQ-5" });

let server: ScriptedServer | undefined;
const clients: RpcClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await server?.close();
  server = undefined;
});

/** A client on a fake clock: sleeps are recorded and advance time instead of waiting. */
async function setup(script: Reply[], options: Partial<RpcClientOptions> = {}) {
  server = await startScriptedServer(script);
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const client = new RpcClient({
    product: "cr",
    version: "2018-12-01",
    endpoint: server.url,
    credentials: async () => credentials,
    retry: { maxAttempts: 5, baseDelayMs: 100, throttleBaseDelayMs: 400, maxDelayMs: 10_000, maxElapsedMs: 60_000 },
    retryDeps: {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      random: () => 0.5,
    },
    ...options,
  });
  clients.push(client);
  return { client, sleeps, received: server.received };
}

async function failureOf(promise: Promise<unknown>): Promise<AcsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!AcsError.is(error)) throw new Error(`expected an AcsError, got ${String(error)}`);
  return error;
}

describe("RpcClient retries", () => {
  it("retries a throttled call after the x-acs-retry-after delay", async () => {
    const { client, sleeps, received } = await setup([throttled({ "x-acs-retry-after": "1500" }), ok(7)]);
    await expect(client.call("GetInstance", { InstanceId: "cri-1" }, Value)).resolves.toMatchObject({ Value: 7 });
    expect(sleeps).toEqual([1_500]);
    expect(received).toHaveLength(2);
  });

  it("honours a 429 Retry-After given in seconds", async () => {
    const { client, sleeps } = await setup([json(429, { Code: "TooManyRequests", Message: "slow" }, { "retry-after": "2" }), ok()]);
    await client.call("GetInstance", {}, Value);
    expect(sleeps).toEqual([2_000]);
  });

  it("backs off with growing, jittered delays on 500 and 503 and a larger base for throttling", async () => {
    const { client, sleeps } = await setup([serverError(500), serverError(503, "ServiceUnavailable"), serverError(500), throttled(), ok()]);
    await client.call("ListNamespace", { InstanceId: "cri-1" }, Value);
    // random = 0.5 → half of min(cap, base·2^(n-1)): 100·1, 100·2, 100·4 halved, then throttling 400·8 halved.
    expect(sleeps).toEqual([50, 100, 200, 1_600]);
  });

  it("gives up after maxAttempts and records the attempts on the error", async () => {
    const { client, received } = await setup([serverError(503, "ServiceUnavailable")], { retry: { maxAttempts: 3 } });
    const error = await failureOf(client.call("GetRepository", {}, Value));
    expect(error).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503, attempts: 3, fault: "server" });
    expect(received).toHaveLength(3);
  });

  it("gives up when the next wait would pass maxElapsedMs", async () => {
    const { client, sleeps, received } = await setup([throttled({ "x-acs-retry-after": "4000" })], {
      retry: { maxAttempts: 10, maxElapsedMs: 10_000 },
    });
    const error = await failureOf(client.call("ListRoles", {}, Value));
    expect(sleeps).toEqual([4_000, 4_000]);
    expect(received).toHaveLength(3);
    expect(error.attempts).toBe(3);
    expect(error.retryAfterMs).toBe(4_000);
  });

  it("does not resend a create after a 5xx: the service may already have created it", async () => {
    const { client, received } = await setup([serverError(500), crOk({ Value: 1 })]);
    const error = await failureOf(client.call("CreateNamespace", { NamespaceName: "ns" }, Value, { idempotent: false }));
    expect(error).toMatchObject({ code: "InternalError", attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it("does not resend a create after the connection was reset mid-request", async () => {
    const { client, received } = await setup([reset(), crOk({ Value: 1 })]);
    const error = await failureOf(client.call("CreateRepository", {}, Value, { idempotent: false }));
    expect(error).toMatchObject({ code: "ConnectionReset", httpStatus: 0, fault: "network", attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it("does resend a create that was throttled: the gateway refused it before the service saw it", async () => {
    const { client, received } = await setup([throttled(), crOk({ Value: 3 })]);
    await expect(client.call("CreateRepoSyncRule", {}, Value, { idempotent: false })).resolves.toMatchObject({ Value: 3 });
    expect(received).toHaveLength(2);
  });

  it("retries a read after a reset and after a timeout", async () => {
    const { client, received } = await setup([reset(), slow(3_000, ok()), ok(9)], { timeouts: { requestMs: 150 } });
    await expect(client.call("GetNamespace", {}, Value)).resolves.toMatchObject({ Value: 9 });
    expect(received).toHaveLength(3);
  });

  it("signs every attempt afresh: a new nonce each time", async () => {
    const { client, received } = await setup([throttled(), throttled(), ok()]);
    await client.call("GetInstance", {}, Value);
    const nonces = received.map((r) => r.headers["x-acs-signature-nonce"]);
    expect(new Set(nonces).size).toBe(3);
  });
});

describe("RpcClient errors", () => {
  it("maps a gateway error body to an AcsError with every field", async () => {
    const body = {
      Code: "InvalidParameter",
      Message: "The specified parameter is not valid.",
      RequestId: "7B1B5A5E-0000",
      HostId: "cr.cn-hangzhou.aliyuncs.com",
      Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter",
    };
    const { client } = await setup([json(400, body)]);
    const error = await failureOf(client.call("CreateNamespace", { NamespaceName: "Bad" }, Value, { idempotent: false }));
    expect(error).toMatchObject({
      code: "InvalidParameter",
      requestId: "7B1B5A5E-0000",
      httpStatus: 400,
      operation: "CreateNamespace",
      recommend: body.Recommend,
      hostId: body.HostId,
      fault: "client",
      attempts: 1,
    });
    expect(error.message).toContain("The specified parameter is not valid.");
    expect(error.message).toContain("7B1B5A5E-0000");
  });

  it("turns CR's HTTP 200 with IsSuccess:false into an error and does not retry it", async () => {
    const { client, received } = await setup([
      json(200, { RequestId: "REQ-B", Code: "NAMESPACE_NOT_EXIST", Message: "Namespace is not exist.", IsSuccess: false }),
    ]);
    const error = await failureOf(client.call("GetNamespace", { NamespaceName: "gone" }, Value));
    expect(error).toMatchObject({ code: "NAMESPACE_NOT_EXIST", httpStatus: 200, requestId: "REQ-B", fault: "client" });
    expect(AcsError.isNotFound(error)).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("names the field path when a success body does not match the schema", async () => {
    const schema = z.object({ Items: z.array(z.object({ Id: z.string() })) });
    const { client } = await setup([json(200, { RequestId: "REQ-S", Items: [{ Id: "a" }, { Id: 42 }] })]);
    const error = await failureOf(client.call("ListThings", {}, schema));
    expect(error).toMatchObject({ code: "InvalidResponse", requestId: "REQ-S", httpStatus: 200 });
    expect(error.message).toContain("Items.1.Id");
  });

  it("handles non-JSON error bodies: an HTML 502 page and an XML error", async () => {
    const { client } = await setup(
      [
        text(502, "<html><body>Bad Gateway</body></html>"),
        text(403, "<Error><RequestId>R-X</RequestId><Code>Forbidden.RAM</Code><Message>denied</Message></Error>", "text/xml;charset=utf-8"),
      ],
      { retry: { maxAttempts: 2 } },
    );
    const error = await failureOf(client.call("GetRole", {}, Value));
    expect(error).toMatchObject({ code: "Forbidden.RAM", requestId: "R-X", httpStatus: 403, attempts: 2 });
    const htmlOnly = await setup([text(502, "<html><body>Bad Gateway</body></html>")], { retry: { maxAttempts: 1 } });
    const html = await failureOf(htmlOnly.client.call("GetRole", {}, Value));
    expect(html).toMatchObject({ code: "Http502", httpStatus: 502 });
    expect(html.message).toContain("Bad Gateway");
  });

  it("never puts the secret, the token or a password into an error message, even when the server echoes them", async () => {
    const echo: Reply = (_req, res, received) => {
      res.writeHead(400, { "content-type": "application/json" });
      const sent = new URLSearchParams(received.url.split("?")[1] ?? "");
      const message = `you sent secret=${credentials.accessKeySecret} token=${credentials.securityToken} encoded=${encodeURIComponent(credentials.securityToken ?? "")} password=${sent.get("Password")}`;
      res.end(JSON.stringify({ Code: "SignatureDoesNotMatch", Message: message, RequestId: "R-E" }));
    };
    const { client } = await setup([echo]);
    const error = await failureOf(client.call("ResetLoginPassword", { InstanceId: "cri-1", Password: "Hunter2-pass!" }, Value));
    for (const text of [error.message, error.stack ?? ""]) {
      expect(text).not.toContain(credentials.accessKeySecret);
      expect(text).not.toContain(credentials.securityToken);
      expect(text).not.toContain(encodeURIComponent(credentials.securityToken ?? ""));
      expect(text).not.toContain("Hunter2-pass!");
    }
    expect(error.message).toContain("[redacted]");
  });
});

describe("RpcClient wire format", () => {
  it("V3 sends business parameters in the query with an empty body, signed so the signature recomputes", async () => {
    const { client, received } = await setup([ok()]);
    await client.call("CreateRepository", { InstanceId: "cri-1", RepoName: "a b", TagImmutability: true }, Value);
    const request = received[0];
    if (!request) throw new Error("no request");
    expect(request.method).toBe("POST");
    expect(request.body.length).toBe(0);
    const { query, headers } = expectV3Reproduced(request, credentials);
    expect(query).toEqual({ InstanceId: "cri-1", RepoName: "a b", TagImmutability: "true" });
    expect(headers["x-acs-action"]).toBe("CreateRepository");
    expect(headers["x-acs-security-token"]).toBe(credentials.securityToken);
  });

  it("a host header names the service instead of the address, in the request and in the V3 signature", async () => {
    const { client, received } = await setup([ok(), ok()], { hostHeader: "cr.cn-shanghai.aliyuncs.com" });
    await client.call("GetRepository", { InstanceId: "cri-1" }, Value);
    const request = received[0];
    if (!request) throw new Error("no request");
    expect(request.headers.host).toBe("cr.cn-shanghai.aliyuncs.com");
    const { query, headers } = expectV3Reproduced(request, credentials);
    expect(headers.authorization).toMatch(/SignedHeaders=[^,]*\bhost\b/);
    expect(query).not.toHaveProperty("RegionId");
  });

  it("V1 GET puts every parameter in the query; V1 POST in a form body", async () => {
    const { client, received } = await setup([ok()], { signatureVersion: "v1" });
    await client.call("ListRoles", { MaxItems: 5 }, Value, { method: "GET" });
    await client.call("CreateRole", { RoleName: "r", Tag: [{ Key: "k", Value: "v" }] }, Value, { method: "POST" });
    const [get, post] = received;
    if (!get || !post) throw new Error("missing requests");
    expect(get.method).toBe("GET");
    expect(expectV1Reproduced(get, credentials).business).toEqual({ MaxItems: "5" });
    expect(post.method).toBe("POST");
    expect(post.url).toBe("/");
    expect(expectV1Reproduced(post, credentials).business).toEqual({ RoleName: "r", "Tag.1.Key": "k", "Tag.1.Value": "v" });
  });
});

describe("RpcClient under sustained throttling (issue 16 R1)", () => {
  /** The default policy (its attempt caps included) with a 60 s deadline and the test's short delays. */
  const untilDeadline = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, throttleBaseDelayMs: 400, maxDelayMs: 10_000, maxElapsedMs: 60_000 };
  const throttledTimes = (n: number, retryAfterMs = 1_000) => Array.from({ length: n }, () => throttled({ "x-acs-retry-after": String(retryAfterMs) }));

  it("sends a create that was throttled 12 times in a row a 13th time and it goes through: throttling is bounded by the deadline, not a count", async () => {
    const { client, received } = await setup([...throttledTimes(12), crOk({ Value: 4 })], { retry: untilDeadline });
    await expect(client.call("CreateNamespace", { NamespaceName: "ns" }, Value, { idempotent: false })).resolves.toMatchObject({ Value: 4 });
    expect(received).toHaveLength(13);
  });

  it("does not count throttles against the ambiguous-failure cap: 6 throttles and 4 server errors still end in success", async () => {
    const script = [...throttledTimes(6), serverError(500), serverError(503, "ServiceUnavailable"), serverError(500), serverError(500), ok(5)];
    const { client, received } = await setup(script, { retry: untilDeadline });
    await expect(client.call("GetRepository", {}, Value)).resolves.toMatchObject({ Value: 5 });
    expect(received).toHaveLength(11);
  });

  it("gives up on endless throttling only at the deadline, with the attempts on the error", async () => {
    const { client, sleeps } = await setup(throttledTimes(1), { retry: { ...untilDeadline, maxElapsedMs: 20_000 } });
    const error = await failureOf(client.call("CreateRole", { RoleName: "r" }, Value, { idempotent: false }));
    expect(error.code).toBe("Throttling.User");
    // 1 s per retry-after until the next wait would pass 20 s; the limiter's own waits count towards it.
    expect(error.attempts).toBeGreaterThanOrEqual(10);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(20_000);
  });

  it("retries a refused connection (nothing was sent) until the deadline, even for a create", async () => {
    const closed = await startScriptedServer([ok()]);
    const url = closed.url;
    await closed.close();
    let clock = 0;
    const client = new RpcClient({
      product: "ram",
      version: "2015-05-01",
      endpoint: url,
      credentials: async () => credentials,
      rateLimiting: false,
      retry: { ...untilDeadline, baseDelayMs: 1_000, maxDelayMs: 1_000, maxElapsedMs: 30_000 },
      retryDeps: { now: () => clock, sleep: async (ms) => void (clock += ms), random: () => 0.999 },
    });
    clients.push(client);
    const error = await failureOf(client.call("CreateRole", { RoleName: "r" }, Value, { idempotent: false }));
    expect(error.code).toBe("ConnectionRefused");
    expect(error.attempts).toBeGreaterThanOrEqual(30);
  });

  it("paces the client's later calls after throttling: 20 concurrent reads wait on the limiter's clock", async () => {
    const { client, sleeps } = await setup([...throttledTimes(2, 10), ...Array.from({ length: 30 }, () => ok())], { retry: untilDeadline });
    await client.call("GetInstance", {}, Value);
    // The retry-after waits, each followed by the limiter's wait for its next token.
    expect(sleeps.filter((ms) => ms === 10)).toHaveLength(2);
    const before = sleeps.length;
    await Promise.all(Array.from({ length: 20 }, () => client.call("GetInstance", {}, Value)));
    // Without pacing these 20 calls sleep nothing; at the limiter's floor (8/s) they take over a second.
    expect(sleeps.length - before).toBeGreaterThan(10);
    expect(sleeps.slice(before).reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(1_000);
  });
});
