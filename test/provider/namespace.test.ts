import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());

const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  instanceId: h.instanceA,
  name,
  autoCreateRepo: true,
  defaultRepoType: "PRIVATE",
  __provider: PROVIDER_TEXT,
  ...extra,
});

async function namespaceNames(): Promise<string[]> {
  const body = await h.crAsA("ListNamespace", { InstanceId: h.instanceA, PageSize: 100 });
  return (body.Namespaces as Array<{ NamespaceName: string }>).map((n) => n.NamespaceName);
}

describe("Namespace provider against the emulator", () => {
  it("creates, sees an out-of-band change on read, restores it on update and deletes without leftovers", async () => {
    const news = inputs("life-cycle");
    expect((await dispatch.check("Namespace", {}, news)).failures).toEqual([]);
    const created = await dispatch.create("Namespace", news);
    expect(created.id).toBe(`${h.instanceA}:life-cycle`);
    expect(created.outs).toMatchObject({ name: "life-cycle", autoCreateRepo: true, defaultRepoType: "PRIVATE", status: "NORMAL" });
    expect(created.outs.namespaceId).toMatch(/^crn-/);

    // Someone turns auto-create off and makes pushes public, with the official client.
    await h.crAsA("UpdateNamespace", { InstanceId: h.instanceA, NamespaceName: "life-cycle", AutoCreateRepo: false, DefaultRepoType: "PUBLIC" });

    const refreshed = await dispatch.read("Namespace", created.id, stateAfterCreate(created));
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.inputs).toMatchObject({ autoCreateRepo: false, defaultRepoType: "PUBLIC" });
    const drift = await dispatch.diff("Namespace", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news);
    expect(drift).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await dispatch.update("Namespace", created.id, refreshed.props, news);
    expect(updated.outs).toMatchObject({ autoCreateRepo: true, defaultRepoType: "PRIVATE", namespaceId: created.outs.namespaceId });
    const body = await h.crAsA("GetNamespace", { InstanceId: h.instanceA, NamespaceName: "life-cycle" });
    expect(body).toMatchObject({ AutoCreateRepo: true });
    expect(await dispatch.diff("Namespace", created.id, { ...updated.outs, __provider: PROVIDER_TEXT }, news)).toMatchObject({ changes: false });

    await dispatch.delete("Namespace", created.id, { ...updated.outs, __provider: PROVIDER_TEXT });
    expect(await namespaceNames()).not.toContain("life-cycle");
  });

  it("replaces (delete first) when the name changes and updates in place otherwise", async () => {
    const olds = { ...inputs("a-name"), namespaceId: "crn-x", status: "NORMAL" };
    expect(await dispatch.diff("Namespace", "id", olds, inputs("b-name"))).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: true });
    expect(await dispatch.diff("Namespace", "id", olds, inputs("a-name", { autoCreateRepo: false }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await dispatch.diff("Namespace", "id", olds, inputs("a-name", { adopt: true }))).toMatchObject({ changes: false });
  });

  it("refuses to take over an existing namespace unless adopt is set, then adopts it and applies the inputs", async () => {
    await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "pre-existing", AutoCreateRepo: false });
    await expect(dispatch.create("Namespace", inputs("pre-existing"))).rejects.toThrow(/already exists: set adopt: true/);
    const adopted = await dispatch.create("Namespace", inputs("pre-existing", { adopt: true }));
    expect(adopted.outs).toMatchObject({ autoCreateRepo: true, adopt: true });
    expect(await h.crAsA("GetNamespace", { InstanceId: h.instanceA, NamespaceName: "pre-existing" })).toMatchObject({ AutoCreateRepo: true });
    await dispatch.delete("Namespace", adopted.id, stateAfterCreate(adopted));
  });

  it("looks the namespace up after an ambiguous failure instead of creating it twice", async () => {
    h.emulator.admin.setFaults({ actions: { CreateNamespace: { resetAfterCommitRate: 1 } } });
    h.emulator.admin.resetCounters();
    try {
      const created = await dispatch.create("Namespace", inputs("ambiguous"));
      expect(created.outs.namespaceId).toMatch(/^crn-/);
      expect(h.emulator.admin.counters().CreateNamespace).toBe(1);
      await dispatch.delete("Namespace", created.id, stateAfterCreate(created));
    } finally {
      h.emulator.admin.setFaults({});
    }
  });

  it("creates again after an ambiguous failure when the look-up shows the first attempt did not land", async () => {
    // Seed 2 resets the first CreateNamespace before it is handled and lets the second through.
    h.emulator.admin.setFaults({ seed: 2, actions: { CreateNamespace: { resetRate: 0.5 } } });
    h.emulator.admin.resetCounters();
    try {
      const created = await dispatch.create("Namespace", inputs("second-try"));
      expect(h.emulator.admin.counters()).toMatchObject({ CreateNamespace: 2, GetNamespace: 2 });
      expect(await namespaceNames()).toContain("second-try");
      await dispatch.delete("Namespace", created.id, stateAfterCreate(created));
    } finally {
      h.emulator.admin.setFaults({});
    }
  });

  it("treats a namespace deleted out of band as gone on refresh, and its delete as done", async () => {
    const created = await dispatch.create("Namespace", inputs("vanishing"));
    await h.crAsA("DeleteNamespace", { InstanceId: h.instanceA, NamespaceName: "vanishing" });
    expect(await dispatch.read("Namespace", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });
    await expect(dispatch.delete("Namespace", created.id, stateAfterCreate(created))).resolves.toBeUndefined();
  });
});
