import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCredentialChain, REFRESH_MARGIN_MS, type AssumeRoleFn, type Credentials } from "../../../sdk/credentials";
import { CredentialsError } from "../../../sdk/errors";

const SECRET = "S3cretValueNeverPrinted";
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "acr-creds-home-"));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function writeProfiles(config: unknown): void {
  fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
  fs.writeFileSync(path.join(home, ".aliyun", "config.json"), typeof config === "string" ? config : JSON.stringify(config));
}

async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(CredentialsError.is(err), `expected a CredentialsError, got ${String(err)}`).toBe(true);
  expect(String((err as Error).message)).not.toContain(SECRET);
  return err as CredentialsError;
}

describe("credential chain order", () => {
  it("prefers explicit values over the environment and profiles", async () => {
    writeProfiles({ current: "p", profiles: [{ name: "p", mode: "AK", access_key_id: "PROFILE", access_key_secret: "x" }] });
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "y" };
    const creds = await createCredentialChain({ accessKeyId: "EXPLICIT", accessKeySecret: SECRET, env, homeDir: home })();
    expect(creds).toMatchObject({ accessKeyId: "EXPLICIT", source: "explicit" });
  });

  it("reads ALICLOUD_* before ALIBABA_CLOUD_*, as @pulumi/alicloud and Terraform do", async () => {
    const env = {
      ALICLOUD_ACCESS_KEY: "TF", ALICLOUD_SECRET_KEY: "a", ALICLOUD_SECURITY_TOKEN: "tok",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "SDK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b",
    };
    expect(await createCredentialChain({ env, homeDir: home })()).toMatchObject({ accessKeyId: "TF", securityToken: "tok", source: "env ALICLOUD_ACCESS_KEY" });
    const sdkOnly = { ALIBABA_CLOUD_ACCESS_KEY_ID: "SDK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b", ALIBABA_CLOUD_SECURITY_TOKEN: "t2" };
    expect(await createCredentialChain({ env: sdkOnly, homeDir: home })()).toMatchObject({ accessKeyId: "SDK", securityToken: "t2" });
  });

  it("falls back to the current profile when nothing else is set", async () => {
    writeProfiles({ current: "dev", profiles: [{ name: "dev", mode: "AK", access_key_id: "DEV", access_key_secret: SECRET }] });
    const creds = await createCredentialChain({ env: {}, homeDir: home })();
    expect(creds.accessKeyId).toBe("DEV");
    expect(creds.source).toContain(`profile "dev"`);
  });

  it("lists every source it tried, without secrets, when nothing is found", async () => {
    const err = await failure(createCredentialChain({ env: {}, homeDir: home })());
    expect(err.tried).toHaveLength(3);
    expect(err.message).toMatch(/explicit: no accessKeyId/);
    expect(err.message).toMatch(/ALICLOUD_ACCESS_KEY\/ALICLOUD_SECRET_KEY/);
    expect(err.message).toContain(path.join(home, ".aliyun", "config.json"));
  });
});

describe("profiles in ~/.aliyun/config.json", () => {
  const profiles = [
    { name: "ak", mode: "AK", access_key_id: "AK1", access_key_secret: SECRET },
    { name: "sts", mode: "StsToken", access_key_id: "STS.1", access_key_secret: SECRET, sts_token: "tok" },
    { name: "role", mode: "RamRoleArn", access_key_id: "AK2", access_key_secret: SECRET, ram_role_arn: "acs:ram::1000000000000001:role/deployer", ram_session_name: "ci", expired_seconds: 1800 },
    { name: "chain", mode: "chainableramrolearn", source_profile: "ak", ram_role_arn: "acs:ram::2000000000000002:role/x" },
    { name: "loop1", mode: "ChainableRamRoleArn", source_profile: "loop2", ram_role_arn: "acs:ram::1:role/a" },
    { name: "loop2", mode: "ChainableRamRoleArn", source_profile: "loop1", ram_role_arn: "acs:ram::1:role/b" },
    { name: "ecs", mode: "EcsRamRole", ram_role_name: "r" },
    { name: "half", mode: "AK", access_key_id: "AK3" },
  ];
  beforeEach(() => writeProfiles({ current: "ak", profiles }));

  const recordingAssume = () => {
    const calls: Array<{ base: Credentials; roleArn: string; sessionName?: string; durationSeconds?: number }> = [];
    const fn: AssumeRoleFn = async (base, o) => {
      calls.push({ base, roleArn: o.roleArn, sessionName: o.sessionName, durationSeconds: o.durationSeconds });
      return { accessKeyId: "STS.assumed", accessKeySecret: "s", securityToken: "t", expiration: new Date(Date.now() + 3600_000), source: "assumed" };
    };
    return { calls, fn };
  };

  it("selects a profile by option, then ALIBABA_CLOUD_PROFILE, then ALICLOUD_PROFILE", async () => {
    expect((await createCredentialChain({ profile: "sts", env: {}, homeDir: home })()).securityToken).toBe("tok");
    expect((await createCredentialChain({ env: { ALIBABA_CLOUD_PROFILE: "sts", ALICLOUD_PROFILE: "ak" }, homeDir: home })()).accessKeyId).toBe("STS.1");
    expect((await createCredentialChain({ env: { ALICLOUD_PROFILE: "sts" }, homeDir: home })()).accessKeyId).toBe("STS.1");
  });

  it("assumes the profile's role for RamRoleArn, with its session name and duration", async () => {
    const { calls, fn } = recordingAssume();
    const creds = await createCredentialChain({ profile: "role", env: {}, homeDir: home, assumeRoleFn: fn })();
    expect(creds.accessKeyId).toBe("STS.assumed");
    expect(calls).toEqual([expect.objectContaining({ roleArn: "acs:ram::1000000000000001:role/deployer", sessionName: "ci", durationSeconds: 1800 })]);
    expect(calls[0].base.accessKeyId).toBe("AK2");
  });

  it("uses the source profile's keys for ChainableRamRoleArn, matching the mode case-insensitively", async () => {
    const { calls, fn } = recordingAssume();
    await createCredentialChain({ profile: "chain", env: {}, homeDir: home, assumeRoleFn: fn })();
    expect(calls[0]).toMatchObject({ roleArn: "acs:ram::2000000000000002:role/x", base: { accessKeyId: "AK1" } });
  });

  it("stops with a clear error on a profile cycle, an unknown profile, an unsupported mode or a missing secret", async () => {
    expect((await failure(createCredentialChain({ profile: "loop1", env: {}, homeDir: home })())).message).toMatch(/cycle: loop1 -> loop2 -> loop1/);
    expect((await failure(createCredentialChain({ profile: "nope", env: {}, homeDir: home })())).message).toMatch(/profile "nope" is not in .*profiles there: ak, sts/);
    expect((await failure(createCredentialChain({ profile: "ecs", env: {}, homeDir: home })())).message).toMatch(/mode EcsRamRole, which this provider does not support/);
    expect((await failure(createCredentialChain({ profile: "half", env: {}, homeDir: home })())).message).toMatch(/lacks access_key_id or access_key_secret/);
  });
});

describe("broken sources stop the chain", () => {
  it("refuses a half-set environment pair instead of silently using a profile", async () => {
    writeProfiles({ current: "ak", profiles: [{ name: "ak", mode: "AK", access_key_id: "AK1", access_key_secret: "x" }] });
    const err = await failure(createCredentialChain({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "ID" }, homeDir: home })());
    expect(err.message).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set but ALIBABA_CLOUD_ACCESS_KEY_ID is/);
  });

  it("names the file when the profile file is not valid JSON", async () => {
    writeProfiles("{ not json");
    const err = await failure(createCredentialChain({ env: {}, homeDir: home })());
    expect(err.message).toContain(path.join(home, ".aliyun", "config.json"));
    expect(err.message).toMatch(/not a valid aliyun CLI config/);
  });

  it("refuses a requested profile when the file does not exist", async () => {
    const err = await failure(createCredentialChain({ env: { ALIBABA_CLOUD_PROFILE: "prod" }, homeDir: home })());
    expect(err.message).toMatch(/profile "prod" was requested but .* does not exist/);
  });

  it("refuses an explicit key without its secret, and never prints the secret it was given", async () => {
    expect((await failure(createCredentialChain({ accessKeySecret: SECRET, env: {}, homeDir: home })())).message).toMatch(/accessKeyId is missing/);
  });
});

describe("assumed-role sessions", () => {
  const base = { accessKeyId: "AK", accessKeySecret: SECRET, env: {}, homeDir: home };

  it("validates duration, ARN and session name before calling STS", async () => {
    const fn = vi.fn<AssumeRoleFn>();
    const role = (o: object) => createCredentialChain({ ...base, homeDir: home, assumeRoleFn: fn, assumeRole: { roleArn: "acs:ram::1:role/r", ...o } })();
    expect((await failure(role({ durationSeconds: 899 }))).message).toMatch(/durationSeconds must be a whole number from 900 to 43200, got 899/);
    expect((await failure(role({ durationSeconds: 43201 }))).message).toMatch(/got 43201/);
    expect((await failure(role({ roleArn: "arn:aws:iam::1:role/r" }))).message).toMatch(/is not a role ARN/);
    expect((await failure(role({ sessionName: "a" }))).message).toMatch(/sessionName must be 2-64/);
    expect(fn).not.toHaveBeenCalled();
  });

  it("shares one exchange among concurrent callers and refreshes 5 minutes before expiry", async () => {
    let clock = new Date("2026-01-01T00:00:00Z");
    let exchanges = 0;
    const fn: AssumeRoleFn = async () => {
      exchanges++;
      await new Promise((r) => setTimeout(r, 10));
      return { accessKeyId: `STS.${exchanges}`, accessKeySecret: "s", securityToken: "t", expiration: new Date(clock.getTime() + 3600_000), source: "assumed" };
    };
    const chain = createCredentialChain({ ...base, homeDir: home, assumeRoleFn: fn, assumeRole: { roleArn: "acs:ram::1:role/r" }, now: () => clock });
    const all = await Promise.all(Array.from({ length: 20 }, () => chain()));
    expect(exchanges).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["STS.1"]));

    clock = new Date(clock.getTime() + 3600_000 - REFRESH_MARGIN_MS - 1000); // just outside the margin
    expect((await chain()).accessKeyId).toBe("STS.1");
    clock = new Date(clock.getTime() + 2000); // inside the last 5 minutes
    expect((await chain()).accessKeyId).toBe("STS.2");
    expect(exchanges).toBe(2);
  });

  it("retries resolution after a failed exchange instead of caching the failure", async () => {
    let n = 0;
    const fn: AssumeRoleFn = async () => {
      if (++n === 1) throw new CredentialsError("boom");
      return { accessKeyId: "STS.ok", accessKeySecret: "s", source: "assumed", expiration: new Date(Date.now() + 3600_000) };
    };
    const chain = createCredentialChain({ ...base, homeDir: home, assumeRoleFn: fn, assumeRole: { roleArn: "acs:ram::1:role/r" } });
    await failure(chain());
    expect((await chain()).accessKeyId).toBe("STS.ok");
  });
});
