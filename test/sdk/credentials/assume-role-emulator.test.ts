/** The default AssumeRole exchange against a real STS implementation: the emulator, on loopback. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients } from "../../../sdk/clients";
import { createCredentialChain } from "../../../sdk/credentials";
import { AcsError } from "../../../sdk/errors";
import { startEmulator } from "../../../emulator";
import { useTempHome } from "./helpers";

const home = useTempHome();

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let owner: { uid: string; accessKeyId: string; accessKeySecret: string; users: Array<{ name: string; accessKeyId: string; accessKeySecret: string }> };
/** Root accounts may not assume roles, so a RAM user allowed sts:AssumeRole does it. */
let user: { name: string; accessKeyId: string; accessKeySecret: string };

beforeAll(async () => {
  emulator = await startEmulator({});
  owner = emulator.seed.accounts[0];
  user = owner.users[0];
  const clients = createClients({ region: "cn-hangzhou", endpoints: { ram: emulator.endpoint }, credentials: async () => ({ ...owner, source: "test" }) });
  const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${owner.uid}:root`] } }] };
  await clients.ram.createRole({ RoleName: "deployer", AssumeRolePolicyDocument: JSON.stringify(trust) });
  await clients.ram.attachPolicyToUser({ PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: user.name });
  await clients.close();
});
afterAll(() => emulator?.stop());

describe("assuming a role through STS", () => {
  it("exchanges base keys for a session that the service recognises as the assumed role", async () => {
    const chain = createCredentialChain({
      accessKeyId: user.accessKeyId,
      accessKeySecret: user.accessKeySecret,
      assumeRole: { roleArn: `acs:ram::${owner.uid}:role/deployer`, sessionName: "ci-run", durationSeconds: 900 },
      stsEndpoint: emulator.endpoint,
      env: {},
      homeDir: home(),
    });
    const session = await chain();
    expect(session.accessKeyId).toMatch(/^STS\./);
    expect(session.securityToken).toBeTruthy();
    expect(session.expiration!.getTime() - Date.now()).toBeGreaterThan(800_000);
    expect(session.source).toContain("assumed role");

    const clients = createClients({ region: "cn-hangzhou", endpoints: { sts: emulator.endpoint }, credentials: chain });
    const identity = await clients.sts.getCallerIdentity();
    await clients.close();
    expect(identity.AccountId).toBe(owner.uid);
    expect(identity.Arn).toBe(`acs:ram::${owner.uid}:role/deployer/ci-run`);
    expect(identity.IdentityType).toBe("AssumedRoleUser");
  });

  it("surfaces the service's refusal for a role that does not exist, without leaking the secret", async () => {
    const chain = createCredentialChain({
      accessKeyId: user.accessKeyId,
      accessKeySecret: user.accessKeySecret,
      assumeRole: { roleArn: `acs:ram::${owner.uid}:role/missing` },
      stsEndpoint: emulator.endpoint,
      env: {},
      homeDir: home(),
    });
    const err = await chain().then(() => undefined, (e: unknown) => e);
    expect(AcsError.is(err)).toBe(true);
    expect((err as AcsError).operation).toBe("AssumeRole");
    expect((err as AcsError).httpStatus).toBeGreaterThanOrEqual(400);
    expect(String((err as Error).message)).not.toContain(user.accessKeySecret);
  });
});
