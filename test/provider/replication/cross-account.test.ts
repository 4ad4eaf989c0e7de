/**
 * Cross-account replication into account B from two source accounts (A and a third account C)
 * that share B's one role `aliyuncontainerregistrycrossaccoutsyncrole`. These are the plain parts
 * the CrossAccountReplication component wires together, driven through the dispatcher in the
 * order the component's dependsOn gives them; the real engine run is the e2e suite's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeAllClients } from "../../../provider/clients";
import { dispatch, PROVIDER_TEXT } from "../harness";
import { ramCall, v3Driver, type CrDriver } from "../../emulator/cr/official-drivers";
import { pushImage } from "../../emulator/replication/support";
import { RegistryClient } from "../../../sdk/oci";
import { CROSS_ACCOUNT_SYNC_ROLE } from "../../../provider/resources/cross-account-trust/args";
import { seedWithAccountC } from "./third-account";

type Bag = Record<string, unknown>;

const B_INSTANCE = "cri-emubshanghai0001";

let emulator: RunningEmulator;
let cr: CrDriver;
let conn: Record<"A" | "B" | "C", Bag>;
let uid: Record<"A" | "B" | "C", string>;
let keys: Record<"A" | "B" | "C", { accessKeyId: string; accessKeySecret: string }>;

beforeAll(async () => {
  emulator = await startEmulator({ seed: seedWithAccountC() });
  const endpoints = { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint };
  const [a, b, c] = emulator.seed.accounts;
  keys = { A: a!, B: b!, C: c! };
  uid = { A: a!.uid, B: b!.uid, C: c!.uid };
  const connection = (k: { accessKeyId: string; accessKeySecret: string }, region: string) => ({ region, accessKey: k.accessKeyId, secretKey: k.accessKeySecret, endpoints });
  conn = { A: connection(a!, "cn-hangzhou"), B: connection(b!, "cn-shanghai"), C: connection(c!, "cn-hangzhou") };
  cr = v3Driver(emulator.port);
  // Each source has a namespace and a repository with an image to copy.
  for (const [who, instanceId] of [["A", "cri-emuaadvanced0001"], ["C", "cri-emucadvanced0001"]] as const) {
    await call(who, "CreateNamespace", { InstanceId: instanceId, NamespaceName: "shared", AutoCreateRepo: true });
    await call(who, "CreateRepository", { InstanceId: instanceId, RepoNamespaceName: "shared", RepoName: "app", RepoType: "PRIVATE", Summary: "app" });
  }
});
afterAll(async () => {
  dispatch.resetConfiguration();
  await closeAllClients();
  await emulator.stop();
});

async function call(who: "A" | "B" | "C", action: string, params: Record<string, string | number | boolean>, region = who === "B" ? "cn-shanghai" : "cn-hangzhou") {
  return cr.call(action, { RegionId: region, ...params }, keys[who]);
}

async function create(type: string, inputs: Bag): Promise<{ type: string; id: string; state: Bag }> {
  const bag = { ...inputs, __provider: PROVIDER_TEXT };
  expect((await dispatch.check(type, {}, bag)).failures).toEqual([]);
  const created = await dispatch.create(type, bag);
  return { type, id: created.id, state: { ...created.outs, __provider: PROVIDER_TEXT } };
}
const destroy = (r: { type: string; id: string; state: Bag }) => dispatch.delete(r.type, r.id, r.state);

/** A registry client for an instance, logged in with its owner's temporary token. */
async function registryOf(who: "A" | "B" | "C", instanceId: string): Promise<RegistryClient> {
  const token = (await call(who, "GetAuthorizationToken", { InstanceId: instanceId })).body;
  return new RegistryClient({ registry: `http://${emulator.dataPlane.hostFor(instanceId)!}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
}

/** Until the newest task on the instance for `tag` has ended. */
async function taskOutcome(who: "A" | "C", instanceId: string, tag: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const tasks = (await call(who, "ListRepoSyncTask", { InstanceId: instanceId, Tag: tag })).body.SyncTasks as Bag[];
    const status = tasks[0]?.TaskStatus as string | undefined;
    if (status && ["SUCCESS", "ERROR", "CANCELED"].includes(status)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "TIMEOUT";
}

async function trustedServices(): Promise<string[]> {
  const body = await ramGetRole();
  if (!body) return [];
  const doc = JSON.parse(body.AssumeRolePolicyDocument as string) as { Statement: Array<{ Principal?: { Service?: string[] | string } }> };
  return doc.Statement.flatMap((s) => ([] as string[]).concat(s.Principal?.Service ?? [])).sort();
}

async function ramGetRole(): Promise<Bag | undefined> {
  try {
    const body = await ramCall(emulator.endpoint, keys.B, "GetRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE });
    return body.Role as Bag;
  } catch {
    return undefined;
  }
}

const policyFor = (name: string) => ({
  name,
  document: {
    Version: "1",
    Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:cn-shanghai:${uid.B}:instance/${B_INSTANCE}` }],
  },
  connection: conn.B,
});

const ruleFrom = (who: "A" | "C", instanceId: string) => ({
  instanceId,
  namespaceName: "shared",
  syncRuleName: `into-b-from-${who.toLowerCase()}`,
  targetRegionId: "cn-shanghai",
  targetInstanceId: B_INSTANCE,
  targetNamespaceName: "shared",
  targetUserId: uid.B,
  connection: conn[who],
});

describe("cross-account replication from two source accounts into B's shared role", () => {
  it("adds both principals without clobbering, and removing one keeps the other", async () => {
    const namespace = await create("Namespace", { instanceId: B_INSTANCE, name: "shared", autoCreateRepo: true, connection: conn.B });
    // Both trusts at once, while the role does not exist yet: one creates it, the other joins.
    const [trustA, trustC] = await Promise.all([
      create("CrossAccountTrust", { sourceConnection: conn.A, connection: conn.B }),
      create("CrossAccountTrust", { sourceAccountId: uid.C, connection: conn.B }),
    ]);
    expect(trustA.state).toMatchObject({ roleName: CROSS_ACCOUNT_SYNC_ROLE, principal: `${uid.A}@cr.aliyuncs.com`, targetAccountId: uid.B });
    expect([trustA.state.createdRole, trustC.state.createdRole].filter(Boolean)).toHaveLength(1);
    expect(await trustedServices()).toEqual([`${uid.A}@cr.aliyuncs.com`, `${uid.C}@cr.aliyuncs.com`]);

    const policyA = await create("RamPolicy", policyFor(`acr-sync-${uid.A}`));
    const policyC = await create("RamPolicy", policyFor(`acr-sync-${uid.C}`));
    const attachA = await create("RamRolePolicyAttachment", { roleName: CROSS_ACCOUNT_SYNC_ROLE, policyName: `acr-sync-${uid.A}`, policyType: "Custom", connection: conn.B });
    const attachC = await create("RamRolePolicyAttachment", { roleName: CROSS_ACCOUNT_SYNC_ROLE, policyName: `acr-sync-${uid.C}`, policyType: "Custom", connection: conn.B });

    // A already has an image: backfill copies it; C pushes after its rule exists.
    const [registryA, registryB, registryC] = await Promise.all([registryOf("A", "cri-emuaadvanced0001"), registryOf("B", B_INSTANCE), registryOf("C", "cri-emucadvanced0001")]);
    const fromA = await pushImage(registryA, "shared/app", "a1", [2048]);
    const ruleA = await create("ReplicationRule", { ...ruleFrom("A", "cri-emuaadvanced0001"), backfill: true });
    const ruleC = await create("ReplicationRule", ruleFrom("C", "cri-emucadvanced0001"));
    expect(ruleA.state.backfillTaskIds).toHaveLength(1);
    expect(await taskOutcome("A", "cri-emuaadvanced0001", "a1")).toBe("SUCCESS");
    const fromC = await pushImage(registryC, "shared/app", "c1", [2048]);
    expect(await taskOutcome("C", "cri-emucadvanced0001", "c1")).toBe("SUCCESS");
    expect((await registryB.headManifest("shared/app", "a1"))?.digest).toBe(fromA.digest);
    expect((await registryB.headManifest("shared/app", "c1"))?.digest).toBe(fromC.digest);
    await Promise.all([registryA.close(), registryB.close(), registryC.close()]);
    expect(ruleA.state).toMatchObject({ crossUser: true, targetUserId: uid.B });
    expect(ruleC.state).toMatchObject({ crossUser: true });
    // The rule shows on B's side too, as TO.
    const seenByB = await call("B", "ListRepoSyncRule", { InstanceId: B_INSTANCE });
    expect((seenByB.body.SyncRules as Bag[]).map((r) => r.SyncDirection)).toEqual(["TO", "TO"]);
    // read keeps targetUserId (the API lists CrossUser only).
    const readA = await dispatch.read("ReplicationRule", ruleA.id, ruleA.state);
    expect(readA.inputs).toMatchObject({ targetUserId: uid.B });

    // A leaves: rule, attachment, policy, then its trust (the component's teardown order).
    await destroy(ruleA);
    await destroy(attachA);
    await destroy(policyA);
    await destroy(trustA);
    expect(await trustedServices()).toEqual([`${uid.C}@cr.aliyuncs.com`]);
    expect((await dispatch.read("CrossAccountTrust", trustA.id, trustA.state)).id).toBe("");
    expect((await dispatch.read("CrossAccountTrust", trustC.id, trustC.state)).id).toBe(trustC.id);

    // C still replicates; A no longer may.
    const again = await dispatch.create("ReplicationRule", { ...ruleFrom("C", "cri-emucadvanced0001"), syncRuleName: "second", __provider: PROVIDER_TEXT });
    await expect(dispatch.create("ReplicationRule", { ...ruleFrom("A", "cri-emuaadvanced0001"), __provider: PROVIDER_TEXT })).rejects.toThrow(/does not name the service principal/);

    // C leaves last: the role goes with its last principal.
    await dispatch.delete("ReplicationRule", again.id, { ...again.outs, __provider: PROVIDER_TEXT });
    await destroy(ruleC);
    await destroy(attachC);
    await destroy(policyC);
    await destroy(trustC);
    expect(await ramGetRole()).toBeUndefined();
    await destroy(namespace);
  });

  it("keeps principals and statements it did not add when it joins an existing role", async () => {
    const foreign = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid.B}:root`] } }] };
    await ramCall(emulator.endpoint, keys.B, "CreateRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE, AssumeRolePolicyDocument: JSON.stringify(foreign) });
    const trust = await create("CrossAccountTrust", { sourceAccountId: uid.A, connection: conn.B });
    expect(trust.state.createdRole).toBe(false);
    expect(trust.id).not.toMatch(/:kept$/);
    const doc = JSON.parse((await ramGetRole())!.AssumeRolePolicyDocument as string);
    expect(JSON.stringify(doc)).toContain(`acs:ram::${uid.B}:root`);
    expect(await trustedServices()).toEqual([`${uid.A}@cr.aliyuncs.com`]);
    await destroy(trust);
    // The role stays for its other principal, which is untouched.
    expect(JSON.parse((await ramGetRole())!.AssumeRolePolicyDocument as string)).toEqual(foreign);
    await ramCall(emulator.endpoint, keys.B, "DeleteRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE });
  });

  it("refuses to trust the destination account itself", async () => {
    await expect(dispatch.create("CrossAccountTrust", { sourceAccountId: uid.B, connection: conn.B, __provider: PROVIDER_TEXT })).rejects.toMatchObject({ field: "sourceAccountId" });
    expect(await ramGetRole()).toBeUndefined();
  });

  it("leaves a principal that was trusted before it came, and follows a new source account on update", async () => {
    const manual = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: [`${uid.C}@cr.aliyuncs.com`] } }] };
    await ramCall(emulator.endpoint, keys.B, "CreateRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE, AssumeRolePolicyDocument: JSON.stringify(manual) });
    const kept = await create("CrossAccountTrust", { sourceAccountId: uid.C, connection: conn.B });
    expect(kept.id).toMatch(/:kept$/);
    await destroy(kept);
    expect(await trustedServices()).toEqual([`${uid.C}@cr.aliyuncs.com`]);

    // A trust made through A's connection, then pointed at C's: C's principal is added, A's removed.
    const moving = await create("CrossAccountTrust", { sourceConnection: conn.A, connection: conn.B });
    expect(await trustedServices()).toEqual([`${uid.A}@cr.aliyuncs.com`, `${uid.C}@cr.aliyuncs.com`]);
    const news = { sourceConnection: conn.C, connection: conn.B, __provider: PROVIDER_TEXT };
    const updated = await dispatch.update("CrossAccountTrust", moving.id, moving.state, news);
    expect(await trustedServices()).toEqual([`${uid.C}@cr.aliyuncs.com`]);
    // Refresh reads the state the engine keeps after an update: the update's outputs.
    const refreshed = await dispatch.read("CrossAccountTrust", moving.id, { ...updated.outs, __provider: PROVIDER_TEXT });
    expect(refreshed.id).toBe(moving.id);
    expect(refreshed.props).toMatchObject({ principal: `${uid.C}@cr.aliyuncs.com`, targetAccountId: uid.B });
    await ramCall(emulator.endpoint, keys.B, "DeleteRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE });
  });
});
