import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { clientsFor, expectRegistryError, INSTANCE, OTHER_INSTANCE, pushImage, startHarness, type Harness } from "./harness";

let h: Harness;
const image = randomImage({ layers: 1 });

beforeAll(async () => {
  h = await startHarness();
  await pushImage(h.client(h.owner), "auto/team", "v1", image);
});
afterAll(() => h?.close());

describe("registry identities beyond the owner", () => {
  it("gives a role session's temporary token only what the role's policies allow", async () => {
    const uid = h.emulator.seed.accounts[0]!.uid;
    const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:root`] } }] };
    await h.cr.ram.createRole({ RoleName: "puller", AssumeRolePolicyDocument: JSON.stringify(trust) });
    const policy = {
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: "cr:PullRepository", Resource: `acs:cr:*:*:repository/${INSTANCE}/auto/team` },
        { Effect: "Allow", Action: "cr:GetAuthorizationToken", Resource: "*" },
      ],
    };
    await h.cr.ram.createPolicy({ PolicyName: "team-pull", PolicyDocument: JSON.stringify(policy) });
    await h.cr.ram.attachPolicyToRole({ PolicyType: "Custom", PolicyName: "team-pull", RoleName: "puller" });
    // Root may not assume roles: the seed's RAM user does, with the system STS policy.
    await h.cr.ram.attachPolicyToUser({ PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: "dev" });
    const dev = clientsFor(h.emulator, h.emulator.seed.accounts[0]!.users[0]!);
    const assumed = await dev.sts.assumeRole({ RoleArn: `acs:ram::${uid}:role/puller`, RoleSessionName: "ci" }).finally(() => dev.close());
    const session = clientsFor(h.emulator, {
      accessKeyId: assumed.Credentials.AccessKeyId,
      accessKeySecret: assumed.Credentials.AccessKeySecret,
      securityToken: assumed.Credentials.SecurityToken,
    });
    try {
      const token = await session.cr.getAuthorizationToken({ InstanceId: INSTANCE });
      const credentials = { username: token.TempUsername, password: token.AuthorizationToken };
      expect((await h.client(credentials).getManifest("auto/team", "v1")).digest).toBe(image.manifest.digest);
      await expectRegistryError(h.client(credentials).listTags("auto/private-other"), 403, "DENIED");
      await expectRegistryError(pushImage(h.client(credentials), "auto/team", "v2", randomImage()), 403, "DENIED");
    } finally {
      await session.close();
    }
  });

  it("lets the system credentials push and pull on every instance, and nothing else log in with that user name", async () => {
    const system = h.emulator.dataPlane.systemCredentials;
    expect(system.password.length).toBeGreaterThanOrEqual(24);
    // Account A's other instance has no namespace yet: the system login still obeys the CR rules.
    await expectRegistryError(pushImage(h.client(system, OTHER_INSTANCE), "auto/copy", "v1", image), 404, "NAME_UNKNOWN");
    expect((await h.client(system).getManifest("auto/team", "v1")).digest).toBe(image.manifest.digest);
    await pushImage(h.client(system), "auto/by-system", "v1", image);
    expect(await h.client(h.owner).listTags("auto/by-system")).toEqual(["v1"]);
    const forged = { username: system.username, password: `${system.password}x` };
    const refused = await h.client(forged).listTags("auto/team").catch((e: { status?: number }) => e.status);
    expect(refused).toBe(401);
    // Never persisted: the state dump does not carry it.
    expect(JSON.stringify(h.emulator.admin.state())).not.toContain(system.password);
  });
});
