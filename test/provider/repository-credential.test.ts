import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyRegistryLogin, type CrState } from "../../emulator/cr";
import { clientsFor } from "../../provider/clients";
import { PartialCreateError } from "../../provider/errors";
import { fetchAuthorizationToken, parseAuthorizationTokenArgs } from "../../provider/resources/authorization-token/fetch";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await h.crAsA("CreateNamespace", { InstanceId: h.instanceA, NamespaceName: "apps" });
});
afterAll(() => h.stop());

const p = (bag: Record<string, unknown>) => ({ ...bag, __provider: PROVIDER_TEXT });
const crState = () => h.emulator.runtime.state.cr as CrState;

describe("Repository provider", () => {
  const news = () => p({ instanceId: h.instanceA, namespace: "apps", name: "web_front-1", summary: "the web front", repoType: "PRIVATE", detail: "long", tagImmutability: true });

  async function repoNames(): Promise<string[]> {
    const body = await h.crAsA("ListRepository", { InstanceId: h.instanceA, RepoNamespaceName: "apps", RepoStatus: "ALL" });
    return (body.Repositories as Array<{ RepoName: string }>).map((r) => r.RepoName);
  }

  it("creates, sees an out-of-band change, restores it and deletes without leftovers", async () => {
    expect((await dispatch.check("Repository", {}, news())).failures).toEqual([]);
    const created = await dispatch.create("Repository", news());
    expect(created.id).toMatch(/^crr-/);
    expect(created.outs).toMatchObject({ repoId: created.id, status: "NORMAL", tagImmutability: true });

    await h.crAsA("UpdateRepository", { InstanceId: h.instanceA, RepoId: created.id, RepoType: "PUBLIC", Summary: "hijacked", TagImmutability: false });
    const refreshed = await dispatch.read("Repository", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ repoType: "PUBLIC", summary: "hijacked", tagImmutability: false });
    expect(await dispatch.diff("Repository", created.id, p(refreshed.props), news())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await dispatch.update("Repository", created.id, refreshed.props, news());
    expect(await h.crAsA("GetRepository", { InstanceId: h.instanceA, RepoId: created.id })).toMatchObject({ RepoType: "PRIVATE", Summary: "the web front", TagImmutability: true });
    expect(await dispatch.diff("Repository", created.id, p(updated.outs), news())).toMatchObject({ changes: false });
    expect(await dispatch.diff("Repository", created.id, p(updated.outs), { ...news(), namespace: "other" })).toMatchObject({ replaces: ["namespace"], deleteBeforeReplace: true });

    await dispatch.delete("Repository", created.id, p(updated.outs));
    expect(await repoNames()).not.toContain("web_front-1");
    await expect(dispatch.delete("Repository", created.id, p(updated.outs))).resolves.toBeUndefined();
  });

  it("adopts a repository created by hand, and refuses without adopt", async () => {
    await h.crAsA("CreateRepository", { InstanceId: h.instanceA, RepoNamespaceName: "apps", RepoName: "handmade", RepoType: "PUBLIC", Summary: "x" });
    const bag = p({ instanceId: h.instanceA, namespace: "apps", name: "handmade", summary: "managed now", repoType: "PRIVATE" });
    await expect(dispatch.create("Repository", bag)).rejects.toThrow(/already exists: set adopt: true/);
    const adopted = await dispatch.create("Repository", { ...bag, adopt: true });
    expect(await h.crAsA("GetRepository", { InstanceId: h.instanceA, RepoId: adopted.id })).toMatchObject({ RepoType: "PRIVATE", Summary: "managed now" });
    await h.crAsA("DeleteRepository", { InstanceId: h.instanceA, RepoId: adopted.id });
    expect(await dispatch.read("Repository", adopted.id, stateAfterCreate(adopted))).toEqual({ id: "", props: {} });
  });

  it("looks the repository up after an ambiguous CreateRepository failure", async () => {
    h.emulator.admin.setFaults({ actions: { CreateRepository: { resetAfterCommitRate: 1 } } });
    h.emulator.admin.resetCounters();
    try {
      const created = await dispatch.create("Repository", p({ instanceId: h.instanceA, namespace: "apps", name: "flaky", summary: "s", repoType: "PRIVATE" }));
      expect(created.id).toMatch(/^crr-/);
      expect(h.emulator.admin.counters().CreateRepository).toBe(1);
    } finally {
      h.emulator.admin.setFaults({});
    }
  });
});

describe("partial creation", () => {
  it("reports a repository that was created but could not be read back with its ID and __provider, so nothing is orphaned", async () => {
    h.emulator.admin.setFaults({ actions: { GetRepository: { errorRate: 1, errorStatus: 503 } } });
    let error: unknown;
    try {
      error = await dispatch.create("Repository", p({ instanceId: h.instanceA, namespace: "apps", name: "half-made", summary: "s", repoType: "PRIVATE" })).catch((e: unknown) => e);
    } finally {
      h.emulator.admin.setFaults({});
    }
    expect(error).toBeInstanceOf(PartialCreateError);
    const partial = error as PartialCreateError;
    expect(partial.id).toMatch(/^crr-/);
    expect(partial.message).toMatch(/created .* could not be read back/);
    expect(partial.properties).toMatchObject({ name: "half-made", namespace: "apps", __provider: PROVIDER_TEXT });
    // The engine records the ID; the next up reads and updates it.
    const refreshed = await dispatch.read("Repository", partial.id, partial.properties);
    expect(refreshed.id).toBe(partial.id);
    await dispatch.delete("Repository", partial.id, partial.properties);
  }, 30_000);
});

describe("InstanceCredential provider", () => {
  it("sets a generated password, keeps it on refresh, rotates only when asked, and forgets it on delete", async () => {
    const news = p({ instanceId: h.instanceA, rotation: "2026-11" });
    const created = await dispatch.create("InstanceCredential", news);
    const password = String(created.outs.loginPassword);
    expect(password).toMatch(/^[\x21-\x7e]{8,32}$/);
    expect(verifyRegistryLogin(crState(), h.instanceA, h.uidA, password, Date.now()).ok).toBe(true);

    // The service cannot show the password: refresh keeps the stored one and reports no drift.
    const refreshed = await dispatch.read("InstanceCredential", created.id, stateAfterCreate(created));
    expect(refreshed.props.loginPassword).toBe(password);
    expect(await dispatch.diff("InstanceCredential", created.id, p(refreshed.props), news)).toMatchObject({ changes: false });

    // A new rotation value sets a new password.
    const rotatedNews = p({ instanceId: h.instanceA, rotation: "2026-12" });
    expect(await dispatch.diff("InstanceCredential", created.id, p(refreshed.props), rotatedNews)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const rotated = await dispatch.update("InstanceCredential", created.id, refreshed.props, rotatedNews);
    expect(rotated.outs.loginPassword).not.toBe(password);
    expect(verifyRegistryLogin(crState(), h.instanceA, h.uidA, String(rotated.outs.loginPassword), Date.now()).ok).toBe(true);
    expect(verifyRegistryLogin(crState(), h.instanceA, h.uidA, password, Date.now()).ok).toBe(false);

    // A given password is set as is.
    const given = p({ instanceId: h.instanceA, password: "Given-Pass-2026", rotation: "2026-12" });
    const set = await dispatch.update("InstanceCredential", created.id, rotated.outs, given);
    expect(set.outs.loginPassword).toBe("Given-Pass-2026");
    expect(verifyRegistryLogin(crState(), h.instanceA, h.uidA, "Given-Pass-2026", Date.now()).ok).toBe(true);

    h.emulator.admin.resetCounters();
    await dispatch.delete("InstanceCredential", created.id, p(set.outs));
    expect(h.emulator.admin.counters()).toEqual({});
  });

  it("keeps the password out of the message when the service refuses it", async () => {
    // Bypass check (which would refuse it first) to see the service's own refusal.
    const error = await dispatch.create("InstanceCredential", p({ instanceId: h.instanceA, password: "onlyletterspassword" })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/PASSWORD_INVALID|Password/);
    expect((error as Error).message).not.toContain("onlyletterspassword");
    expect((error as Error).stack ?? "").not.toContain("onlyletterspassword");
  });
});

describe("getAuthorizationToken", () => {
  it("returns a temporary login that the registry accepts and a docker config JSON for it", async () => {
    const clients = clientsFor({ region: "cn-hangzhou", accessKey: h.keysA.accessKeyId, secretKey: h.keysA.accessKeySecret, endpoints: { cr: h.emulator.endpoint, ram: h.emulator.endpoint, sts: h.emulator.endpoint } });
    const token = await fetchAuthorizationToken(clients, parseAuthorizationTokenArgs({ instanceId: h.instanceA, expiresInHours: 2 }));
    expect(token.registry).toBe(h.emulator.dataPlane.hostFor(h.instanceA));
    expect(verifyRegistryLogin(crState(), h.instanceA, token.username, token.password, Date.now()).ok).toBe(true);
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
    const config = JSON.parse(token.dockerConfigJson);
    expect(config.auths[token.registry]).toEqual({ username: token.username, password: token.password, auth: Buffer.from(`${token.username}:${token.password}`).toString("base64") });
  });

  it("refuses bad arguments before any call, naming the field", () => {
    expect(() => parseAuthorizationTokenArgs({ instanceId: "nope", expiresInHours: 48 })).toThrow(/instanceId: .*cri-.*; expiresInHours: must be 1 to 24 hours/);
  });
});
