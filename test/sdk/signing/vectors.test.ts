/**
 * Official and derived vectors from the RAM/STS signing reference (§4.1 V1, §4.2 V3); test names say
 * which example each one is. Shared encoding rules are in encoding.test.ts.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  EMPTY_BODY_SHA256,
  parseV3Authorization,
  signV1,
  signV3,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Signature,
  v3StringToSign,
} from "../../../sdk/signing";
import { CredentialsError } from "../../../sdk/errors";

const docExampleA = {
  AccessKeyId: "testid",
  Action: "DescribeRegions",
  Format: "XML",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  SignatureVersion: "1.0",
  Timestamp: "2016-02-23T12:46:24Z",
  Version: "2014-05-26",
};

describe("V1 (HMAC-SHA1) vectors", () => {
  it("builds the official string-to-sign for example A (GET DescribeRegions)", () => {
    expect(v1StringToSign("GET", docExampleA)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
        "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
  });

  it("reproduces the official signature of example A", () => {
    expect(v1Signature(v1StringToSign("GET", docExampleA), "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  it("treats parameter names case-sensitively (example A′ spells TimeStamp)", () => {
    const { Timestamp, ...rest } = docExampleA;
    const variant = { ...rest, TimeStamp: Timestamp };
    expect(v1Signature(v1StringToSign("GET", variant), "testsecret")).toBe("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
  });

  it("signs the HTTP method, so POST of example A differs (example B)", () => {
    expect(v1Signature(v1StringToSign("POST", docExampleA), "testsecret")).toBe("MxbnVAM4w6sft9xjVpe/GCKueuk=");
  });

  it("matches the openapi-util unit test with an empty method (example C)", () => {
    expect(v1Signature(v1StringToSign("", { test: "ok" }), "accessKeySecret")).toBe("jHx/oHoHNrbVfhncHEvPdHXZwHU=");
  });

  it("signs an STS GetCallerIdentity call with a security token (example D)", () => {
    const params = {
      AccessKeyId: "STS.testid",
      Action: "GetCallerIdentity",
      Format: "JSON",
      SecurityToken: "testtoken",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "0123456789abcdef",
      SignatureVersion: "1.0",
      Timestamp: "2024-01-01T00:00:00Z",
      Version: "2015-04-01",
    };
    expect(v1Signature(v1StringToSign("POST", params), "testsecret")).toBe("yffHJyw9wqSg7Cx+9c8Ff+RQYvM=");
  });

  it("ignores a Signature parameter when rebuilding the string to sign", () => {
    expect(v1StringToSign("GET", { ...docExampleA, Signature: "anything" })).toBe(v1StringToSign("GET", docExampleA));
  });

  it("signV1 reproduces example A end to end from an injected clock and nonce", () => {
    const sent = signV1({
      method: "GET",
      action: "DescribeRegions",
      version: "2014-05-26",
      params: {},
      format: "XML",
      credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
      timestamp: new Date(Date.UTC(2016, 1, 23, 12, 46, 24, 789)),
      nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    });
    expect(sent).toEqual({ ...docExampleA, Signature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" });
  });

  it("signV1 reproduces example D, adding SecurityToken for STS credentials", () => {
    const sent = signV1({
      method: "POST",
      action: "GetCallerIdentity",
      version: "2015-04-01",
      params: {},
      credentials: { accessKeyId: "STS.testid", accessKeySecret: "testsecret", securityToken: "testtoken" },
      timestamp: new Date("2024-01-01T00:00:00Z"),
      nonce: "0123456789abcdef",
    });
    expect(sent.SecurityToken).toBe("testtoken");
    expect(sent.Format).toBe("JSON");
    expect(sent.Signature).toBe("yffHJyw9wqSg7Cx+9c8Ff+RQYvM=");
  });

  it("signV1 keeps common parameters when a business parameter collides with one", () => {
    const sent = signV1({
      method: "GET",
      action: "ListNamespace",
      version: "2018-12-01",
      params: { Action: "DeleteNamespace", InstanceId: "cri-1", Signature: "forged" },
      credentials: { accessKeyId: "id", accessKeySecret: "secret" },
    });
    expect(sent.Action).toBe("ListNamespace");
    expect(sent.InstanceId).toBe("cri-1");
    expect(sent.Signature).not.toBe("forged");
    expect(sent).not.toHaveProperty("SecurityToken");
  });

  it("refuses to sign with an empty secret and does not leak the key material", () => {
    const attempt = () =>
      signV1({
        method: "GET",
        action: "X",
        version: "1",
        params: {},
        credentials: { accessKeyId: "AKIDVISIBLE", accessKeySecret: "", securityToken: "tok-SECRET" },
      });
    expect(attempt).toThrow(CredentialsError);
    expect(attempt).toThrow(/secret is empty/);
    expect(attempt).not.toThrow(/tok-SECRET/);
  });
});

// Example E, from the official V3 documentation.
const exampleE = {
  method: "POST",
  path: "/",
  query: { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
  headers: {
    host: "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-version": "2014-05-26",
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
  },
  signedHeaders: ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"],
  hashedPayload: EMPTY_BODY_SHA256,
};
const signatureE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
const authorizationE =
  "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;" +
  `x-acs-signature-nonce;x-acs-version,Signature=${signatureE}`;

describe("V3 (ACS3-HMAC-SHA256) vectors", () => {
  it("knows the SHA-256 of an empty body", () => {
    expect(EMPTY_BODY_SHA256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("builds the official canonical request of example E line by line", () => {
    expect(v3CanonicalRequest(exampleE).split("\n")).toEqual([
      "POST",
      "/",
      "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
      "host:ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action:RunInstances",
      `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
      "x-acs-date:2023-10-26T10:22:32Z",
      "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
      "x-acs-version:2014-05-26",
      "",
      "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
      EMPTY_BODY_SHA256,
    ]);
  });

  it("reproduces the official hashed canonical request and signature of example E", () => {
    const stringToSign = v3StringToSign(v3CanonicalRequest(exampleE));
    expect(stringToSign).toBe("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    expect(v3Signature(stringToSign, "YourAccessKeySecret")).toBe(signatureE);
  });

  it("signV3 reproduces the official Authorization header of example E", () => {
    const headers = signV3({
      method: "POST",
      host: "ecs.cn-shanghai.aliyuncs.com",
      action: "RunInstances",
      version: "2014-05-26",
      query: exampleE.query,
      credentials: { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
      date: new Date("2023-10-26T10:22:32.456Z"),
      nonce: "3156853299f313e23d1673dc12e1703d",
    });
    expect(headers).toEqual({ ...exampleE.headers, authorization: authorizationE });
  });

  it("reproduces derived example F: a RAM call signed with STS credentials", () => {
    const headers = signV3({
      method: "POST",
      host: "ram.aliyuncs.com",
      action: "GetRole",
      version: "2015-05-01",
      query: { RoleName: "acr-replication" },
      credentials: { accessKeyId: "STS.testid", accessKeySecret: "testsecret", securityToken: "testtoken" },
      date: new Date("2024-01-01T00:00:00Z"),
      nonce: "0123456789abcdef0123456789abcdef",
    });
    const signedHeaders =
      "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version";
    const canonical = v3CanonicalRequest({
      method: "POST",
      path: "/",
      query: { RoleName: "acr-replication" },
      headers,
      signedHeaders: signedHeaders.split(";"),
      hashedPayload: EMPTY_BODY_SHA256,
    });
    expect(v3StringToSign(canonical)).toBe("ACS3-HMAC-SHA256\ncd4432cea9ea577a7350a669f10a8261a9a9d994adcb15ceaad488ec9e9deabb");
    const signature = "de2ac1bb784996b9c4dba584abc69e5bb6775c0f9743a55277b410e4798df7af";
    expect(headers.authorization).toBe(`ACS3-HMAC-SHA256 Credential=STS.testid,SignedHeaders=${signedHeaders},Signature=${signature}`);
    expect(headers["x-acs-security-token"]).toBe("testtoken");
    expect(headers["x-acs-accesskey-id"]).toBe("STS.testid");
  });

  it("hashes a body and signs its content type but not user-agent", () => {
    const body = "a=1&b=%E4%B8%AD";
    const headers = signV3({
      method: "POST",
      host: "h",
      action: "A",
      version: "v",
      body,
      contentType: "application/x-www-form-urlencoded",
      credentials: { accessKeyId: "id", accessKeySecret: "s" },
      extraHeaders: { "User-Agent": "ua", "x-acs-retry-attempts": "1", host: "spoofed" },
    });
    expect(headers["x-acs-content-sha256"]).toBe(createHash("sha256").update(body).digest("hex"));
    expect(headers.host).toBe("h");
    expect(headers["user-agent"]).toBe("ua");
    expect(parseV3Authorization(headers.authorization ?? "")?.signedHeaders).toEqual([
      "content-type",
      "host",
      "x-acs-action",
      "x-acs-content-sha256",
      "x-acs-date",
      "x-acs-retry-attempts",
      "x-acs-signature-nonce",
      "x-acs-version",
    ]);
  });

  it("parses an Authorization header, with or without spaces after the commas", () => {
    expect(parseV3Authorization(authorizationE)).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "YourAccessKeyId",
      signedHeaders: exampleE.signedHeaders,
      signature: signatureE,
    });
    expect(parseV3Authorization("ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=ab")).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "a",
      signedHeaders: ["host"],
      signature: "ab",
    });
  });

  it.each([
    ["an empty header", ""],
    ["a bare algorithm", "ACS3-HMAC-SHA256"],
    ["a missing signature", "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host"],
    ["a V1-style header", "acs testid:OLeaidS1JvxuMvnyHOwuJ+uX5qY="],
  ])("rejects %s as an Authorization header", (_label, header) => {
    expect(parseV3Authorization(header)).toBeUndefined();
  });
});
