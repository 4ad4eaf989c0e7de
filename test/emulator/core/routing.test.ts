/**
 * Parsing and routing: parameters from query and form body, the product chosen by API version, the
 * region from a `cr.<region>` host (else RegionId), the XML format, and the bounded nonce memory.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonceCache, REPLAY_WINDOW_MS } from "../../../emulator/core/nonce-cache";
import { parseUrlEncoded, requestRegion, type ParsedRequest } from "../../../emulator/core/parse-request";
import { signV1, signV3 } from "../../../sdk/signing";
import { ownerKeys, rawV1, rawV3, start, type RunningEmulator } from "./harness";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  await emulator?.stop();
});

function parsedWith(host: string, params: Record<string, string> = {}): ParsedRequest {
  return { method: "POST", path: "/", host, headers: {}, query: params, params, body: Buffer.alloc(0), peer: "127.0.0.1", scheme: "v3" };
}

describe("request parsing", () => {
  it("decodes form and query encodings, + as a space, the first of repeated names", () => {
    expect(parseUrlEncoded("a=1&b=two+words&c=%E4%B8%AD%2A&a=2&flag&bad=%zz")).toEqual({ a: "1", b: "two words", c: "中*", flag: "", bad: "%zz" });
  });

  it.each<{ why: string; host: string; params: Record<string, string>; region: string }>([
    { why: "the regional host wins over RegionId", host: "cr.cn-beijing.aliyuncs.com", params: { RegionId: "cn-shanghai" }, region: "cn-beijing" },
    { why: "RegionId when addressed by a bare address", host: "127.0.0.1:8080", params: { RegionId: "cn-shanghai" }, region: "cn-shanghai" },
    { why: "the cr.<region> host names the region", host: "cr.cn-shanghai-finance-1.aliyuncs.com", params: {}, region: "cn-shanghai-finance-1" },
    { why: "the VPC host too", host: "cr-vpc.eu-central-1.aliyuncs.com:443", params: {}, region: "eu-central-1" },
    { why: "otherwise the default", host: "127.0.0.1:8080", params: {}, region: "cn-hangzhou" },
  ])("takes the region: $why", ({ host, params, region }) => {
    expect(requestRegion(parsedWith(host, params), "cn-hangzhou")).toBe(region);
  });
});

describe("routing on one port", () => {
  it("sends each version to its product, and uses the product's HostId in errors", async () => {
    const owner = ownerKeys(emulator);
    const sts = await rawV3(emulator, { version: "2015-04-01", action: "GetCallerIdentity", credentials: owner });
    expect(sts.status).toBe(200);
    const ramError = await rawV3(emulator, { version: "2015-05-01", action: "GetRole", query: { RoleName: "Ghost" }, credentials: owner });
    expect(ramError.body).toMatchObject({ Code: "EntityNotExist.Role", HostId: "ram.aliyuncs.com" });
    const cr = await rawV3(emulator, { version: "2018-12-01", action: "ListInstance", credentials: owner });
    expect(cr.body).toMatchObject({ Code: "success", IsSuccess: true });
  });

  it("accepts V3 over GET", async () => {
    const host = `127.0.0.1:${emulator.port}`;
    const { host: _h, ...headers } = signV3({ method: "GET", host, action: "GetCallerIdentity", version: "2015-04-01", credentials: ownerKeys(emulator) });
    const response = await request(`${emulator.endpoint}/`, { method: "GET", headers });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as Record<string, unknown>).AccountId).toBe(emulator.seed.accounts[0]!.uid);
  });

  it("answers V1 Format=XML in XML, errors included", async () => {
    const params = signV1({ method: "GET", action: "GetCallerIdentity", version: "2015-04-01", params: {}, credentials: ownerKeys(emulator), format: "XML" });
    const ok = await request(`${emulator.endpoint}/?${new URLSearchParams(params)}`);
    expect(ok.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(await ok.body.text()).toMatch(/^<\?xml[^>]*><GetCallerIdentityResponse>.*<AccountId>\d{16}<\/AccountId>.*<\/GetCallerIdentityResponse>$/);

    const bad = signV1({ method: "GET", action: "GetRole", version: "2015-05-01", params: { RoleName: "Ghost" }, credentials: ownerKeys(emulator), format: "XML" });
    const error = await request(`${emulator.endpoint}/?${new URLSearchParams(bad)}`);
    expect(error.statusCode).toBe(404);
    expect(await error.body.text()).toMatch(/<Error>.*<Code>EntityNotExist\.Role<\/Code>.*<\/Error>$/);
  });

  it("refuses methods other than GET and POST", async () => {
    const response = await request(`${emulator.endpoint}/`, { method: "PUT", body: "" });
    expect(response.statusCode).toBe(403);
    expect(((await response.body.json()) as Record<string, unknown>).Code).toBe("UnsupportedHTTPMethod");
  });

  it("refuses a missing Action", async () => {
    const response = await rawV1(emulator, { version: "2015-04-01", action: "", credentials: ownerKeys(emulator) });
    expect({ status: response.status, code: response.body.Code }).toEqual({ status: 400, code: "MissingParameter" });
  });
});

describe("nonce memory", () => {
  it("forgets a nonce once its window has passed", () => {
    const cache = new NonceCache();
    const t0 = 1_700_000_000_000;
    expect(cache.remember("k\nn1", t0, t0)).toBe(true);
    expect(cache.remember("k\nn1", t0 + 1000, t0)).toBe(false);
    expect(cache.remember("k\nn1", t0 + REPLAY_WINDOW_MS + 1, t0)).toBe(true);
  });

  it("stays within its cap, dropping the oldest entries first", () => {
    const cache = new NonceCache(100);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 1000; i++) cache.remember(`k\n${i}`, t0, t0);
    expect(cache.size).toBe(100);
    expect(cache.remember("k\n999", t0, t0)).toBe(false);
    expect(cache.remember("k\n0", t0, t0)).toBe(true);
  });
});
