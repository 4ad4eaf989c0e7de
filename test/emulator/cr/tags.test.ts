import { describe, expect, it } from "vitest";
import { recordTag, RecordTagError } from "../../../emulator/cr";
import { A_ADV, digest, Harness, UID_A } from "./harness";

function expectRefused(run: () => unknown, code: string, h: Harness): void {
  const before = JSON.stringify(h.state);
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RecordTagError);
  expect((caught as RecordTagError).code).toBe(code);
  expect(JSON.stringify(h.state)).toBe(before);
}

describe("recordTag (the data plane's push)", () => {
  it("records a tag in an existing repository", () => {
    const h = new Harness();
    h.repo(A_ADV, "team", "app");
    const result = recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: digest(1), size: 1234 }, h.now);
    expect(result).toMatchObject({ repoCreated: false, tagReplaced: false, matchedRules: [] });
    expect(result.repo.tags.v1).toMatchObject({ digest: digest(1), imageId: digest(1), size: 1234, createTime: h.now, updateTime: h.now });
  });

  it("creates a missing repository with the namespace defaults when AutoCreateRepo is on", () => {
    const h = new Harness();
    h.call("CreateNamespace", {
      InstanceId: A_ADV,
      NamespaceName: "auto",
      DefaultRepoConfiguration: JSON.stringify({ RepoType: "PUBLIC", TagImmutability: true }),
    });
    const result = recordTag(h.state, A_ADV, "auto", "fresh", { tag: "v1", digest: digest(2), size: 1 }, h.now);
    expect(result.repoCreated).toBe(true);
    const repo = h.call("GetRepository", { InstanceId: A_ADV, RepoNamespaceName: "auto", RepoName: "fresh" });
    expect(repo).toMatchObject({ RepoBuildType: "AUTO", RepoType: "PUBLIC", TagImmutability: true, RepoId: result.repo.repoId });
  });

  it("refuses a push to a missing repository when AutoCreateRepo is off, and to a missing namespace", () => {
    const h = new Harness();
    h.call("CreateNamespace", { InstanceId: A_ADV, NamespaceName: "manual", AutoCreateRepo: false });
    expectRefused(() => recordTag(h.state, A_ADV, "manual", "fresh", { tag: "v1", digest: digest(1), size: 1 }), "REPO_NOT_EXIST", h);
    expectRefused(() => recordTag(h.state, A_ADV, "nope", "fresh", { tag: "v1", digest: digest(1), size: 1 }), "NAMESPACE_NOT_EXIST", h);
    expectRefused(() => recordTag(h.state, "cri-nope", "manual", "x", { tag: "v1", digest: digest(1), size: 1 }), "INSTANCE_NOT_EXIST", h);
  });

  it("refuses an auto-created repository with an invalid name or beyond the quota", () => {
    const h = new Harness();
    h.call("CreateNamespace", { InstanceId: A_ADV, NamespaceName: "auto" });
    expectRefused(() => recordTag(h.state, A_ADV, "auto", "Bad.Name", { tag: "v1", digest: digest(1), size: 1 }), "REPO_NAME_INVALID", h);
    h.state.instances[A_ADV]!.quota.repositories = 0;
    expectRefused(() => recordTag(h.state, A_ADV, "auto", "ok", { tag: "v1", digest: digest(1), size: 1 }), "REPO_QUOTA_EXCEEDED", h);
  });

  it("refuses malformed tags, digests and sizes", () => {
    const h = new Harness();
    h.repo(A_ADV, "team", "app");
    expectRefused(() => recordTag(h.state, A_ADV, "team", "app", { tag: ".bad", digest: digest(1), size: 1 }), "PARAM_INVALID", h);
    expectRefused(() => recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: "sha256:xyz", size: 1 }), "PARAM_INVALID", h);
    expectRefused(() => recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: digest(1), size: -1 }), "PARAM_INVALID", h);
  });

  it("keeps immutable tags except latest, and allows re-pushing the same image", () => {
    const h = new Harness();
    h.repo(A_ADV, "team", "app", { TagImmutability: true });
    const push = (tag: string, n: number) => recordTag(h.state, A_ADV, "team", "app", { tag, digest: digest(n), size: n }, h.now);
    push("v1", 1);
    push("latest", 1);
    expectRefused(() => push("v1", 2), "TAG_IMMUTABLE", h);
    expect(push("v1", 1).tagReplaced).toBe(true);
    h.now += 10;
    expect(push("latest", 2).repo.tags.latest).toMatchObject({ digest: digest(2), updateTime: h.now });
  });

  it("overwrites a tag in a mutable repository, keeping its creation time", () => {
    const h = new Harness();
    h.repo(A_ADV, "team", "app");
    recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: digest(1), size: 1 }, h.now);
    const created = h.now;
    h.now += 60_000;
    const result = recordTag(h.state, A_ADV, "team", "app", { tag: "v1", digest: digest(2), size: 2 }, h.now);
    expect(result.repo.tags.v1).toMatchObject({ digest: digest(2), createTime: created, updateTime: h.now });
  });
});

describe("CR tag operations", () => {
  function withTags(): { h: Harness; repoId: string } {
    const h = new Harness();
    const repoId = h.repo(A_ADV, "team", "app");
    for (const [i, tag] of ["v1", "v2", "v3"].entries()) {
      recordTag(h.state, A_ADV, "team", "app", { tag, digest: digest(i + 1), size: 100 * (i + 1), imageId: digest(100 + i) }, h.now);
      h.now += 1000;
    }
    return { h, repoId };
  }

  it("lists tags newest first with string times, bare digests and a string TotalCount", () => {
    const { h, repoId } = withTags();
    const body = h.call("ListRepoTag", { InstanceId: A_ADV, RepoId: repoId });
    const images = body.Images as Array<Record<string, unknown>>;
    expect(images.map((i) => i.Tag)).toEqual(["v3", "v2", "v1"]);
    expect(images[0]).toEqual({
      Tag: "v3",
      Digest: digest(3).slice("sha256:".length),
      ImageId: digest(102).slice("sha256:".length),
      ImageSize: 300,
      ImageCreate: String(h.now - 1000),
      ImageUpdate: String(h.now - 1000),
      Status: "NORMAL",
    });
    expect(body).toMatchObject({ TotalCount: "3", PageNo: 1, PageSize: 30 });
    expect(h.authorizations.at(-1)).toEqual(["cr:ListRepositoryTag", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team/app`]);
    const page = h.call("ListRepoTag", { InstanceId: A_ADV, RepoId: repoId, PageNo: 2, PageSize: 2 });
    expect((page.Images as Array<Record<string, unknown>>).map((i) => i.Tag)).toEqual(["v1"]);
  });

  it("returns one tag with numeric times from GetRepoTag", () => {
    const { h, repoId } = withTags();
    const body = h.call("GetRepoTag", { InstanceId: A_ADV, RepoId: repoId, Tag: "v1" });
    expect(body).toMatchObject({ Tag: "v1", ImageSize: 100 });
    expect(typeof body.ImageCreate).toBe("number");
    h.fail("GetRepoTag", { InstanceId: A_ADV, RepoId: repoId, Tag: "v9" }, "TAG_NOT_EXIST");
  });

  it("deletes a tag and then reports it missing", () => {
    const { h, repoId } = withTags();
    h.call("DeleteRepoTag", { InstanceId: A_ADV, RepoId: repoId, Tag: "v2" });
    expect(h.call("ListRepoTag", { InstanceId: A_ADV, RepoId: repoId }).TotalCount).toBe("2");
    h.fail("DeleteRepoTag", { InstanceId: A_ADV, RepoId: repoId, Tag: "v2" }, "TAG_NOT_EXIST");
    h.fail("DeleteRepoTag", { InstanceId: A_ADV, RepoId: "crr-unknown000000000", Tag: "v1" }, "REPO_NOT_EXIST");
    h.fail("DeleteRepoTag", { InstanceId: A_ADV, RepoId: repoId }, "MissingParameter");
    h.fail("ListRepoTag", { InstanceId: A_ADV }, "MissingParameter");
    expect(h.authorizations.find(([a]) => a === "cr:DeleteRepositoryTag")).toBeDefined();
  });
});
