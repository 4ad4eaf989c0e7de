import { describe, expect, it } from "vitest";
import { A_ADV, A_STD, Harness, UID_A } from "./harness";

const ns = (name: string, extra: Record<string, string | boolean> = {}) => ({ InstanceId: A_ADV, NamespaceName: name, ...extra });

describe("CR namespaces", () => {
  it("creates a namespace that auto-creates private repositories by default and returns no NamespaceId", () => {
    const h = new Harness();
    expect(h.call("CreateNamespace", ns("team"))).toEqual({});
    expect(h.changes).toBe(1);
    const body = h.call("GetNamespace", ns("team"));
    expect(body).toMatchObject({
      InstanceId: A_ADV,
      NamespaceName: "team",
      NamespaceStatus: "NORMAL",
      AutoCreateRepo: true,
      DefaultRepoType: "PRIVATE",
      DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false },
    });
    expect(body.NamespaceId).toMatch(/^crn-[a-z0-9]{16}$/);
    expect(h.authorizations[0]).toEqual(["cr:CreateNamespace", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team`]);
    expect(h.authorizations[1]).toEqual(["cr:GetNamespace", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team`]);
  });

  it("takes DefaultRepoConfiguration as a JSON string and returns it as an object", () => {
    const h = new Harness();
    const config = { RepoType: "PUBLIC", TagImmutability: true, ArtifactBuildRuleParameters: { ImageIndexOnly: true } };
    h.call("CreateNamespace", ns("pub", { AutoCreateRepo: false, DefaultRepoConfiguration: JSON.stringify(config) }));
    expect(h.call("GetNamespace", ns("pub"))).toMatchObject({ AutoCreateRepo: false, DefaultRepoType: "PUBLIC", DefaultRepoConfiguration: config });
  });

  it("accepts the deprecated DefaultRepoType alone", () => {
    const h = new Harness();
    h.call("CreateNamespace", ns("old", { DefaultRepoType: "PUBLIC" }));
    expect(h.call("GetNamespace", ns("old")).DefaultRepoConfiguration).toEqual({ RepoType: "PUBLIC", TagImmutability: false });
  });

  it.each([
    ["a", "too short"],
    ["x".repeat(121), "too long"],
    ["Team", "upper case"],
    ["-team", "leading separator"],
    ["team.", "trailing separator"],
    ["te am", "space"],
    ["te/am", "slash"],
  ])("refuses the namespace name %j (%s) with NAMESPACE_NAME_INVALID", (name) => {
    new Harness().fail("CreateNamespace", ns(name), "NAMESPACE_NAME_INVALID");
  });

  it.each(["ab", "a.b-c_d", "x".repeat(120), "0team9"])("accepts the namespace name %j", (name) => {
    const h = new Harness();
    h.call("CreateNamespace", ns(name));
    expect(h.state.instances[A_ADV]!.namespaces[name]).toBeDefined();
  });

  it.each([
    [{ DefaultRepoConfiguration: "{not json" }, "PARAM_INVALID"],
    [{ DefaultRepoConfiguration: JSON.stringify({ RepoType: "SECRET", TagImmutability: false }) }, "PARAM_INVALID"],
    [{ DefaultRepoConfiguration: JSON.stringify({ RepoType: "PUBLIC" }) }, "PARAM_INVALID"],
    [{ DefaultRepoConfiguration: JSON.stringify({ RepoType: "PUBLIC", TagImmutability: false, ArtifactBuildRuleParameters: {} }) }, "PARAM_INVALID"],
    [{ DefaultRepoType: "INTERNAL" }, "PARAM_INVALID"],
    [{ DefaultRepoType: "PRIVATE", DefaultRepoConfiguration: JSON.stringify({ RepoType: "PUBLIC", TagImmutability: false }) }, "PARAM_INVALID"],
    [{ AutoCreateRepo: "yes" }, "InvalidParameter"],
  ])("refuses the settings %j with %s", (extra, code) => {
    new Harness().fail("CreateNamespace", ns("team", extra), code);
  });

  it("refuses missing required parameters with MissingParameter", () => {
    const h = new Harness();
    h.fail("CreateNamespace", { InstanceId: A_ADV }, "MissingParameter");
    h.fail("CreateNamespace", { NamespaceName: "team" }, "MissingParameter");
    h.fail("GetNamespace", { InstanceId: A_ADV }, "MissingParameter");
  });

  it("refuses a duplicate namespace with NAMESPACE_ALREADY_EXIST", () => {
    const h = new Harness();
    h.call("CreateNamespace", ns("team"));
    h.fail("CreateNamespace", ns("team"), "NAMESPACE_ALREADY_EXIST");
  });

  it("stops a Standard Edition instance at 15 namespaces", () => {
    const h = new Harness();
    for (let i = 0; i < 15; i++) h.call("CreateNamespace", { InstanceId: A_STD, NamespaceName: `ns${i}` });
    const error = h.fail("CreateNamespace", { InstanceId: A_STD, NamespaceName: "ns15" }, "NAMESPACE_QUOTA_EXCEEDED");
    expect(error.message).toContain("15");
  });

  it("finds a namespace by NamespaceId and refuses an unknown one", () => {
    const h = new Harness();
    h.call("CreateNamespace", ns("team"));
    const id = h.state.instances[A_ADV]!.namespaces.team!.namespaceId;
    expect(h.call("GetNamespace", { InstanceId: A_ADV, NamespaceId: id }).NamespaceName).toBe("team");
    h.fail("GetNamespace", { InstanceId: A_ADV, NamespaceId: "crn-unknown000000000" }, "NAMESPACE_NOT_EXIST");
    h.fail("GetNamespace", { InstanceId: A_ADV, NamespaceName: "team", NamespaceId: "crn-unknown000000000" }, "NAMESPACE_NOT_EXIST");
    h.fail("GetNamespace", ns("other"), "NAMESPACE_NOT_EXIST");
  });

  it("does not let a namespace called constructor find Object.prototype", () => {
    const h = new Harness();
    h.fail("GetNamespace", ns("constructor"), "NAMESPACE_NOT_EXIST");
  });

  it("updates only the settings it is given", () => {
    const h = new Harness();
    h.call("CreateNamespace", ns("team", { DefaultRepoConfiguration: JSON.stringify({ RepoType: "PUBLIC", TagImmutability: true }) }));
    h.now += 1000;
    h.call("UpdateNamespace", ns("team", { AutoCreateRepo: false }));
    expect(h.call("GetNamespace", ns("team"))).toMatchObject({
      AutoCreateRepo: false,
      DefaultRepoConfiguration: { RepoType: "PUBLIC", TagImmutability: true },
    });
    h.call("UpdateNamespace", ns("team", { DefaultRepoType: "PRIVATE" }));
    expect(h.call("GetNamespace", ns("team")).DefaultRepoConfiguration).toEqual({ RepoType: "PRIVATE", TagImmutability: true });
    h.fail("UpdateNamespace", ns("nope", { AutoCreateRepo: true }), "NAMESPACE_NOT_EXIST");
    h.fail("UpdateNamespace", ns("team", { DefaultRepoConfiguration: "[]" }), "PARAM_INVALID");
  });

  it("deletes a namespace with its repositories", () => {
    const h = new Harness();
    h.repo(A_ADV, "team", "app");
    h.call("DeleteNamespace", ns("team"));
    h.fail("GetNamespace", ns("team"), "NAMESPACE_NOT_EXIST");
    expect(h.call("ListRepository", { InstanceId: A_ADV, RepoStatus: "ALL" }).Repositories).toEqual([]);
    h.fail("DeleteNamespace", ns("team"), "NAMESPACE_NOT_EXIST");
    expect(h.authorizations.filter(([a]) => a === "cr:DeleteNamespace")[0]![1]).toBe(`acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/team`);
  });

  it("lists namespaces in pages with TotalCount as a string", () => {
    const h = new Harness();
    for (const name of ["alpha", "beta", "gamma"]) {
      h.call("CreateNamespace", ns(name));
      h.now += 1;
    }
    const body = h.call("ListNamespace", { InstanceId: A_ADV, PageNo: 2, PageSize: 2 });
    expect(body).toMatchObject({ PageNo: 2, PageSize: 2, TotalCount: "3" });
    expect((body.Namespaces as Array<Record<string, unknown>>).map((n) => n.NamespaceName)).toEqual(["gamma"]);
    const filtered = h.call("ListNamespace", { InstanceId: A_ADV, NamespaceName: "mm" });
    expect((filtered.Namespaces as Array<Record<string, unknown>>).map((n) => n.NamespaceName)).toEqual(["gamma"]);
    expect(filtered.TotalCount).toBe("1");
    expect(h.call("ListNamespace", { InstanceId: A_ADV, NamespaceStatus: "DELETING" }).TotalCount).toBe("0");
    expect(h.authorizations.at(-1)).toEqual(["cr:ListNamespace", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}/*`]);
  });
});
