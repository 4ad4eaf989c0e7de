/**
 * The recovery switch for an interrupted `up` (README, "an `up` was interrupted"): with
 * PULUMI_ACR_EE_ADOPT_EXISTING=true a create takes over the object a killed run made, and the
 * outputs do not record an `adopt` the program never set (so the next preview shows no change);
 * without it the same create refuses, naming `adopt`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADOPT_EXISTING_ENV } from "../../provider/adopt-existing";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());
afterEach(() => {
  delete process.env[ADOPT_EXISTING_ENV];
});

describe(`${ADOPT_EXISTING_ENV}`, () => {
  it("adopts the namespace a killed run created, without recording adopt; unset, the create refuses", async () => {
    await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "made-by-killed-run" });
    const news = { instanceId: h.instanceA, name: "made-by-killed-run", autoCreateRepo: true, __provider: PROVIDER_TEXT };
    await expect(dispatch.create("Namespace", news)).rejects.toThrow(/already exists: set adopt: true/);

    process.env[ADOPT_EXISTING_ENV] = "true";
    h.emulator.admin.resetCounters();
    const created = await dispatch.create("Namespace", news);
    expect(h.emulator.admin.counters().CreateNamespace ?? 0).toBe(0);
    expect(created.outs).not.toHaveProperty("adopt");
    // The inputs were applied to the adopted object.
    expect(await h.crAsA("GetNamespace", { InstanceId: h.instanceA, NamespaceName: "made-by-killed-run" })).toMatchObject({ AutoCreateRepo: true });
    expect(await dispatch.diff("Namespace", created.id, { ...created.outs, __provider: PROVIDER_TEXT }, news)).toMatchObject({ changes: false });
  });

  it("keeps an adopt the program set itself", async () => {
    process.env[ADOPT_EXISTING_ENV] = "true";
    const created = await dispatch.create("Namespace", { instanceId: h.instanceA, name: "explicit-adopt", adopt: false, __provider: PROVIDER_TEXT });
    expect(created.outs.adopt).toBe(false);
  });
});
