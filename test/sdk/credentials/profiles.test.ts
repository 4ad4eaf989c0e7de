import { beforeEach, describe, expect, it } from "vitest";
import { createCredentialChain, type AssumeRoleFn, type Credentials } from "../../../sdk/credentials";
import { failure, profilePath, SECRET, TOKEN, useTempHome, writeProfiles } from "./helpers";

const home = useTempHome();

const PROFILES = [
  { name: "ak", mode: "AK", access_key_id: "AK1", access_key_secret: SECRET },
  { name: "sts", mode: "StsToken", access_key_id: "STS.1", access_key_secret: SECRET, sts_token: TOKEN },
  { name: "role", mode: "RamRoleArn", access_key_id: "AK2", access_key_secret: SECRET, ram_role_arn: "acs:ram::1000000000000001:role/deployer", ram_session_name: "ci", external_id: "ext-1", expired_seconds: 1800 },
  { name: "chain", mode: "chainableramrolearn", source_profile: "ak", ram_role_arn: "acs:ram::2000000000000002:role/x" },
  { name: "chain2", mode: "ChainableRamRoleArn", source_profile: "role", ram_role_arn: "acs:ram::3000000000000003:role/y", ram_session_name: "hop2" },
  { name: "loop1", mode: "ChainableRamRoleArn", source_profile: "loop2", ram_role_arn: "acs:ram::1:role/a" },
  { name: "loop2", mode: "ChainableRamRoleArn", source_profile: "loop1", ram_role_arn: "acs:ram::1:role/b" },
  { name: "self", mode: "ChainableRamRoleArn", source_profile: "self", ram_role_arn: "acs:ram::1:role/a" },
  { name: "ecs", mode: "EcsRamRole", ram_role_name: "r" },
  { name: "oidc", mode: "OIDC", oidc_provider_arn: "acs:ram::1:oidc-provider/p", ram_role_arn: "acs:ram::1:role/a" },
  { name: "half", mode: "AK", access_key_id: "AK3", access_key_secret: "" },
  { name: "notoken", mode: "StsToken", access_key_id: "STS.2", access_key_secret: SECRET },
  { name: "norole", mode: "RamRoleArn", access_key_id: "AK4", access_key_secret: SECRET },
  // Older CLI versions write every field, unset ones empty.
  { name: "legacy", mode: "AK", access_key_id: "AK5", access_key_secret: SECRET, sts_token: "", ram_role_arn: "", source_profile: "", expired_seconds: 0 },
  { name: "legacyrole", mode: "RamRoleArn", access_key_id: "AK6", access_key_secret: SECRET, ram_role_arn: "acs:ram::1:role/z", ram_session_name: "", external_id: "", expired_seconds: 0 },
];

/** Records each exchange and answers with a session whose key names the role, so hops can be traced. */
function recordingAssume() {
  const calls: Array<{ base: Credentials; roleArn: string; sessionName?: string; externalId?: string; durationSeconds?: number }> = [];
  const fn: AssumeRoleFn = async (base, o) => {
    calls.push({ base, roleArn: o.roleArn, sessionName: o.sessionName, externalId: o.externalId, durationSeconds: o.durationSeconds });
    return { accessKeyId: `STS.${o.roleArn.split("/")[1]}`, accessKeySecret: "s", securityToken: "t", expiration: new Date(Date.now() + 3600_000), source: "assumed" };
  };
  return { calls, fn };
}

describe("profiles in ~/.aliyun/config.json", () => {
  beforeEach(() => writeProfiles(home(), { current: "ak", profiles: PROFILES }));
  const chain = (profile: string, extra: object = {}) => createCredentialChain({ profile, env: {}, homeDir: home(), ...extra })();

  it("uses the current profile unless one is named", async () => {
    const creds = await createCredentialChain({ env: {}, homeDir: home() })();
    expect(creds).toMatchObject({ accessKeyId: "AK1", accessKeySecret: SECRET });
    expect(creds.securityToken).toBeUndefined();
  });

  it("selects a profile by option, then ALIBABA_CLOUD_PROFILE, then ALICLOUD_PROFILE", async () => {
    expect((await createCredentialChain({ profile: "sts", env: { ALIBABA_CLOUD_PROFILE: "ak" }, homeDir: home() })()).accessKeyId).toBe("STS.1");
    expect((await createCredentialChain({ env: { ALIBABA_CLOUD_PROFILE: "sts", ALICLOUD_PROFILE: "ak" }, homeDir: home() })()).accessKeyId).toBe("STS.1");
    expect((await createCredentialChain({ env: { ALICLOUD_PROFILE: "sts" }, homeDir: home() })()).accessKeyId).toBe("STS.1");
  });

  it("returns key, secret and token for a StsToken profile", async () => {
    expect(await chain("sts")).toMatchObject({ accessKeyId: "STS.1", accessKeySecret: SECRET, securityToken: TOKEN });
  });

  it("assumes the profile's role for RamRoleArn, with its session name, external ID and duration", async () => {
    const { calls, fn } = recordingAssume();
    const creds = await chain("role", { assumeRoleFn: fn });
    expect(creds.accessKeyId).toBe("STS.deployer");
    expect(calls).toEqual([
      { base: expect.objectContaining({ accessKeyId: "AK2", accessKeySecret: SECRET }), roleArn: "acs:ram::1000000000000001:role/deployer", sessionName: "ci", externalId: "ext-1", durationSeconds: 1800 },
    ]);
  });

  it("uses the source profile's keys for ChainableRamRoleArn, matching the mode case-insensitively", async () => {
    const { calls, fn } = recordingAssume();
    expect((await chain("chain", { assumeRoleFn: fn })).accessKeyId).toBe("STS.x");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ roleArn: "acs:ram::2000000000000002:role/x", base: { accessKeyId: "AK1" } });
  });

  it("assumes each role of a ChainableRamRoleArn chain in turn, each with the previous session", async () => {
    const { calls, fn } = recordingAssume();
    expect((await chain("chain2", { assumeRoleFn: fn })).accessKeyId).toBe("STS.y");
    expect(calls.map((c) => [c.base.accessKeyId, c.roleArn, c.sessionName])).toEqual([
      ["AK2", "acs:ram::1000000000000001:role/deployer", "ci"],
      ["STS.deployer", "acs:ram::3000000000000003:role/y", "hop2"],
    ]);
  });

  it("lets an explicit assumeRole replace the profile's own role, as Terraform's assume_role block does", async () => {
    const { calls, fn } = recordingAssume();
    await chain("role", { assumeRoleFn: fn, assumeRole: { roleArn: "acs:ram::9:role/override" } });
    expect(calls.map((c) => [c.base.accessKeyId, c.roleArn])).toEqual([["AK2", "acs:ram::9:role/override"]]);
  });

  it("treats the empty fields older CLI versions write as absent", async () => {
    const legacy = await chain("legacy");
    expect(legacy.accessKeyId).toBe("AK5");
    expect(legacy.securityToken).toBeUndefined();
    const { calls, fn } = recordingAssume();
    await chain("legacyrole", { assumeRoleFn: fn, now: () => new Date(1_700_000_000_000) });
    expect(calls[0]).toMatchObject({ sessionName: "pulumi-acr-ee-1700000000000", externalId: undefined, durationSeconds: undefined });
  });

  it("stops on a ChainableRamRoleArn cycle, naming the path", async () => {
    expect((await failure(chain("loop1"))).message).toBe(
      `profiles in ${profilePath(home())} form a cycle: loop1 -> loop2 -> loop1; point one source_profile at an AK or StsToken profile`,
    );
    expect((await failure(chain("self"))).message).toMatch(/cycle: self -> self/);
  });

  it("names the mode and the profile for unsupported modes", async () => {
    expect((await failure(chain("ecs"))).message).toBe(
      `profile "ecs" in ${profilePath(home())} uses mode EcsRamRole, which this provider does not support; use AK, StsToken, RamRoleArn or ChainableRamRoleArn, or pass keys explicitly`,
    );
    expect((await failure(chain("oidc"))).message).toMatch(/profile "oidc" in .* uses mode OIDC, which this provider does not support/);
  });

  it("stops on an unknown profile, listing the ones the file has", async () => {
    expect((await failure(chain("nope"))).message).toMatch(/^profile "nope" is not in .*config\.json \(profiles there: ak, sts, role, /);
  });

  it("stops on a profile missing what its mode needs", async () => {
    expect((await failure(chain("half"))).message).toMatch(/profile "half" in .* has no access_key_secret; run `aliyun configure --profile half`/);
    expect((await failure(chain("notoken"))).message).toMatch(/profile "notoken" in .* has mode StsToken but no sts_token/);
    expect((await failure(chain("norole"))).message).toMatch(/profile "norole" in .* has mode RamRoleArn but no ram_role_arn/);
  });
});
