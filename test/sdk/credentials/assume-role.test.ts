import { describe, expect, it, vi } from "vitest";
import { createCredentialChain, REFRESH_MARGIN_MS, type AssumeRoleFn, type CredentialChainOptions } from "../../../sdk/credentials";
import { CredentialsError } from "../../../sdk/errors";
import { failure, SECRET, TOKEN, useTempHome } from "./helpers";

const home = useTempHome();
const ROLE = "acs:ram::1000000000000001:role/deployer";

function chainWith(extra: Partial<CredentialChainOptions>) {
  return createCredentialChain({ accessKeyId: "AK", accessKeySecret: SECRET, securityToken: TOKEN, env: {}, homeDir: home(), ...extra });
}

describe("assumed-role sessions", () => {
  it("passes the base credentials and every role setting to the exchange", async () => {
    const fn = vi.fn<AssumeRoleFn>(async () => ({ accessKeyId: "STS.a", accessKeySecret: "s", source: "assumed" }));
    const assumeRole = { roleArn: ROLE, sessionName: "deploy", externalId: "ext-42", durationSeconds: 7200, policy: '{"Version":"1","Statement":[]}' };
    await chainWith({ assumeRoleFn: fn, assumeRole, stsEndpoint: "http://127.0.0.1:1/", region: "cn-shanghai" })();
    expect(fn).toHaveBeenCalledOnce();
    expect(fn.mock.calls[0][0]).toEqual({ accessKeyId: "AK", accessKeySecret: SECRET, securityToken: TOKEN, source: "explicit" });
    expect(fn.mock.calls[0][1]).toEqual({ ...assumeRole, stsEndpoint: "http://127.0.0.1:1/", region: "cn-shanghai" });
  });

  it("names the session pulumi-acr-ee-<epoch ms> when no session name is given", async () => {
    const fn = vi.fn<AssumeRoleFn>(async () => ({ accessKeyId: "STS.a", accessKeySecret: "s", source: "assumed" }));
    await chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE }, now: () => new Date("2026-03-01T12:00:00.123Z") })();
    expect(fn.mock.calls[0][1].sessionName).toBe(`pulumi-acr-ee-${Date.parse("2026-03-01T12:00:00.123Z")}`);
  });

  it("accepts durations 900 and 43200 and refuses anything outside them, before calling STS", async () => {
    const fn = vi.fn<AssumeRoleFn>(async () => ({ accessKeyId: "STS.a", accessKeySecret: "s", source: "assumed" }));
    for (const ok of [900, 43200]) await chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE, durationSeconds: ok } })();
    expect(fn).toHaveBeenCalledTimes(2);
    for (const bad of [899, 43201, 1000.5]) {
      const err = await failure(chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE, durationSeconds: bad } })());
      expect(err.message).toBe(`assumeRole.durationSeconds must be a whole number from 900 to 43200, got ${bad}`);
    }
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("refuses a malformed role ARN, session name or external ID before calling STS, without echoing the external ID", async () => {
    const fn = vi.fn<AssumeRoleFn>();
    const role = (o: object) => chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE, ...o } })();
    expect((await failure(role({ roleArn: "arn:aws:iam::1:role/r" }))).message).toMatch(/"arn:aws:iam::1:role\/r" is not a role ARN; expected acs:ram::<accountId>:role\/<roleName>/);
    expect((await failure(role({ sessionName: "a" }))).message).toMatch(/sessionName must be 2-64/);
    expect((await failure(role({ sessionName: "has space" }))).message).toMatch(/sessionName must be 2-64/);
    const ext = await failure(role({ externalId: `${SECRET} bad` }));
    expect(ext.message).toMatch(/externalId must be 2-1224 characters/);
    expect(fn).not.toHaveBeenCalled();
  });

  it("shares one exchange among concurrent callers", async () => {
    let exchanges = 0;
    const fn: AssumeRoleFn = async () => {
      exchanges++;
      await new Promise((r) => setTimeout(r, 20));
      return { accessKeyId: `STS.${exchanges}`, accessKeySecret: "s", securityToken: "t", expiration: new Date(Date.now() + 3600_000), source: "assumed" };
    };
    const chain = chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE } });
    const all = await Promise.all(Array.from({ length: 25 }, () => chain()));
    expect(exchanges).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["STS.1"]));
  });

  it("reuses the session until 5 minutes before it expires, then refreshes it once", async () => {
    let clock = new Date("2026-01-01T00:00:00Z");
    const expiresAt = (n: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + n * 3600_000);
    let exchanges = 0;
    const fn: AssumeRoleFn = async () => {
      exchanges++;
      return { accessKeyId: `STS.${exchanges}`, accessKeySecret: "s", securityToken: "t", expiration: expiresAt(exchanges), source: "assumed" };
    };
    const chain = chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE }, now: () => clock });
    expect((await chain()).accessKeyId).toBe("STS.1");

    clock = new Date(expiresAt(1).getTime() - REFRESH_MARGIN_MS - 1000); // just before the margin
    expect((await chain()).accessKeyId).toBe("STS.1");
    clock = new Date(expiresAt(1).getTime() - REFRESH_MARGIN_MS + 1000); // inside the last 5 minutes
    const refreshed = await Promise.all([chain(), chain(), chain()]);
    expect(refreshed.map((c) => c.accessKeyId)).toEqual(["STS.2", "STS.2", "STS.2"]);
    expect(exchanges).toBe(2);
    expect(REFRESH_MARGIN_MS).toBe(300_000);
  });

  it("retries resolution after a failed exchange instead of caching the failure", async () => {
    let n = 0;
    const fn: AssumeRoleFn = async () => {
      if (++n === 1) throw new CredentialsError("boom");
      return { accessKeyId: "STS.ok", accessKeySecret: "s", source: "assumed", expiration: new Date(Date.now() + 3600_000) };
    };
    const chain = chainWith({ assumeRoleFn: fn, assumeRole: { roleArn: ROLE } });
    expect((await failure(chain())).message).toBe("boom");
    expect((await chain()).accessKeyId).toBe("STS.ok");
    expect(n).toBe(2);
  });
});
