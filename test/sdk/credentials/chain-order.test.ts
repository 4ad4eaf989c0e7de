import { afterEach, describe, expect, it, vi } from "vitest";
import { createCredentialChain } from "../../../sdk/credentials";
import { failure, profilePath, SECRET, TOKEN, useTempHome, writeProfiles } from "./helpers";

const home = useTempHome();
const akProfile = (id: string) => ({ current: "p", profiles: [{ name: "p", mode: "AK", access_key_id: id, access_key_secret: SECRET }] });

describe("credential chain order", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("prefers explicit values over the environment and profiles", async () => {
    writeProfiles(home(), akProfile("PROFILE"));
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
    const creds = await createCredentialChain({ accessKeyId: "EXPLICIT", accessKeySecret: SECRET, securityToken: TOKEN, env, homeDir: home() })();
    expect(creds).toEqual({ accessKeyId: "EXPLICIT", accessKeySecret: SECRET, securityToken: TOKEN, source: "explicit" });
  });

  it("prefers the environment over the profile file", async () => {
    writeProfiles(home(), akProfile("PROFILE"));
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
    expect(await createCredentialChain({ env, homeDir: home() })()).toMatchObject({ accessKeyId: "ENV", source: "env ALIBABA_CLOUD_ACCESS_KEY_ID" });
  });

  it("reads ALICLOUD_* before ALIBABA_CLOUD_*, as @pulumi/alicloud and Terraform do", async () => {
    const env = {
      ALICLOUD_ACCESS_KEY: "TF",
      ALICLOUD_SECRET_KEY: "a",
      ALICLOUD_SECURITY_TOKEN: "tok",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "SDK",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b",
    };
    expect(await createCredentialChain({ env, homeDir: home() })()).toMatchObject({ accessKeyId: "TF", accessKeySecret: "a", securityToken: "tok", source: "env ALICLOUD_ACCESS_KEY" });
  });

  it("reads the ALIBABA_CLOUD_* family, token included, when ALICLOUD_* is unset", async () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "SDK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b", ALIBABA_CLOUD_SECURITY_TOKEN: "t2" };
    expect(await createCredentialChain({ env, homeDir: home() })()).toMatchObject({ accessKeyId: "SDK", accessKeySecret: "b", securityToken: "t2" });
  });

  it("does not mix families: a token of the other family is ignored", async () => {
    const env = { ALICLOUD_ACCESS_KEY: "TF", ALICLOUD_SECRET_KEY: "a", ALIBABA_CLOUD_SECURITY_TOKEN: "t2" };
    expect((await createCredentialChain({ env, homeDir: home() })()).securityToken).toBeUndefined();
  });

  it("falls back to the current profile when nothing else is set", async () => {
    writeProfiles(home(), { current: "dev", profiles: [{ name: "dev", mode: "AK", access_key_id: "DEV", access_key_secret: SECRET }] });
    const creds = await createCredentialChain({ env: {}, homeDir: home() })();
    expect(creds.accessKeyId).toBe("DEV");
    expect(creds.source).toBe(`profile "dev" in ${profilePath(home())}`);
  });

  it("finds the profile file under HOME as it is when resolving, not when the chain was built", async () => {
    const chain = createCredentialChain({ env: {} });
    writeProfiles(home(), akProfile("FROM_HOME"));
    vi.stubEnv("HOME", home());
    expect((await chain()).accessKeyId).toBe("FROM_HOME");
  });

  it("reads the default environment at resolve time", async () => {
    const chain = createCredentialChain({ homeDir: home() });
    vi.stubEnv("ALICLOUD_ACCESS_KEY", "LATE");
    vi.stubEnv("ALICLOUD_SECRET_KEY", SECRET);
    expect((await chain()).accessKeyId).toBe("LATE");
  });

  it("caches long-lived keys: later changes to the environment are not seen", async () => {
    const env: NodeJS.ProcessEnv = { ALICLOUD_ACCESS_KEY: "FIRST", ALICLOUD_SECRET_KEY: SECRET };
    const chain = createCredentialChain({ env, homeDir: home() });
    expect((await chain()).accessKeyId).toBe("FIRST");
    env.ALICLOUD_ACCESS_KEY = "SECOND";
    expect((await chain()).accessKeyId).toBe("FIRST");
  });

  it("lists every source it tried, without secrets, when nothing is found", async () => {
    const err = await failure(createCredentialChain({ env: {}, homeDir: home() })());
    expect(err.tried).toEqual([
      "explicit: no accessKeyId/accessKeySecret given",
      "environment: neither ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY nor ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET is set",
      `profile file: ${profilePath(home())} does not exist`,
    ]);
    expect(err.message).toMatch(/no Alibaba Cloud credentials found/);
    expect(err.message).toContain(profilePath(home()));
  });

  it("says the profile file names no current profile when that is why it was skipped", async () => {
    writeProfiles(home(), { profiles: [{ name: "p", mode: "AK", access_key_id: "X", access_key_secret: SECRET }] });
    const err = await failure(createCredentialChain({ env: {}, homeDir: home() })());
    expect(err.tried[2]).toBe(`profile file: ${profilePath(home())} names no current profile`);
  });
});
