import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, stateAfterCreate, type ProviderHarness } from "../harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());

type Acl = Array<{ Entry: string; Comment?: string }>;

async function endpoint() {
  const body = await h.crAsA("GetInstanceEndpoint", { InstanceId: h.instanceA, EndpointType: "internet" });
  return { enabled: body.Enable as boolean, entries: (body.AclEntries as Acl).map((e) => e.Entry).sort(), acl: body.AclEntries as Acl };
}

const acl = (entry: string, extra: Record<string, unknown> = {}) => ({ instanceId: h.instanceA, entry, __provider: PROVIDER_TEXT, ...extra });

describe("EndpointAclPolicy against the emulator", () => {
  it("creates an entry, drops it on refresh after an out-of-band delete, replaces on change and deletes without leftovers", async () => {
    const news = acl("203.0.113.0/24", { description: "office" });
    const created = await dispatch.create("EndpointAclPolicy", news);
    expect(created.id).toBe(`${h.instanceA}:internet:203.0.113.0/24`);
    expect((await endpoint()).acl).toContainEqual({ Entry: "203.0.113.0/24", Comment: "office" });

    // Someone rewrites the comment with the official client: refresh shows it, and the diff replaces.
    await h.crAsA("CreateInstanceEndpointAclPolicy", { InstanceId: h.instanceA, EndpointType: "internet", Entry: "203.0.113.0/24", Comment: "changed by hand" });
    const refreshed = await dispatch.read("EndpointAclPolicy", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ description: "changed by hand" });
    expect(await dispatch.diff("EndpointAclPolicy", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news)).toMatchObject({ changes: true, replaces: ["description"] });

    // Then deletes it: refresh drops the resource.
    await h.crAsA("DeleteInstanceEndpointAclPolicy", { InstanceId: h.instanceA, EndpointType: "internet", Entry: "203.0.113.0/24" });
    expect(await dispatch.read("EndpointAclPolicy", created.id, stateAfterCreate(created))).toEqual({ id: "", props: {} });

    const again = await dispatch.create("EndpointAclPolicy", news);
    await dispatch.delete("EndpointAclPolicy", again.id, stateAfterCreate(again));
    expect((await endpoint()).entries).not.toContain("203.0.113.0/24");
  });

  it("refuses an entry that is already there unless adopt is set, then adopts it with the given comment", async () => {
    await h.crAsA("CreateInstanceEndpointAclPolicy", { InstanceId: h.instanceA, EndpointType: "internet", Entry: "198.51.100.0/24", Comment: "manual" });
    await expect(dispatch.create("EndpointAclPolicy", acl("198.51.100.0/24", { description: "ci" }))).rejects.toThrow(/already in the internet ACL.*adopt: true/);
    const adopted = await dispatch.create("EndpointAclPolicy", acl("198.51.100.0/24", { description: "ci", adopt: true }));
    expect((await endpoint()).acl).toContainEqual({ Entry: "198.51.100.0/24", Comment: "ci" });
    await dispatch.delete("EndpointAclPolicy", adopted.id, stateAfterCreate(adopted));
    expect((await endpoint()).entries).not.toContain("198.51.100.0/24");
  });

  it("creates and deletes twelve entries of one instance at once without losing any", async () => {
    const blocks = Array.from({ length: 12 }, (_, n) => `10.${n}.0.0/16`);
    const before = (await endpoint()).entries;
    const created = await Promise.all(blocks.map((b) => dispatch.create("EndpointAclPolicy", acl(b, { description: `n${b}` }))));
    expect((await endpoint()).entries).toEqual([...before, ...blocks].sort());
    await Promise.all(created.map((c) => dispatch.delete("EndpointAclPolicy", c.id, stateAfterCreate(c))));
    expect((await endpoint()).entries).toEqual(before);
  });
});

describe("InternetEndpoint against the emulator", () => {
  it("turns the endpoint off, sees an out-of-band change, updates in place and restores the state found at create on delete", async () => {
    expect((await endpoint()).enabled).toBe(true);
    const news = { instanceId: h.instanceA, enable: false, __provider: PROVIDER_TEXT };
    const created = await dispatch.create("InternetEndpoint", news);
    expect(created.outs).toMatchObject({ enable: false, enabledAtCreate: true });
    expect((await endpoint()).enabled).toBe(false);

    await h.crAsA("UpdateInstanceEndpointStatus", { InstanceId: h.instanceA, EndpointType: "internet", Enable: true });
    const refreshed = await dispatch.read("InternetEndpoint", created.id, stateAfterCreate(created));
    expect(refreshed.inputs).toMatchObject({ enable: true });
    expect(await dispatch.diff("InternetEndpoint", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await dispatch.update("InternetEndpoint", created.id, { ...refreshed.props, __provider: PROVIDER_TEXT }, news);
    expect(updated.outs).toMatchObject({ enable: false, enabledAtCreate: true });
    expect((await endpoint()).enabled).toBe(false);

    await dispatch.delete("InternetEndpoint", created.id, { ...updated.outs, __provider: PROVIDER_TEXT });
    expect((await endpoint()).enabled).toBe(true);
  });

  it("leaves a closed endpoint closed on delete when it was closed at create", async () => {
    await h.crAsA("UpdateInstanceEndpointStatus", { InstanceId: h.instanceA, EndpointType: "internet", Enable: false });
    const created = await dispatch.create("InternetEndpoint", { instanceId: h.instanceA, enable: true, __provider: PROVIDER_TEXT });
    expect(created.outs).toMatchObject({ enable: true, enabledAtCreate: false });
    expect((await endpoint()).enabled).toBe(true);
    await dispatch.delete("InternetEndpoint", created.id, stateAfterCreate(created));
    expect((await endpoint()).enabled).toBe(false);
    await h.crAsA("UpdateInstanceEndpointStatus", { InstanceId: h.instanceA, EndpointType: "internet", Enable: true });
  });
});
