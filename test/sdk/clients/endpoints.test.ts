import { afterEach, describe, expect, it } from "vitest";
import { defaultHost, EndpointConfigError, normaliseEndpoint, resolveEndpoint, serviceHostHeader } from "../../../sdk/endpoints";
import { startFakePop, type FakePop } from "./fake-pop";

describe("endpoints", () => {
  it("defaults to regional CR, global RAM and global STS over HTTPS", () => {
    expect(resolveEndpoint("cr", { region: "cn-hangzhou" })).toBe("https://cr.cn-hangzhou.aliyuncs.com/");
    expect(resolveEndpoint("cr", { region: "cn-shanghai-finance-1" })).toBe("https://cr.cn-shanghai-finance-1.aliyuncs.com/");
    expect(resolveEndpoint("ram", { region: "eu-central-1" })).toBe("https://ram.aliyuncs.com/");
    expect(resolveEndpoint("sts", { region: "eu-central-1" })).toBe("https://sts.aliyuncs.com/");
    expect(resolveEndpoint("sts", { region: "eu-central-1", stsRegional: true })).toBe("https://sts.eu-central-1.aliyuncs.com/");
  });

  it("takes a per-product override as a bare host or a full URL", () => {
    const overrides = { cr: "cr-vpc.cn-hangzhou.aliyuncs.com", ram: "http://127.0.0.1:8080", sts: "https://proxy.example/sts" };
    expect(resolveEndpoint("cr", { region: "cn-hangzhou", overrides })).toBe("https://cr-vpc.cn-hangzhou.aliyuncs.com/");
    expect(resolveEndpoint("ram", { overrides })).toBe("http://127.0.0.1:8080/");
    expect(resolveEndpoint("sts", { overrides })).toBe("https://proxy.example/sts/");
    // An override needs no region, so CR can be pointed at an emulator without one.
    expect(resolveEndpoint("cr", { overrides: { cr: "localhost:9000" } })).toBe("https://localhost:9000/");
  });

  it("names the service's regional host when a request goes to an address, and leaves named endpoints alone", () => {
    const at = (cr: string) => ({ region: "cn-shanghai", overrides: { cr, ram: cr, sts: cr } });
    expect(serviceHostHeader("cr", at("http://127.0.0.1:8080"))).toBe("cr.cn-shanghai.aliyuncs.com");
    expect(serviceHostHeader("cr", at("http://localhost:8080/"))).toBe("cr.cn-shanghai.aliyuncs.com");
    expect(serviceHostHeader("cr", at("http://[::1]:8080/"))).toBe("cr.cn-shanghai.aliyuncs.com");
    expect(serviceHostHeader("ram", at("http://127.0.0.1:8080"))).toBe("ram.aliyuncs.com");
    expect(serviceHostHeader("sts", at("http://127.0.0.1:8080"))).toBe("sts.aliyuncs.com");
    expect(serviceHostHeader("cr", at("cr-vpc.cn-shanghai.aliyuncs.com"))).toBeUndefined();
    expect(serviceHostHeader("cr", { region: "cn-shanghai" })).toBeUndefined();
    // Without a region there is no regional name to give; the address is sent as it is.
    expect(serviceHostHeader("cr", { overrides: { cr: "http://127.0.0.1:8080" } })).toBeUndefined();
  });

  it("rejects unusable regions and endpoints with a typed error", () => {
    expect(() => defaultHost("cr")).toThrow(EndpointConfigError);
    expect(() => defaultHost("cr", "cn hangzhou")).toThrow(/not a valid region/);
    expect(() => normaliseEndpoint("ftp://host")).toThrow(/http or https/);
    expect(() => normaliseEndpoint("https://user:pw@host")).toThrow(/credentials/);
    expect(() => normaliseEndpoint("https://host/?x=1")).toThrow(/query/);
    expect(() => normaliseEndpoint("  ")).toThrow(EndpointConfigError);
  });
});

describe("createClients", () => {
  let pop: FakePop | undefined;
  afterEach(async () => {
    await pop?.close();
    pop = undefined;
  });

  it("reaches all three products on one shared URL, over one connection pool", async () => {
    pop = await startFakePop({
      GetInstance: { Code: "success", IsSuccess: true, InstanceId: "cri-1" },
      GetRole: { Role: { RoleName: "r" } },
      GetCallerIdentity: { AccountId: "1", Arn: "acs:ram::1:root" },
    });
    const { cr, ram, sts } = pop.clients;
    await cr.getInstance({ InstanceId: "cri-1" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ram.getRole({ RoleName: "r" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sts.getCallerIdentity();
    expect(pop.calls.map((c) => [c.action, c.version])).toEqual([
      ["GetInstance", "2018-12-01"], ["GetRole", "2015-05-01"], ["GetCallerIdentity", "2015-04-01"],
    ]);
    expect(pop.server.connections()).toBe(1);
  });

  it("signs with V1 when asked", async () => {
    pop = await startFakePop({ GetRole: { Role: { RoleName: "r" } } }, { signatureVersion: "v1" });
    await pop.clients.ram.getRole({ RoleName: "r" });
    const form = new URLSearchParams(pop.server.received[0]?.body.toString("utf8"));
    expect(form.get("SignatureMethod")).toBe("HMAC-SHA1");
    expect(form.get("Action")).toBe("GetRole");
    expect(pop.calls[0]?.params).toEqual({ RoleName: "r" });
  });
});
