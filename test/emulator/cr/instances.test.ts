import { describe, expect, it } from "vitest";
import { ApiError } from "../../../emulator/core/context";
import { setRegistryHost } from "../../../emulator/cr";
import { A_ADV, A_BASIC, A_SH, A_STD, B_SH, Harness, UID_A, UID_B } from "./harness";

describe("CR instances", () => {
  it("returns GetInstance with numeric times, the Enterprise_ specification and no RegionId", () => {
    const h = new Harness();
    const body = h.call("GetInstance", { InstanceId: A_ADV });
    expect(body).toMatchObject({
      InstanceId: A_ADV,
      InstanceName: "a-adv",
      InstanceSpecification: "Enterprise_Advanced",
      InstanceStatus: "RUNNING",
      Tags: [],
    });
    expect(typeof body.CreateTime).toBe("number");
    expect(typeof body.ModifiedTime).toBe("number");
    expect(body.ResourceGroupId).toMatch(/^rg-acfm[a-z0-9]{12}$/);
    expect(body).not.toHaveProperty("RegionId");
    expect(h.authorizations).toEqual([["cr:GetInstance", `acs:cr:cn-hangzhou:${UID_A}:instance/${A_ADV}`]]);
  });

  it("hides another account's instance as INSTANCE_NOT_EXIST", () => {
    const h = new Harness();
    h.fail("GetInstance", { InstanceId: B_SH }, "INSTANCE_NOT_EXIST", { region: "cn-shanghai" });
  });

  it("hides an own instance asked for in another region", () => {
    const h = new Harness();
    h.fail("GetInstance", { InstanceId: A_SH }, "INSTANCE_NOT_EXIST", { region: "cn-hangzhou" });
    expect(h.call("GetInstance", { InstanceId: A_SH }, { region: "cn-shanghai" }).InstanceId).toBe(A_SH);
  });

  it("refuses a missing InstanceId as the gateway does, with a POP 400", () => {
    const h = new Harness();
    const error = h.fail("GetInstance", {}, "MissingParameter");
    expect(error.httpStatus).toBe(400);
    expect(error.envelope).toBe("pop");
    expect(h.authorizations).toEqual([]);
  });

  it("propagates a RAM denial before looking anything up", () => {
    const h = new Harness();
    h.deny = () => new ApiError("NoPrivilege", "Access denied for this user.", 403);
    h.fail("GetInstance", { InstanceId: "cri-doesnotexist0000" }, "NoPrivilege");
  });

  it("lists only the caller's instances in the request region, with string times and a numeric TotalCount", () => {
    const h = new Harness();
    const body = h.call("ListInstance", {});
    const ids = (body.Instances as Array<Record<string, unknown>>).map((i) => i.InstanceId);
    expect(ids.sort()).toEqual([A_ADV, A_BASIC, A_STD].sort());
    expect(body.TotalCount).toBe(3);
    expect(body.PageNo).toBe(1);
    expect(body.PageSize).toBe(30);
    const first = (body.Instances as Array<Record<string, unknown>>)[0]!;
    expect(first.RegionId).toBe("cn-hangzhou");
    expect(first.CreateTime).toMatch(/^\d{13}$/);
    expect(typeof first.ModifiedTime).toBe("string");
    expect(h.authorizations).toEqual([["cr:ListInstance", "*"]]);
    const fromB = h.call("ListInstance", {}, { account: UID_B, region: "cn-shanghai" });
    expect((fromB.Instances as Array<Record<string, unknown>>).map((i) => i.InstanceId)).toEqual([B_SH]);
  });

  it("pages ListInstance and filters by name", () => {
    const h = new Harness();
    const page2 = h.call("ListInstance", { PageNo: 2, PageSize: 2 });
    expect((page2.Instances as unknown[]).length).toBe(1);
    expect(page2).toMatchObject({ PageNo: 2, PageSize: 2, TotalCount: 3 });
    const named = h.call("ListInstance", { InstanceName: "std" });
    expect((named.Instances as Array<Record<string, unknown>>).map((i) => i.InstanceId)).toEqual([A_STD]);
    h.fail("ListInstance", { PageNo: 0 }, "PARAM_INVALID");
    h.fail("ListInstance", { PageSize: "ten" }, "InvalidParameter");
  });

  it("clamps a PageSize above 100 and echoes the clamped size", () => {
    const h = new Harness();
    expect(h.call("ListInstance", { PageSize: 500 }).PageSize).toBe(100);
  });

  it("returns the registry domain of the internet endpoint, which the data plane can override", () => {
    const h = new Harness();
    const body = h.call("GetInstanceEndpoint", { InstanceId: A_ADV, EndpointType: "internet" });
    expect(body).toMatchObject({ Enable: true, Status: "RUNNING", AclEnable: false, AclEntries: [] });
    expect(body.Domains).toEqual([{ Domain: "a-adv-registry.cn-hangzhou.cr.aliyuncs.com", Type: "SYSTEM" }]);
    expect(setRegistryHost(h.state, A_ADV, "127.0.0.1:5123")).toBe(true);
    expect(setRegistryHost(h.state, "cri-nope", "x")).toBe(false);
    expect(h.call("GetInstanceEndpoint", { InstanceId: A_ADV, EndpointType: "internet" }).Domains).toEqual([
      { Domain: "127.0.0.1:5123", Type: "SYSTEM" },
    ]);
    h.fail("GetInstanceEndpoint", { InstanceId: A_ADV, EndpointType: "vpc" }, "PARAM_INVALID");
    h.fail("GetInstanceEndpoint", { InstanceId: A_ADV, EndpointType: "internet", ModuleName: "Chart" }, "PARAM_INVALID");
    h.fail("GetInstanceEndpoint", { InstanceId: A_ADV }, "MissingParameter");
  });

  it("reports quotas and usage as strings, with the documented edition limits", () => {
    const h = new Harness();
    h.repo(A_STD, "team", "app");
    expect(h.call("GetInstanceUsage", { InstanceId: A_STD })).toEqual({
      NamespaceQuota: "15",
      NamespaceUsage: "1",
      RepoQuota: "2000",
      RepoUsage: "1",
    });
    expect(h.call("GetInstanceUsage", { InstanceId: A_ADV })).toMatchObject({ NamespaceQuota: "1000", RepoQuota: "100000" });
    const basic = h.call("GetInstanceUsage", { InstanceId: A_BASIC });
    expect(Number(basic.NamespaceQuota)).toBeLessThan(15);
  });
});
