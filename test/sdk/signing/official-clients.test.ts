/**
 * Cross-check against the unmodified official clients: each one sends real requests to a loopback
 * capture server, and we recompute every signature from what arrived. If these agree, the real
 * gateway accepts what we sign and the emulator (which verifies with these functions) accepts them.
 *
 * Client behaviour read from their code in node_modules, worth knowing when reading failures:
 * - @alicloud/openapi-client V3 (`doRequest`): query goes through node `querystring.stringify`, so
 *   `*`, `~`, `!'()` travel unescaped and space as `%20`; the canonical query encodes values only
 *   (names are assumed safe). It signs an `x-acs-credentials-provider` header (`static_ak` /
 *   `static_sts`) and, with a token, `x-acs-accesskey-id` + `x-acs-security-token`. A formData
 *   body is flattened by openapi-util (`Tag.1.Key`) and only its SHA-256 is signed.
 * - @alicloud/openapi-client with `signatureAlgorithm: "v2"` (`doRPCRequest`, V1): common
 *   parameters and Signature in the query, business parameters in a form body, both signed.
 * - @alicloud/pop-core (V1): upper-cases the first letter of every parameter name, flattens arrays
 *   (and arrays of objects) to `Name.1`, sends `Format=JSON`; POST puts every parameter, Signature
 *   included, in the form body and requests plain `/`. Its endpoint is a full `http://` URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Client, { Config, OpenApiRequest, Params } from "@alicloud/openapi-client";
import RPCClient from "@alicloud/pop-core";
import { flattenParams, type SigningCredentials } from "../../../sdk/signing";
import { startCaptureServer, type CaptureServer } from "./capture-server";
import { expectV1Reproduced, expectV3Reproduced } from "./recompute";

const API_VERSION = "2018-12-01";
const plainKey: SigningCredentials = { accessKeyId: "LTAI5tPlainKeyId", accessKeySecret: "plain-secret/with+chars=" };
const stsKey: SigningCredentials = {
  accessKeyId: "STS.NUtempKeyId",
  accessKeySecret: "sts-secret",
  securityToken: "CAIS token/with+base64==*~ chars",
};
const credentialKinds = [
  ["AK", plainKey],
  ["STS", stsKey],
] as const;

/** Business parameters as a caller would pass them, before flattening. Every awkward case we know. */
const valueSets: Array<{ label: string; params: Record<string, unknown> }> = [
  { label: "plain ASCII", params: { InstanceId: "cri-abc123", RepoName: "app" } },
  { label: "Chinese text", params: { Summary: "中文 描述", RepoNamespaceName: "命名空间" } },
  { label: "spaces", params: { Detail: "a  b c ", Summary: " leading" } },
  { label: "asterisk and tilde", params: { TagPattern: "release-*", Home: "~user/~x" } },
  { label: "empty strings", params: { Empty: "", Other: "x", AlsoEmpty: "" } },
  {
    label: "a JSON string",
    params: { DefaultRepoConfiguration: JSON.stringify({ RepoType: "PRIVATE", TagImmutable: true, Note: "a b*~中" }) },
  },
  { label: "reserved characters", params: { Url: "https://h/p?q=1&r=a+b#f", Expr: "!'()%25:/;=,@$" } },
  { label: "arrays", params: { RepoNames: ["a", "b c", "中"], Tags: ["v1.*", "~"] } },
  {
    label: "arrays of objects",
    params: { Tag: [{ Key: "env", Value: "prod env" }, { Key: "中", Value: "*" }], InstanceId: "cri-1" },
  },
  { label: "emoji, numbers and booleans", params: { Emoji: "😀", PageNo: 2, PageSize: 30, Enabled: true } },
];

let server: CaptureServer;
/** Requests whose signature we reproduced; checked at the end so a silently skipped table shows. */
let reproduced = 0;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server?.close();
});

function teaClient(credentials: SigningCredentials, signatureAlgorithm?: "v2"): Client {
  return new Client(
    new Config({
      ...credentials,
      endpoint: `127.0.0.1:${server.port}`,
      protocol: "http",
      ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
    }),
  );
}

function rpcParams(action: string, method: "GET" | "POST", reqBodyType: "formData" | "json"): Params {
  return new Params({ action, version: API_VERSION, protocol: "HTTP", pathname: "/", method, authType: "AK", style: "RPC", reqBodyType, bodyType: "json" });
}

type Runtime = Parameters<Client["callApi"]>[2];
const noRetries = { autoretry: false } as Runtime;

describe("@alicloud/openapi-client V3 (ACS3-HMAC-SHA256), parameters in the query", () => {
  const cases = (["GET", "POST"] as const).flatMap((method) =>
    credentialKinds.flatMap(([kind, credentials]) =>
      valueSets.map((set, i) => ({ method, kind, credentials, set, reqBodyType: i % 2 ? ("json" as const) : ("formData" as const) })),
    ),
  );

  it.each(cases)("$method with $kind key and $set.label: we reproduce its signature", async ({ method, credentials, set, reqBodyType }) => {
    const query = flattenParams(set.params);
    const response = await teaClient(credentials).callApi(rpcParams("ListRepository", method, reqBodyType), new OpenApiRequest({ query }), noRetries);
    expect(response.body).toMatchObject({ Code: "success" });

    const seen = expectV3Reproduced(server.takeOne(), credentials);
    expect(seen.query).toEqual(query);
    expect(seen.headers["x-acs-action"]).toBe("ListRepository");
    reproduced++;
    if (credentials.securityToken) {
      expect(seen.headers["x-acs-security-token"]).toBe(credentials.securityToken);
      expect(seen.signedHeaders).toContain("x-acs-security-token");
    } else {
      expect(seen.headers).not.toHaveProperty("x-acs-security-token");
    }
  });
});

describe("@alicloud/openapi-client V3 (ACS3-HMAC-SHA256), parameters in a body", () => {
  const bodySets = valueSets.filter((s) => ["Chinese text", "a JSON string", "arrays of objects"].includes(s.label));
  const cases = (["formData", "json"] as const).flatMap((reqBodyType) =>
    credentialKinds.flatMap(([kind, credentials]) => bodySets.map((set) => ({ reqBodyType, kind, credentials, set }))),
  );

  it.each(cases)("POST $reqBodyType body with $kind key and $set.label: we reproduce its signature", async ({ reqBodyType, credentials, set }) => {
    const query = { InstanceId: "cri-body test" };
    await teaClient(credentials).callApi(
      rpcParams("CreateRepository", "POST", reqBodyType),
      new OpenApiRequest({ query, body: set.params }),
      noRetries,
    );

    const captured = server.takeOne();
    const seen = expectV3Reproduced(captured, credentials);
    expect(seen.query).toEqual(query);
    if (reqBodyType === "json") {
      expect(seen.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(JSON.parse(captured.body.toString("utf8"))).toEqual(set.params);
    } else {
      // openapi-util flattens the form body itself: this checks flattenParams against it.
      expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(Object.fromEntries(new URLSearchParams(captured.body.toString("utf8")))).toEqual(flattenParams(set.params));
    }
    expect(seen.signedHeaders).toContain("content-type");
    reproduced++;
  });
});

describe("@alicloud/openapi-client V1 (signatureAlgorithm v2, doRPCRequest)", () => {
  const cases = credentialKinds.flatMap(([kind, credentials]) => [
    ...valueSets.slice(0, 5).map((set) => ({ method: "GET" as const, kind, credentials, set, inBody: false })),
    ...valueSets.slice(5).map((set) => ({ method: "POST" as const, kind, credentials, set, inBody: true })),
  ]);

  it.each(cases)("$method with $kind key and $set.label: we reproduce its signature", async ({ method, credentials, set, inBody }) => {
    const request = inBody
      ? new OpenApiRequest({ query: { RegionId: "cn-hangzhou" }, body: set.params })
      : new OpenApiRequest({ query: flattenParams(set.params) });
    await teaClient(credentials, "v2").callApi(rpcParams("ListNamespace", method, "formData"), request, noRetries);

    const seen = expectV1Reproduced(server.takeOne(), credentials);
    expect(seen.all.Format).toBe("json");
    expect(seen.business).toEqual(inBody ? { RegionId: "cn-hangzhou", ...flattenParams(set.params) } : flattenParams(set.params));
    expect(seen.all.SecurityToken).toBe(credentials.securityToken);
    reproduced++;
  });
});

describe("@alicloud/pop-core V1 (HMAC-SHA1)", () => {
  const cases = (["GET", "POST"] as const).flatMap((method) =>
    credentialKinds.flatMap(([kind, credentials]) => valueSets.map((set) => ({ method, kind, credentials, set }))),
  );

  it.each(cases)("$method with $kind key and $set.label: we reproduce its signature", async ({ method, credentials, set }) => {
    const client = new RPCClient({ endpoint: `http://127.0.0.1:${server.port}`, apiVersion: API_VERSION, ...credentials });
    const response = await client.request<{ Code: string }>("GetRepository", set.params, { method });
    expect(response.Code).toBe("success");

    const captured = server.takeOne();
    expect(captured.method).toBe(method);
    // pop-core sends POST parameters only in the body and GET parameters only in the query.
    expect(captured.url === "/").toBe(method === "POST");
    const seen = expectV1Reproduced(captured, credentials);
    expect(seen.all.Action).toBe("GetRepository");
    expect(seen.business).toEqual(flattenParams(set.params));
    expect(seen.all.SecurityToken).toBe(credentials.securityToken);
    reproduced++;
  });
});

// Declared last: vitest runs a file's tests in order, so every table above has run by now.
it("reproduced the signatures of at least 50 requests sent by the official clients", () => {
  expect(reproduced).toBeGreaterThanOrEqual(50);
});
