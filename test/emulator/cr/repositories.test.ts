import { describe, expect, it } from "vitest";
import { A_ADV, Harness, UID_A } from "./harness";

const create = (name: string, extra: Record<string, string | boolean> = {}) => ({
  InstanceId: A_ADV,
  RepoNamespaceName: "team",
  RepoName: name,
  RepoType: "PRIVATE",
  Summary: "an app",
  ...extra,
});

function withNamespace(): Harness {
  const h = new Harness();
  h.call("CreateNamespace", { InstanceId: A_ADV, NamespaceName: "team" });
  return h;
}

describe("CR repositories", () => {
  it("creates a repository with a crr- ID and reads it back by ID and by names", () => {
    const h = withNamespace();
    const { RepoId } = h.call("CreateRepository", create("app", { Detail: "long text", TagImmutability: true }));
    expect(RepoId).toMatch(/^crr-[a-z0-9]{16}$/);
    const byId = h.call("GetRepository", { InstanceId: A_ADV, RepoId: RepoId as string });
    const byName = h.call("GetRepository", { InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "app" });
    expect(byId).toEqual(byName);
    expect(byId).toMatchObject({
      RepoId,
      RepoName: "app",
      RepoNamespaceName: "team",
      InstanceId: A_ADV,
      RepoType: "PRIVATE",
      RepoStatus: "NORMAL",
      RepoBuildType: "MANUAL",
      Summary: "an app",
      Detail: "long text",
      TagImmutability: true,
    });
    expect(typeof byId.CreateTime).toBe("number");
    const arn = `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team/app`;
    expect(h.authorizations.filter(([action]) => action !== "cr:CreateNamespace")).toEqual([
      ["cr:CreateRepository", arn],
      ["cr:GetRepository", arn],
      ["cr:GetRepository", arn],
    ]);
  });

  it.each([
    ["App", "upper case"],
    ["-app", "leading hyphen"],
    ["_app", "leading underscore"],
    ["a".repeat(65), "65 characters"],
    ["my.app", "a dot (seed 003 allows none)"],
    ["dsp/app", "a slash"],
  ])("refuses the repository name %j (%s) with REPO_NAME_INVALID", (name) => {
    withNamespace().fail("CreateRepository", create(name), "REPO_NAME_INVALID");
  });

  it.each(["a", "a".repeat(64), "app-1_x", "9lives"])("accepts the repository name %j", (name) => {
    const h = withNamespace();
    expect(h.call("CreateRepository", create(name)).RepoId).toBeTruthy();
  });

  it.each([
    [{ RepoType: "INTERNAL" }, "PARAM_INVALID"],
    [{ Summary: "s".repeat(101) }, "PARAM_INVALID"],
    [{ Detail: "d".repeat(2001) }, "PARAM_INVALID"],
    [{ TagImmutability: "sometimes" }, "InvalidParameter"],
    [{ RepoNamespaceName: "missing" }, "NAMESPACE_NOT_EXIST"],
    [{ InstanceId: "cri-unknown00000000" }, "INSTANCE_NOT_EXIST"],
    [{ Summary: "" }, "MissingParameter"],
    [{ RepoType: "" }, "MissingParameter"],
  ])("refuses %j with %s", (extra, code) => {
    withNamespace().fail("CreateRepository", create("app", extra), code);
  });

  it("accepts a 100-character summary and a 2,000-character detail", () => {
    const h = withNamespace();
    h.call("CreateRepository", create("app", { Summary: "s".repeat(100), Detail: "d".repeat(2000) }));
    expect(h.state.instances[A_ADV]!.namespaces.team!.repositories.app!.detail).toHaveLength(2000);
  });

  it("refuses a duplicate repository with REPO_ALREADY_EXIST", () => {
    const h = withNamespace();
    h.call("CreateRepository", create("app"));
    h.fail("CreateRepository", create("app"), "REPO_ALREADY_EXIST");
  });

  it("counts the repository quota across the instance", () => {
    const h = withNamespace();
    h.state.instances[A_ADV]!.quota.repositories = 2;
    h.call("CreateNamespace", { InstanceId: A_ADV, NamespaceName: "other" });
    h.call("CreateRepository", create("one"));
    h.call("CreateRepository", create("two", { RepoNamespaceName: "other" }));
    h.fail("CreateRepository", create("three"), "REPO_QUOTA_EXCEEDED");
  });

  it("reports a missing repository as REPO_NOT_EXIST, by ID and by names", () => {
    const h = withNamespace();
    h.fail("GetRepository", { InstanceId: A_ADV, RepoId: "crr-unknown000000000" }, "REPO_NOT_EXIST");
    h.fail("GetRepository", { InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "nope" }, "REPO_NOT_EXIST");
    h.fail("GetRepository", { InstanceId: A_ADV, RepoNamespaceName: "gone", RepoName: "nope" }, "REPO_NOT_EXIST");
    h.fail("GetRepository", { InstanceId: A_ADV, RepoNamespaceName: "team" }, "MissingParameter");
  });

  it("updates type, summary and immutability and keeps Detail when not given", () => {
    const h = withNamespace();
    const { RepoId } = h.call("CreateRepository", create("app", { Detail: "keep me" }));
    h.now += 5000;
    h.call("UpdateRepository", { InstanceId: A_ADV, RepoId: RepoId as string, RepoType: "PUBLIC", Summary: "new", TagImmutability: true });
    const body = h.call("GetRepository", { InstanceId: A_ADV, RepoId: RepoId as string });
    expect(body).toMatchObject({ RepoType: "PUBLIC", Summary: "new", Detail: "keep me", TagImmutability: true });
    expect(body.ModifiedTime).toBe(h.now);
    h.fail("UpdateRepository", { InstanceId: A_ADV, RepoId: RepoId as string, RepoType: "PUBLIC" }, "MissingParameter");
    h.fail("UpdateRepository", { InstanceId: A_ADV, RepoId: RepoId as string, RepoType: "OPEN", Summary: "x" }, "PARAM_INVALID");
    h.fail("UpdateRepository", { InstanceId: A_ADV, RepoId: "crr-unknown000000000", RepoType: "PUBLIC", Summary: "x" }, "REPO_NOT_EXIST");
  });

  it("deletes a repository and then reports it missing", () => {
    const h = withNamespace();
    const { RepoId } = h.call("CreateRepository", create("app"));
    h.call("DeleteRepository", { InstanceId: A_ADV, RepoId: RepoId as string });
    h.fail("DeleteRepository", { InstanceId: A_ADV, RepoId: RepoId as string }, "REPO_NOT_EXIST");
    expect(h.authorizations.at(-1)).toEqual(["cr:DeleteRepository", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team/app`]);
  });

  it("lists repositories without Detail, with TotalCount as a string, filtered by namespace and name", () => {
    const h = withNamespace();
    h.call("CreateNamespace", { InstanceId: A_ADV, NamespaceName: "other" });
    for (const [namespace, name] of [["team", "api"], ["team", "web"], ["other", "api-old"]] as const) {
      h.call("CreateRepository", create(name, { RepoNamespaceName: namespace }));
      h.now += 1;
    }
    const all = h.call("ListRepository", { InstanceId: A_ADV });
    expect(all.TotalCount).toBe("3");
    const items = all.Repositories as Array<Record<string, unknown>>;
    expect(items.map((r) => r.RepoName)).toEqual(["api", "web", "api-old"]);
    expect(items[0]).not.toHaveProperty("Detail");
    expect(items[0]).toHaveProperty("Summary", "an app");
    const team = h.call("ListRepository", { InstanceId: A_ADV, RepoNamespaceName: "team", RepoName: "api" });
    expect((team.Repositories as Array<Record<string, unknown>>).map((r) => r.RepoName)).toEqual(["api"]);
    expect(h.authorizations.at(-1)).toEqual(["cr:ListRepository", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team/*`]);
    expect(h.call("ListRepository", { InstanceId: A_ADV, RepoStatus: "DELETED" }).TotalCount).toBe("0");
    expect(h.call("ListRepository", { InstanceId: A_ADV, RepoStatus: "ALL" }).TotalCount).toBe("3");
    h.fail("ListRepository", { InstanceId: A_ADV, RepoStatus: "GONE" }, "PARAM_INVALID");
  });

  it("walks ListRepository with MaxResults and NextToken until the token is empty", () => {
    const h = withNamespace();
    for (let i = 0; i < 5; i++) {
      h.call("CreateRepository", create(`r${i}`));
      h.now += 1;
    }
    const seen: string[] = [];
    let token: string | undefined;
    for (let round = 0; round < 10; round++) {
      const page = h.call("ListRepository", { InstanceId: A_ADV, MaxResults: 2, ...(token ? { NextToken: token } : {}) });
      expect(page.MaxResults).toBe(2);
      seen.push(...(page.Repositories as Array<Record<string, unknown>>).map((r) => r.RepoName as string));
      token = page.NextToken as string;
      if (!token) break;
    }
    expect(seen).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    h.fail("ListRepository", { InstanceId: A_ADV, NextToken: "garbage" }, "PARAM_INVALID");
  });
});
