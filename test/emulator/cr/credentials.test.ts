import { describe, expect, it } from "vitest";
import { TEMP_USERNAME, verifyRegistryLogin } from "../../../emulator/cr";
import { A_ADV, A_STD, Harness, UID_A } from "./harness";

const PASSWORD = "Emu-Login-2026";

describe("CR login credentials", () => {
  it("stores only a hash of the login password and accepts it for the owner's name or UID", () => {
    const h = new Harness();
    expect(h.call("ResetLoginPassword", { InstanceId: A_ADV, Password: PASSWORD })).toEqual({});
    expect(JSON.stringify(h.state)).not.toContain(PASSWORD);
    expect(h.state.instances[A_ADV]!.loginPasswordHash).toMatch(/^scrypt\$/);
    expect(verifyRegistryLogin(h.state, A_ADV, "account-a", PASSWORD, h.now)).toMatchObject({ ok: true, via: "password", accountId: UID_A });
    expect(verifyRegistryLogin(h.state, A_ADV, UID_A, PASSWORD, h.now).ok).toBe(true);
    expect(verifyRegistryLogin(h.state, A_ADV, "account-a", "Wrong-Pass-1", h.now)).toEqual({ ok: false, reason: "bad-credentials" });
    expect(verifyRegistryLogin(h.state, A_ADV, "someone-else", PASSWORD, h.now).ok).toBe(false);
    // The password is per instance.
    expect(verifyRegistryLogin(h.state, A_STD, "account-a", PASSWORD, h.now).ok).toBe(false);
    expect(verifyRegistryLogin(h.state, "cri-nope", "account-a", PASSWORD, h.now)).toEqual({ ok: false, reason: "unknown-instance" });
    expect(h.authorizations).toEqual([["cr:ResetLoginPassword", `acs:cr:cn-hangzhou:${UID_A}:instance/${A_ADV}`]]);
  });

  it("replaces the old password on reset", () => {
    const h = new Harness();
    h.call("ResetLoginPassword", { InstanceId: A_ADV, Password: PASSWORD });
    h.call("ResetLoginPassword", { InstanceId: A_ADV, Password: "Another-Pass-9" });
    expect(verifyRegistryLogin(h.state, A_ADV, "account-a", PASSWORD, h.now).ok).toBe(false);
    expect(verifyRegistryLogin(h.state, A_ADV, "account-a", "Another-Pass-9", h.now).ok).toBe(true);
  });

  it.each([
    ["Ab1!xyz", "7 characters"],
    ["A1!" + "x".repeat(30), "33 characters"],
    ["onlyletters", "one character class"],
    ["12345678", "digits only"],
    ["with space 1", "a space"],
    ["pässwort12", "non-ASCII"],
  ])("refuses the password %j (%s) without echoing it", (password) => {
    const error = new Harness().fail("ResetLoginPassword", { InstanceId: A_ADV, Password: password }, "PASSWORD_INVALID");
    expect(error.message).not.toContain(password);
  });

  it.each(["abcdefg1", "!!!!!!!a", "12345678!", "Ab1!xyzw" + "z".repeat(24)])("accepts the password %j", (password) => {
    const h = new Harness();
    h.call("ResetLoginPassword", { InstanceId: A_ADV, Password: password });
    expect(verifyRegistryLogin(h.state, A_ADV, UID_A, password, h.now).ok).toBe(true);
  });

  it("issues a one-hour token for the temporary user that stops working when it expires", () => {
    const h = new Harness();
    const body = h.call("GetAuthorizationToken", { InstanceId: A_ADV });
    expect(body.TempUsername).toBe(TEMP_USERNAME);
    expect(body.ExpireTime).toBe(h.now + 3_600_000);
    const token = body.AuthorizationToken as string;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(h.state)).not.toContain(token);
    expect(h.changes).toBe(1);
    expect(h.authorizations).toEqual([["cr:GetAuthorizationToken", "*"]]);
    expect(verifyRegistryLogin(h.state, A_ADV, TEMP_USERNAME, token, h.now + 3_599_999)).toMatchObject({
      ok: true,
      via: "token",
      accountId: UID_A,
      principalArn: `acs:ram::${UID_A}:root`,
    });
    expect(verifyRegistryLogin(h.state, A_ADV, TEMP_USERNAME, token, h.now + 3_600_000).ok).toBe(false);
    expect(verifyRegistryLogin(h.state, A_STD, TEMP_USERNAME, token, h.now).ok).toBe(false);
  });

  it("carries the calling RAM user's identity in the token", () => {
    const h = new Harness();
    const arn = `acs:ram::${UID_A}:user/dev`;
    const body = h.call("GetAuthorizationToken", { InstanceId: A_ADV, ExpiresInHours: 24 }, { principal: { kind: "user", arn, userName: "dev" } });
    expect(body.ExpireTime).toBe(h.now + 24 * 3_600_000);
    expect(verifyRegistryLogin(h.state, A_ADV, TEMP_USERNAME, body.AuthorizationToken as string, h.now)).toMatchObject({ principalArn: arn });
  });

  it("refuses ExpiresInHours outside 1–24 and unknown instances", () => {
    const h = new Harness();
    h.fail("GetAuthorizationToken", { InstanceId: A_ADV, ExpiresInHours: 0 }, "PARAM_INVALID");
    h.fail("GetAuthorizationToken", { InstanceId: A_ADV, ExpiresInHours: 25 }, "PARAM_INVALID");
    h.fail("GetAuthorizationToken", { InstanceId: A_ADV, ExpiresInHours: 1.5 }, "InvalidParameter");
    h.fail("GetAuthorizationToken", { InstanceId: "cri-nope" }, "INSTANCE_NOT_EXIST");
    h.fail("ResetLoginPassword", { InstanceId: A_ADV }, "MissingParameter");
  });

  it("forgets expired tokens and keeps at most 100 per instance", () => {
    const h = new Harness();
    h.call("GetAuthorizationToken", { InstanceId: A_ADV });
    h.now += 2 * 3_600_000;
    for (let i = 0; i < 105; i++) h.call("GetAuthorizationToken", { InstanceId: A_ADV });
    const tokens = h.state.instances[A_ADV]!.authTokens;
    expect(tokens).toHaveLength(100);
    expect(tokens.every((t) => t.expireTime > h.now)).toBe(true);
  });
});
