import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrState } from "../../../emulator/cr";
import { randomImage } from "../../support/oci-layout";
import { expectRegistryError, INSTANCE, OTHER_INSTANCE, pushImage, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.cr.cr.createNamespace({ InstanceId: INSTANCE, NamespaceName: "frozen", AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: true } });
  await h.cr.cr.createNamespace({ InstanceId: INSTANCE, NamespaceName: "pub", AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PUBLIC", TagImmutability: false } });
});
afterAll(() => h?.close());

const repoOf = (namespace: string, name: string) => h.cr.cr.getRepository({ InstanceId: INSTANCE, RepoNamespaceName: namespace, RepoName: name });

describe("pushes under the seed 003 rules", () => {
  it("refuses a push to a missing repository when the namespace does not create repositories, before any data moves", async () => {
    const message = await expectRegistryError(pushImage(h.client(h.owner), "manual/missing", "v1", randomImage()), 404, "NAME_UNKNOWN");
    expect(message).toContain("AutoCreateRepo is off");
    await expect(repoOf("manual", "missing")).rejects.toMatchObject({ code: "REPO_NOT_EXIST" });
  });

  it("refuses a push to a namespace that does not exist", async () => {
    const message = await expectRegistryError(pushImage(h.client(h.owner), "nowhere/app", "v1", randomImage()), 404, "NAME_UNKNOWN");
    expect(message).toContain("namespace nowhere does not exist");
  });

  it("pushes into a repository created through the API in a namespace without AutoCreateRepo", async () => {
    await h.cr.cr.createRepository({ InstanceId: INSTANCE, RepoNamespaceName: "manual", RepoName: "made", RepoType: "PRIVATE", Summary: "made by hand" });
    await pushImage(h.client(h.owner), "manual/made", "v1", randomImage());
    expect(await h.client(h.owner).listTags("manual/made")).toEqual(["v1"]);
  });

  it("creates a repository with the namespace's DefaultRepoType: PUBLIC ones are pullable anonymously", async () => {
    const image = randomImage();
    await pushImage(h.client(h.owner), "pub/shared", "v1", image);
    expect((await repoOf("pub", "shared")).RepoType).toBe("PUBLIC");
    expect((await h.client().getManifest("pub/shared", "v1")).digest).toBe(image.manifest.digest);
  });

  it("with tag immutability, refuses to overwrite a tag with another image, except latest", async () => {
    const client = h.client(h.owner);
    const first = randomImage();
    const second = randomImage();
    await pushImage(client, "frozen/app", "v1", first);
    const message = await expectRegistryError(pushImage(client, "frozen/app", "v1", second), 403, "DENIED");
    expect(message).toMatch(/already exists and cannot be overwritten/);
    expect((await client.getManifest("frozen/app", "v1")).digest).toBe(first.manifest.digest);
    // The same image again is no overwrite.
    await pushImage(client, "frozen/app", "v1", first);
    await pushImage(client, "frozen/app", "latest", first);
    await pushImage(client, "frozen/app", "latest", second);
    expect((await client.getManifest("frozen/app", "latest")).digest).toBe(second.manifest.digest);
  });

  it("applies the instance repository quota to repositories a push would create", async () => {
    const cr = h.emulator.runtime.state.cr as CrState;
    const instance = cr.instances[INSTANCE]!;
    const quota = instance.quota.repositories;
    instance.quota.repositories = Object.values(instance.namespaces).reduce((n, ns) => n + Object.keys(ns.repositories).length, 0);
    try {
      const message = await expectRegistryError(pushImage(h.client(h.owner), "auto/one-too-many", "v1", randomImage()), 403, "DENIED");
      expect(message).toMatch(/repositories/);
    } finally {
      instance.quota.repositories = quota;
    }
  });

  it("reflects DeleteRepoTag and DeleteRepository made through the API", async () => {
    const client = h.client(h.owner);
    const image = randomImage();
    await pushImage(client, "auto/gone", "v1", image);
    await pushImage(client, "auto/gone", "v2", image);
    const repo = await repoOf("auto", "gone");
    await h.cr.cr.deleteRepoTag({ InstanceId: INSTANCE, RepoId: repo.RepoId as string, Tag: "v1" });
    expect(await client.listTags("auto/gone")).toEqual(["v2"]);
    await expectRegistryError(client.getManifest("auto/gone", "v1"), 404, "MANIFEST_UNKNOWN");

    await h.cr.cr.deleteRepository({ InstanceId: INSTANCE, RepoId: repo.RepoId as string });
    await expectRegistryError(client.getManifest("auto/gone", "v2"), 404, "NAME_UNKNOWN");
    // A repository created again under the name starts empty.
    await pushImage(client, "auto/gone", "v3", randomImage());
    expect(await client.listTags("auto/gone")).toEqual(["v3"]);
    expect(await client.headBlob("auto/gone", image.layers[0]!.digest)).toBeUndefined();
  });

  it("enqueues a sync task when a push matches a passive rule, and none for a tag the rule filters out", async () => {
    await h.cr.cr.createNamespace({ InstanceId: OTHER_INSTANCE, NamespaceName: "mirror" });
    await h.cr.cr.createRepoSyncRule({
      InstanceId: INSTANCE,
      NamespaceName: "auto",
      SyncRuleName: "to-basic",
      SyncScope: "NAMESPACE",
      SyncTrigger: "PASSIVE",
      TagFilter: "^release-.*",
      TargetRegionId: "cn-hangzhou",
      TargetInstanceId: OTHER_INSTANCE,
      TargetNamespaceName: "mirror",
    });
    const client = h.client(h.owner);
    await pushImage(client, "auto/synced", "release-1", randomImage());
    await pushImage(client, "auto/synced", "dev-1", randomImage());
    const tasks = await h.cr.cr.listRepoSyncTask({ InstanceId: INSTANCE, RepoNamespaceName: "auto", RepoName: "synced" });
    expect(tasks.SyncTasks.map((t) => [t.ImageFrom?.ImageTag, t.ImageTo?.InstanceId])).toEqual([["release-1", OTHER_INSTANCE]]);
  });
});
