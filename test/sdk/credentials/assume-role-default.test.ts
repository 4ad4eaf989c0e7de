/** The default AssumeRole exchange, seen from the wire: a loopback server plays STS and checks the signature itself. */
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assumeRoleWithSts, createCredentialChain } from "../../../sdk/credentials";
import { AcsError } from "../../../sdk/errors";
import { failure, SECRET, TOKEN, useTempHome } from "./helpers";

interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

const ROLE = "acs:ram::1000000000000001:role/deployer";
const home = useTempHome();
let server: Server;
let endpoint: string;
let received: Received[];
let answer: { status: number; body: unknown };

beforeEach(async () => {
  received = [];
  answer = { status: 200, body: stsAnswer("2030-01-01T00:00:00Z") };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

function stsAnswer(expiration: string) {
  return {
    RequestId: "req-1",
    Credentials: { AccessKeyId: "STS.NEW", AccessKeySecret: "new-secret", SecurityToken: "CAISnew", Expiration: expiration },
    AssumedRoleUser: { Arn: `${ROLE}/ci-run`, AssumedRoleId: "300:ci-run" },
  };
}

/** RFC 3986 encoding, as ACS3 canonical queries use it. */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Recomputes the ACS3-HMAC-SHA256 signature from what arrived, written here from the spec rather than the SDK's signer. */
function expectValidV3Signature(req: Received, accessKeyId: string, secret: string): void {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? "");
  expect(auth, `authorization header: ${req.headers.authorization}`).not.toBeNull();
  const [, credential, signedHeaders, signature] = auth!;
  expect(credential).toBe(accessKeyId);
  const names = signedHeaders.split(";");
  expect(names).toEqual(expect.arrayContaining(["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"]));
  const canonicalQuery = Object.keys(req.query).sort().map((k) => `${enc(k)}=${enc(req.query[k])}`).join("&");
  const canonical = [req.method, req.path, canonicalQuery, names.map((n) => `${n}:${req.headers[n].trim()}\n`).join(""), signedHeaders, req.headers["x-acs-content-sha256"]].join("\n");
  const toSign = `ACS3-HMAC-SHA256\n${createHash("sha256").update(canonical).digest("hex")}`;
  expect(createHmac("sha256", secret).update(toSign).digest("hex")).toBe(signature);
  expect(req.headers["x-acs-content-sha256"]).toBe(createHash("sha256").update(req.body).digest("hex"));
}

describe("the default AssumeRole exchange", () => {
  it("sends one signed AssumeRole with the role, session and duration, and returns the session", async () => {
    const chain = createCredentialChain({
      accessKeyId: "BASEKEY",
      accessKeySecret: SECRET,
      assumeRole: { roleArn: ROLE, sessionName: "ci-run", durationSeconds: 1800, externalId: "ext-1", policy: '{"Version":"1"}' },
      stsEndpoint: endpoint,
      env: {},
      homeDir: home(),
    });
    const session = await chain();

    expect(received).toHaveLength(1);
    const req = received[0];
    expect(req.headers["x-acs-action"]).toBe("AssumeRole");
    expect(req.headers["x-acs-version"]).toBe("2015-04-01");
    expect(req.query).toMatchObject({ RoleArn: ROLE, RoleSessionName: "ci-run", DurationSeconds: "1800", ExternalId: "ext-1", Policy: '{"Version":"1"}' });
    expect(req.headers["x-acs-security-token"]).toBeUndefined();
    expectValidV3Signature(req, "BASEKEY", SECRET);

    expect(session).toEqual({
      accessKeyId: "STS.NEW",
      accessKeySecret: "new-secret",
      securityToken: "CAISnew",
      expiration: new Date("2030-01-01T00:00:00Z"),
      source: `assumed role ${ROLE} (session ci-run) from explicit`,
    });
  });

  it("asks for 3600 seconds and a generated session name when none are configured, and sends the base token", async () => {
    await assumeRoleWithSts(
      { accessKeyId: "STS.BASE", accessKeySecret: SECRET, securityToken: TOKEN, source: "test" },
      { roleArn: ROLE, stsEndpoint: endpoint },
    );
    const req = received[0];
    expect(req.query.DurationSeconds).toBe("3600");
    expect(req.query.RoleSessionName).toMatch(/^pulumi-acr-ee-\d{13}$/);
    expect(req.query).not.toHaveProperty("ExternalId");
    expect(req.query).not.toHaveProperty("Policy");
    expect(req.headers["x-acs-security-token"]).toBe(TOKEN);
    expectValidV3Signature(req, "STS.BASE", SECRET);
  });

  it("turns an STS refusal into an AcsError that carries the code but not the secret", async () => {
    answer = { status: 404, body: { RequestId: "req-2", Code: "EntityNotExist.Role", Message: "The specified Role not exists." } };
    const err = await assumeRoleWithSts({ accessKeyId: "AK", accessKeySecret: SECRET, securityToken: TOKEN, source: "test" }, { roleArn: ROLE, stsEndpoint: endpoint }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(AcsError.is(err, "EntityNotExist.Role")).toBe(true);
    expect((err as AcsError).operation).toBe("AssumeRole");
    expect(String((err as Error).message)).not.toContain(SECRET);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("refuses a session whose Expiration cannot be read, since it could never be refreshed on time", async () => {
    answer = { status: 200, body: stsAnswer("not a date") };
    const chain = createCredentialChain({ accessKeyId: "AK", accessKeySecret: SECRET, assumeRole: { roleArn: ROLE }, stsEndpoint: endpoint, env: {}, homeDir: home() });
    expect((await failure(chain())).message).toMatch(/unreadable Expiration "not a date"/);
  });
});
