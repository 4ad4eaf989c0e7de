import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createCredentialChain } from "../../../sdk/credentials";
import { failure, profilePath, SECRET, TOKEN, useTempHome, writeProfiles } from "./helpers";

const home = useTempHome();
const goodProfile = { current: "ak", profiles: [{ name: "ak", mode: "AK", access_key_id: "AK1", access_key_secret: "x" }] };

describe("broken sources stop the chain", () => {
  it("gives the position of a JSON syntax error when the parser reports one", async () => {
    writeProfiles(home(), `{\n  "current": "p"\n  "profiles": []\n}`);
    expect((await failure(createCredentialChain({ env: {}, homeDir: home() })())).message).toMatch(/is not valid JSON \(line 3, column 3\); fix or remove it$/);
  });

  it("refuses a half-set environment pair instead of silently using a profile", async () => {
    writeProfiles(home(), goodProfile);
    const err = await failure(createCredentialChain({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "ID" }, homeDir: home() })());
    expect(err.message).toBe("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set but ALIBABA_CLOUD_ACCESS_KEY_ID is; set both, or unset both");
  });

  it("refuses a secret without its key id, and never prints the secret", async () => {
    const err = await failure(createCredentialChain({ env: { ALICLOUD_SECRET_KEY: SECRET, ALICLOUD_SECURITY_TOKEN: TOKEN }, homeDir: home() })());
    expect(err.message).toMatch(/^ALICLOUD_ACCESS_KEY is not set but ALICLOUD_SECRET_KEY is/);
  });

  it("refuses a half-set ALICLOUD_* pair even when ALIBABA_CLOUD_* is complete", async () => {
    const env = { ALICLOUD_ACCESS_KEY: "TF", ALIBABA_CLOUD_ACCESS_KEY_ID: "SDK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
    expect((await failure(createCredentialChain({ env, homeDir: home() })())).message).toMatch(/ALICLOUD_SECRET_KEY is not set/);
  });

  it("refuses explicit values with a key id or a secret missing", async () => {
    expect((await failure(createCredentialChain({ accessKeySecret: SECRET, securityToken: TOKEN, env: {}, homeDir: home() })())).message).toMatch(/accessKeyId is missing/);
    expect((await failure(createCredentialChain({ accessKeyId: "ID", env: {}, homeDir: home() })())).message).toMatch(/accessKeySecret is missing/);
  });

  it("names the file, but quotes none of it, when the profile file is not valid JSON", async () => {
    writeProfiles(home(), `{ "current": "p", "profiles": [{ "access_key_secret": ${SECRET} }] }`);
    const err = await failure(createCredentialChain({ env: {}, homeDir: home() })());
    expect(err.message.startsWith(`${profilePath(home())} is not valid JSON`)).toBe(true);
    expect(err.message).toMatch(/is not valid JSON( \(line \d+, column \d+\))?; fix or remove it$/);
  });

  it("names the file and the field when the profile file has the wrong shape", async () => {
    writeProfiles(home(), { current: "p", profiles: [{ name: "p", mode: "AK", access_key_id: "X", access_key_secret: 12345 }] });
    const err = await failure(createCredentialChain({ env: {}, homeDir: home() })());
    expect(err.message).toContain(profilePath(home()));
    expect(err.message).toMatch(/not a valid aliyun CLI config \(profiles\.0\.access_key_secret: .*string/);
    expect(err.message).not.toContain("12345");
  });

  it("refuses a requested profile when the file does not exist", async () => {
    const err = await failure(createCredentialChain({ env: { ALIBABA_CLOUD_PROFILE: "prod" }, homeDir: home() })());
    expect(err.message).toBe(`profile "prod" was requested but ${profilePath(home())} does not exist; create it with \`aliyun configure --profile prod\``);
  });

  it("refuses a profile file it cannot read instead of skipping it", async () => {
    fs.mkdirSync(profilePath(home()), { recursive: true }); // a directory where the file should be
    const err = await failure(createCredentialChain({ env: {}, homeDir: home() })());
    expect(err.message).toMatch(/^cannot read .*config\.json \(EISDIR\)/);
  });

  it("does not remember a failure: fixing the source fixes the next call", async () => {
    const env: NodeJS.ProcessEnv = { ALICLOUD_ACCESS_KEY: "ID" };
    const chain = createCredentialChain({ env, homeDir: home() });
    await failure(chain());
    env.ALICLOUD_SECRET_KEY = SECRET;
    expect((await chain()).accessKeyId).toBe("ID");
  });
});
