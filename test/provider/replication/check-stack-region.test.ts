/**
 * Region rules must hold at preview even when the source region comes only from the stack's
 * alicloud:region, which is how most programs set it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness(); // stack config: alicloud:region cn-hangzhou
});
afterAll(() => h.stop());

const rule = (extra: Record<string, unknown>) => ({
  instanceId: h.instanceA,
  namespaceName: "app",
  syncRuleName: "stack-region",
  targetInstanceId: "cri-emubfinance00001",
  targetNamespaceName: "app",
  __provider: PROVIDER_TEXT,
  ...extra,
});

describe("check() with the source region from stack config", () => {
  it("refuses a Finance Cloud target from the stack's public region at preview, with no API call", async () => {
    h.emulator.admin.resetCounters();
    const result = await dispatch.check("ReplicationRule", {}, rule({ targetRegionId: "cn-shanghai-finance-1" }));
    expect(result.failures).toEqual([
      { property: "targetRegionId", reason: expect.stringMatching(/public-cloud region cn-hangzhou into the Finance Cloud region cn-shanghai-finance-1/) },
    ]);
    expect(h.emulator.admin.counters()).toEqual({});
  });

  it("lets a resource's own connection.region win over the stack's", async () => {
    const result = await dispatch.check("ImageReplication", {}, {
      instanceId: h.instanceA, namespaceName: "app", repoName: "web", tag: "v1",
      targetRegionId: "cn-shanghai-finance-2", targetInstanceId: "cri-emubfinance00001", targetNamespaceName: "app",
      connection: { region: "cn-shanghai-finance-1" },
      __provider: PROVIDER_TEXT,
    });
    expect(result.failures).toEqual([]);
  });

  it("accepts a public target and leaves the inputs it returns untouched", async () => {
    const news = rule({ targetRegionId: "cn-shanghai" });
    const result = await dispatch.check("ReplicationRule", {}, news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual(news);
  });
});
