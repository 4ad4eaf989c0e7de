import * as $Ram from "@alicloud/ram20150501";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ramClient } from "../emulator/core/harness";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "./harness";

let h: ProviderHarness;
let ram: ReturnType<typeof ramClient>;
beforeAll(async () => {
  h = await startProviderHarness();
  ram = ramClient(h.emulator, h.keysA);
});
afterAll(() => h.stop());

const trust = (principal: Record<string, unknown>) => ({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal }] });
const policy = (actions: string[]) => ({ Version: "1", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
const p = (bag: Record<string, unknown>) => ({ ...bag, __provider: PROVIDER_TEXT });

async function roleNames(): Promise<string[]> {
  const listed = await ram.listRoles(new $Ram.ListRolesRequest({ maxItems: 1000 }));
  return (listed.body?.roles?.role ?? []).map((r) => r.roleName!);
}

describe("RamRole provider", () => {
  it("creates, sees an out-of-band trust and duration change, restores both with UpdateRole and deletes", async () => {
    const news = p({ name: "Deployer", assumeRolePolicyDocument: JSON.stringify(trust({ Service: ["ecs.aliyuncs.com"] })), description: "deploys", maxSessionDuration: 7200 });
    expect((await dispatch.check("RamRole", {}, news)).failures).toEqual([]);
    const created = await dispatch.create("RamRole", news);
    expect(created.id).toBe("Deployer");
    expect(created.outs.arn).toBe(`acs:ram::${h.uidA}:role/Deployer`);

    await ram.updateRole(
      new $Ram.UpdateRoleRequest({ roleName: "Deployer", newAssumeRolePolicyDocument: JSON.stringify(trust({ RAM: [`acs:ram::${h.uidB}:root`] })), newMaxSessionDuration: 3600 }),
    );
    const refreshed = await dispatch.read("RamRole", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ maxSessionDuration: 3600 });
    expect(String(refreshed.inputs!.assumeRolePolicyDocument)).toContain(h.uidB);
    expect(await dispatch.diff("RamRole", created.id, p(refreshed.props), news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await dispatch.update("RamRole", created.id, refreshed.props, news);
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: "Deployer" }))).body!.role!;
    expect(role.maxSessionDuration).toBe(7200);
    expect(JSON.parse(role.assumeRolePolicyDocument!)).toEqual(trust({ Service: ["ecs.aliyuncs.com"] }));
    expect(await dispatch.diff("RamRole", created.id, p(updated.outs), news)).toMatchObject({ changes: false });

    await dispatch.delete("RamRole", created.id, p(updated.outs));
    expect(await roleNames()).not.toContain("Deployer");
    await expect(dispatch.delete("RamRole", created.id, p(updated.outs))).resolves.toBeUndefined();
  });

  it("shows no diff for JSON-equivalent trust documents: key order, whitespace, a string for a one-element list", async () => {
    const olds = p({ name: "R", assumeRolePolicyDocument: JSON.stringify(trust({ Service: ["ecs.aliyuncs.com"] })), arn: "x" });
    const reordered = `{ "Statement": [ { "Principal": { "Service": "ecs.aliyuncs.com" }, "Action": ["sts:AssumeRole"], "Effect": "Allow" } ],\n  "Version": "1" }`;
    expect(await dispatch.diff("RamRole", "R", olds, p({ name: "R", assumeRolePolicyDocument: reordered }))).toMatchObject({ changes: false });
    expect(await dispatch.diff("RamRole", "R", olds, p({ name: "R", assumeRolePolicyDocument: trust({ Service: "ecs.aliyuncs.com" }) }))).toMatchObject({ changes: false });
    const other = trust({ Service: ["cr.aliyuncs.com"] });
    expect(await dispatch.diff("RamRole", "R", olds, p({ name: "R", assumeRolePolicyDocument: other }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await dispatch.diff("RamRole", "R", olds, p({ name: "R2", assumeRolePolicyDocument: other }))).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: true });
  });

  it("adopts an existing role only when asked, and drops a role deleted out of band on refresh", async () => {
    await ram.createRole(new $Ram.CreateRoleRequest({ roleName: "Existing", assumeRolePolicyDocument: JSON.stringify(trust({ Service: ["ecs.aliyuncs.com"] })) }));
    const news = p({ name: "Existing", assumeRolePolicyDocument: trust({ Service: ["cr.aliyuncs.com"] }) });
    await expect(dispatch.create("RamRole", news)).rejects.toThrow(/already exists: set adopt: true/);
    const adopted = await dispatch.create("RamRole", { ...news, adopt: true });
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: "Existing" }))).body!.role!;
    expect(role.assumeRolePolicyDocument).toContain("cr.aliyuncs.com");
    await ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: "Existing" }));
    expect(await dispatch.read("RamRole", adopted.id, stateAfterCreate(adopted))).toEqual({ id: "", props: {} });
  });

  it("leaves a description or duration the program does not set unmanaged, so refresh shows no drift for it", async () => {
    const news = p({ name: "Unmanaged", assumeRolePolicyDocument: trust({ Service: ["ecs.aliyuncs.com"] }) });
    const created = await dispatch.create("RamRole", news);
    await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: "Unmanaged", newDescription: "set by hand", newMaxSessionDuration: 7200 }));
    const refreshed = await dispatch.read("RamRole", created.id, stateAfterCreate(created));
    expect(await dispatch.diff("RamRole", created.id, p(refreshed.props), news)).toMatchObject({ changes: false });
    await dispatch.delete("RamRole", created.id, p(refreshed.props));
  });

  it("looks the role up after an ambiguous CreateRole failure instead of failing on a duplicate", async () => {
    h.emulator.admin.setFaults({ actions: { CreateRole: { resetAfterCommitRate: 1 } } });
    h.emulator.admin.resetCounters();
    try {
      const created = await dispatch.create("RamRole", p({ name: "Flaky", assumeRolePolicyDocument: trust({ Service: ["ecs.aliyuncs.com"] }) }));
      expect(created.outs.arn).toBe(`acs:ram::${h.uidA}:role/Flaky`);
      expect(h.emulator.admin.counters().CreateRole).toBe(1);
      await dispatch.delete("RamRole", created.id, stateAfterCreate(created));
    } finally {
      h.emulator.admin.setFaults({});
    }
  });
});

describe("RamPolicy provider", () => {
  it("creates, sees an out-of-band default version, restores it with a new version and deletes with all versions", async () => {
    const news = p({ name: "PullImages", document: policy(["cr:GetRepository", "cr:PullRepository"]), description: "pulls" });
    const created = await dispatch.create("RamPolicy", news);
    expect(created.outs).toMatchObject({ defaultVersion: "v1", policyType: "Custom" });

    await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: "PullImages", policyDocument: JSON.stringify(policy(["*"])), setAsDefault: true }));
    const refreshed = await dispatch.read("RamPolicy", created.id, stateAfterCreate(created));
    expect(JSON.parse(String(refreshed.inputs!.document))).toEqual(policy(["*"]));
    expect(await dispatch.diff("RamPolicy", created.id, p(refreshed.props), news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await dispatch.update("RamPolicy", created.id, refreshed.props, news);
    expect(updated.outs.defaultVersion).toBe("v3");
    const got = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: "PullImages", policyType: "Custom" }))).body!;
    expect(JSON.parse(got.defaultPolicyVersion!.policyDocument!)).toEqual(policy(["cr:GetRepository", "cr:PullRepository"]));

    await dispatch.delete("RamPolicy", created.id, p(updated.outs));
    const listed = await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: "Custom" }));
    expect((listed.body?.policies?.policy ?? []).map((x) => x.policyName)).not.toContain("PullImages");
  });

  it("rotates out the oldest non-default version when RAM already holds 5", async () => {
    const created = await dispatch.create("RamPolicy", p({ name: "Rotating", document: policy(["cr:A0"]) }));
    let olds: Record<string, unknown> = created.outs;
    for (let i = 1; i <= 6; i++) {
      const news = p({ name: "Rotating", document: policy([`cr:A${i}`]) });
      olds = (await dispatch.update("RamPolicy", created.id, olds, news)).outs;
    }
    const versions = (await ram.listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName: "Rotating", policyType: "Custom" }))).body!.policyVersions!.policyVersion!;
    expect(versions.map((v) => v.versionId).sort()).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    expect(versions.find((v) => v.isDefaultVersion)?.versionId).toBe("v7");
    expect(olds.defaultVersion).toBe("v7");
    await dispatch.delete("RamPolicy", created.id, p(olds));
  });

  it("replaces the policy when the description changes, since RAM cannot update it", async () => {
    const olds = p({ name: "D", document: policy(["cr:A"]), description: "one", defaultVersion: "v1" });
    expect(await dispatch.diff("RamPolicy", "D", olds, p({ name: "D", document: policy(["cr:A"]), description: "two" }))).toEqual({
      changes: true,
      replaces: ["description"],
      deleteBeforeReplace: true,
    });
  });
});

describe("RamRolePolicyAttachment provider", () => {
  it("attaches, sees an out-of-band detach, re-attaches on create after refresh drops it, and detaches", async () => {
    await dispatch.create("RamRole", p({ name: "Puller", assumeRolePolicyDocument: trust({ Service: ["ecs.aliyuncs.com"] }) }));
    const news = p({ roleName: "Puller", policyName: "AliyunContainerRegistryReadOnlyAccess", policyType: "System" });
    const created = await dispatch.create("RamRolePolicyAttachment", news);
    expect(created.id).toBe("role:Puller:System:AliyunContainerRegistryReadOnlyAccess");
    const attached = async () =>
      ((await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: "Puller" }))).body?.policies?.policy ?? []).map((x) => x.policyName);
    expect(await attached()).toContain("AliyunContainerRegistryReadOnlyAccess");

    await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: "Puller", policyName: "AliyunContainerRegistryReadOnlyAccess", policyType: "System" }));
    expect(await dispatch.read("RamRolePolicyAttachment", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });
    const again = await dispatch.create("RamRolePolicyAttachment", news);
    expect(await dispatch.read("RamRolePolicyAttachment", again.id, stateAfterCreate(again))).toMatchObject({ id: again.id });
    // Attaching what is already attached converges instead of failing.
    await expect(dispatch.create("RamRolePolicyAttachment", news)).resolves.toMatchObject({ id: again.id });

    await expect(dispatch.delete("RamRole", "Puller", p({ name: "Puller", assumeRolePolicyDocument: "{}" }))).rejects.toThrow(/still has policies attached/);
    await dispatch.delete("RamRolePolicyAttachment", again.id, stateAfterCreate(again));
    expect(await attached()).toEqual([]);
    await expect(dispatch.delete("RamRolePolicyAttachment", again.id, stateAfterCreate(again))).resolves.toBeUndefined();
    expect(await dispatch.diff("RamRolePolicyAttachment", again.id, stateAfterCreate(again), { ...news, policyType: "Custom" })).toMatchObject({ replaces: ["policyType"] });
    await dispatch.delete("RamRole", "Puller", p({ name: "Puller", assumeRolePolicyDocument: "{}" }));
  });
});
