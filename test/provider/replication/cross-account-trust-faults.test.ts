/**
 * CrossAccountTrust when RAM does the work but the answer is lost (the connection resets after the
 * commit): the next read decides, the principal counts as added by this resource (so delete removes
 * it again), and nothing is made twice. The R1 fault stack met exactly this on CreateRole.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeAllClients } from "../../../provider/clients";
import { CROSS_ACCOUNT_SYNC_ROLE } from "../../../provider/resources/cross-account-trust/args";
import { ramCall } from "../../emulator/cr/official-drivers";
import { dispatch, PROVIDER_TEXT } from "../harness";

type Bag = Record<string, unknown>;

let emulator: RunningEmulator;
let connA: Bag;
let connB: Bag;
let keysB: { accessKeyId: string; accessKeySecret: string };
let principalA: string;

beforeAll(async () => {
  emulator = await startEmulator({});
  const [a, b] = emulator.seed.accounts;
  const endpoints = { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint };
  connA = { region: "cn-hangzhou", accessKey: a!.accessKeyId, secretKey: a!.accessKeySecret, endpoints };
  connB = { region: "cn-shanghai", accessKey: b!.accessKeyId, secretKey: b!.accessKeySecret, endpoints };
  keysB = b!;
  principalA = `${a!.uid}@cr.aliyuncs.com`;
});
afterEach(() => emulator.admin.setFaults({}));
afterAll(async () => {
  dispatch.resetConfiguration();
  await closeAllClients();
  await emulator.stop();
});

async function trustedServices(): Promise<string[] | undefined> {
  try {
    const role = (await ramCall(emulator.endpoint, keysB, "GetRole", { RoleName: CROSS_ACCOUNT_SYNC_ROLE })).Role as Bag;
    const doc = JSON.parse(role.AssumeRolePolicyDocument as string) as { Statement: Array<{ Principal?: { Service?: string[] | string } }> };
    return doc.Statement.flatMap((s) => ([] as string[]).concat(s.Principal?.Service ?? [])).sort();
  } catch {
    return undefined;
  }
}

async function createTrust(): Promise<{ id: string; state: Bag }> {
  const bag = { sourceConnection: connA, connection: connB, __provider: PROVIDER_TEXT };
  expect((await dispatch.check("CrossAccountTrust", {}, bag)).failures).toEqual([]);
  const created = await dispatch.create("CrossAccountTrust", bag);
  return { id: created.id, state: { ...created.outs, __provider: PROVIDER_TEXT } };
}

describe("CrossAccountTrust with RAM answers lost after the work was done", () => {
  it("creates the role once when CreateRole's answer is lost, owns it, and removes it when DeleteRole's answer is lost too", async () => {
    emulator.admin.setFaults({ actions: { CreateRole: { resetAfterCommitRate: 1 } } });
    const trust = await createTrust();
    expect(trust.state).toMatchObject({ createdRole: true, principal: principalA });
    expect(trust.id).toBe(`${CROSS_ACCOUNT_SYNC_ROLE}:${principalA.split("@")[0]}`);
    expect(await trustedServices()).toEqual([principalA]);

    emulator.admin.setFaults({ actions: { DeleteRole: { resetAfterCommitRate: 1 } } });
    await dispatch.delete("CrossAccountTrust", trust.id, trust.state);
    expect(await trustedServices()).toBeUndefined();
  });

  it("counts the principal as its own when UpdateRole's answer is lost, so delete takes it out again", async () => {
    // Another source account already has the role; A joins it through UpdateRole.
    await ramCall(emulator.endpoint, keysB, "CreateRole", {
      RoleName: CROSS_ACCOUNT_SYNC_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["3000000000000003@cr.aliyuncs.com"] } }] }),
    });
    emulator.admin.setFaults({ actions: { UpdateRole: { resetAfterCommitRate: 1 } } });
    const trust = await createTrust();
    expect(trust.state).toMatchObject({ createdRole: false, principal: principalA });
    expect(trust.id).toBe(`${CROSS_ACCOUNT_SYNC_ROLE}:${principalA.split("@")[0]}`);
    expect(await trustedServices()).toEqual(["3000000000000003@cr.aliyuncs.com", principalA].sort());

    await dispatch.delete("CrossAccountTrust", trust.id, trust.state);
    expect(await trustedServices()).toEqual(["3000000000000003@cr.aliyuncs.com"]);
  });
});
