import { describe, expect, it } from "vitest";
import { crError } from "../../../emulator/core/context";
import { A_ADV, A_BASIC, A_FIN, A_SH, A_STD, B_FIN, B_GOV, B_SH, Harness, UID_A, UID_B } from "./harness";

type Params = Record<string, string | boolean>;

/** A (Hangzhou, Advanced) team/app → A (Shanghai) team/app, and B (Shanghai, Basic) team/app. */
function setup(): Harness {
  const h = new Harness();
  h.repo(A_ADV, "team", "app");
  h.repo(A_SH, "team", "app", {}, { region: "cn-shanghai" });
  h.repo(B_SH, "team", "app", {}, { account: UID_B, region: "cn-shanghai" });
  h.authorizations.length = 0;
  return h;
}

const repoRule = (extra: Params = {}): Params => ({
  InstanceId: A_ADV,
  NamespaceName: "team",
  RepoName: "app",
  TargetRepoName: "app",
  TagFilter: ".*",
  SyncRuleName: "to-shanghai",
  SyncScope: "REPO",
  TargetRegionId: "cn-shanghai",
  TargetInstanceId: A_SH,
  TargetNamespaceName: "team",
  ...extra,
});

const namespaceRule = (extra: Params = {}): Params => {
  const { RepoName: _r, TargetRepoName: _t, ...rest } = repoRule({ SyncScope: "NAMESPACE", SyncRuleName: "ns-rule", ...extra });
  return rest;
};

const crossRule = (extra: Params = {}): Params => repoRule({ TargetInstanceId: B_SH, TargetUserId: UID_B, SyncRuleName: "to-b", ...extra });

type Row = Record<string, unknown>;
const rules = (h: Harness, instanceId: string, options = {}, extra: Params = {}) =>
  h.call("ListRepoSyncRule", { InstanceId: instanceId, ...extra }, options).SyncRules as Row[];

describe("CR sync rules: same account", () => {
  it("creates a REPO rule with a crsr- ID, listed FROM on the source and TO on the target", () => {
    const h = setup();
    const { SyncRuleId } = h.call("CreateRepoSyncRule", repoRule());
    expect(SyncRuleId).toMatch(/^crsr-[a-z0-9]{16}$/);
    expect(h.authorizations).toEqual([["cr:CreateSyncRule", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}`]]);
    expect(h.crossAccountCalls).toEqual([]);
    const [from] = rules(h, A_ADV);
    expect(from).toMatchObject({
      SyncRuleId,
      SyncRuleName: "to-shanghai",
      SyncScope: "REPO",
      SyncTrigger: "PASSIVE",
      SyncDirection: "FROM",
      TagFilter: ".*",
      RepoNameFilter: "",
      CrossUser: false,
      LocalRegionId: "cn-hangzhou",
      LocalInstanceId: A_ADV,
      LocalNamespaceName: "team",
      LocalRepoName: "app",
      TargetRegionId: "cn-shanghai",
      TargetInstanceId: A_SH,
      TargetNamespaceName: "team",
      TargetRepoName: "app",
    });
    expect(typeof from!.CreateTime).toBe("number");
    const [to] = rules(h, A_SH, { region: "cn-shanghai" });
    expect(to).toEqual({ ...from, SyncDirection: "TO" });
  });

  it("creates a NAMESPACE rule with a repository-name filter and a manual trigger", () => {
    const h = setup();
    h.call("CreateRepoSyncRule", namespaceRule({ RepoNameFilter: "app|web", SyncTrigger: "INITIATIVE" }));
    expect(rules(h, A_ADV)[0]).toMatchObject({ SyncScope: "NAMESPACE", SyncTrigger: "INITIATIVE", RepoNameFilter: "app|web", LocalRepoName: "", TargetRepoName: "" });
  });

  it.each([
    [{ RepoName: "" }, "PARAM_INVALID", "RepoName without TargetRepoName"],
    [{ TargetRepoName: "" }, "PARAM_INVALID", "TargetRepoName without RepoName"],
    [{ RepoName: "", TargetRepoName: "" }, "PARAM_INVALID", "REPO scope without repositories"],
    [{ SyncScope: "NAMESPACE" }, "PARAM_INVALID", "NAMESPACE scope with repositories"],
    [{ SyncScope: "TAG" }, "PARAM_INVALID", "unknown scope"],
    [{ SyncTrigger: "SOMETIMES" }, "PARAM_INVALID", "unknown trigger"],
    [{ TagFilter: "([a-z" }, "PARAM_INVALID", "a broken TagFilter"],
    [{ TagFilter: "a".repeat(257) }, "PARAM_INVALID", "an over-long TagFilter"],
    [{ RepoNameFilter: "app" }, "PARAM_INVALID", "RepoNameFilter with REPO scope"],
    [{ NamespaceName: "missing" }, "NAMESPACE_NOT_EXIST", "a missing source namespace"],
    [{ RepoName: "missing" }, "REPO_NOT_EXIST", "a missing source repository"],
    [{ TargetNamespaceName: "missing" }, "NAMESPACE_NOT_EXIST", "a missing target namespace"],
    [{ TargetRepoName: "missing" }, "REPO_NOT_EXIST", "a missing target repository"],
    [{ TargetInstanceId: "cri-unknown00000000" }, "INSTANCE_NOT_EXIST", "an unknown target instance"],
    [{ TargetRegionId: "cn-beijing" }, "INSTANCE_NOT_EXIST", "a target in another region than named"],
    [{ TargetRegionId: "cn-hangzhou", TargetInstanceId: A_ADV }, "PARAM_INVALID", "the source as its own target"],
    [{ TargetInstanceId: B_SH }, "INSTANCE_NOT_EXIST", "another account's instance without TargetUserId"],
    [{ TargetUserId: "9999999999999999", TargetInstanceId: B_SH }, "PARAM_INVALID", "an unknown target account"],
    [{ InstanceId: B_SH }, "INSTANCE_NOT_EXIST", "a source the caller does not own"],
    [{ TagFilter: "" }, "MissingParameter", "no TagFilter"],
    [{ TargetNamespaceName: "" }, "MissingParameter", "no TargetNamespaceName"],
    [{ SyncScope: "" }, "MissingParameter", "no SyncScope"],
  ])("refuses %j with %s (%s)", (extra, code, _why) => {
    setup().fail("CreateRepoSyncRule", repoRule(extra), code);
  });

  it("needs AutoCreateRepo on the target namespace for a NAMESPACE rule", () => {
    const h = setup();
    h.call("UpdateNamespace", { InstanceId: A_SH, NamespaceName: "team", AutoCreateRepo: false }, { region: "cn-shanghai" });
    const error = h.fail("CreateRepoSyncRule", namespaceRule(), "PARAM_INVALID");
    expect(error.message).toContain("AutoCreateRepo");
  });

  it("refuses a second rule with the same name on the source", () => {
    const h = setup();
    h.call("CreateRepoSyncRule", repoRule());
    h.fail("CreateRepoSyncRule", repoRule(), "SYNC_RULE_ALREADY_EXIST");
  });

  it.each([
    [A_STD, "Standard"],
    [A_BASIC, "Basic"],
  ])("refuses a %s source (%s Edition): replication needs Advanced", (instanceId, edition) => {
    const h = setup();
    h.repo(instanceId, "team", "app");
    const error = h.fail("CreateRepoSyncRule", repoRule({ InstanceId: instanceId }), "INSTANCE_EDITION_NOT_SUPPORT");
    expect(error.message).toContain(edition);
  });

  it("refuses public-to-Finance replication in the same account", () => {
    const h = setup();
    h.repo(A_FIN, "team", "app", {}, { region: "cn-shanghai-finance-1" });
    h.fail("CreateRepoSyncRule", repoRule({ TargetRegionId: "cn-shanghai-finance-1", TargetInstanceId: A_FIN }), "SYNC_REGION_NOT_SUPPORT");
  });

  it("allows Finance-to-public replication, which the docs do not forbid", () => {
    const h = setup();
    h.repo(A_FIN, "team", "app", {}, { region: "cn-shanghai-finance-1" });
    const rule = { ...repoRule({ InstanceId: A_FIN, TargetRegionId: "cn-hangzhou", TargetInstanceId: A_ADV }) };
    expect(h.call("CreateRepoSyncRule", rule, { region: "cn-shanghai-finance-1" }).SyncRuleId).toBeTruthy();
  });

  it("filters and pages ListRepoSyncRule with a numeric TotalCount", () => {
    const h = setup();
    h.call("CreateRepoSyncRule", repoRule());
    h.now += 1;
    h.call("CreateRepoSyncRule", namespaceRule());
    const page = h.call("ListRepoSyncRule", { InstanceId: A_ADV, PageNo: 2, PageSize: 1 });
    expect(page).toMatchObject({ PageNo: 2, PageSize: 1, TotalCount: 2 });
    expect((page.SyncRules as Row[])[0]!.SyncRuleName).toBe("ns-rule");
    expect(rules(h, A_ADV, {}, { RepoName: "app" }).map((r) => r.SyncRuleName)).toEqual(["to-shanghai"]);
    expect(rules(h, A_ADV, {}, { TargetInstanceId: "cri-other" })).toEqual([]);
    expect(rules(h, A_ADV, {}, { TargetRegionId: "cn-shanghai", NamespaceName: "team" })).toHaveLength(2);
    expect(h.authorizations.at(-1)).toEqual(["cr:ListSyncRule", `acs:cr:cn-hangzhou:${UID_A}:repository/${A_ADV}`]);
  });

  it("deletes a rule from its source only", () => {
    const h = setup();
    const id = h.call("CreateRepoSyncRule", repoRule()).SyncRuleId as string;
    const error = h.fail("DeleteRepoSyncRule", { InstanceId: A_SH, SyncRuleId: id }, "SYNC_RULE_DIRECTION_NOT_SUPPORT", { region: "cn-shanghai" });
    expect(error.message).toContain(A_ADV);
    h.call("DeleteRepoSyncRule", { InstanceId: A_ADV, SyncRuleId: id });
    expect(rules(h, A_ADV)).toEqual([]);
    expect(rules(h, A_SH, { region: "cn-shanghai" })).toEqual([]);
    h.fail("DeleteRepoSyncRule", { InstanceId: A_ADV, SyncRuleId: id }, "SYNC_RULE_NOT_EXIST");
    expect(h.authorizations.filter(([a]) => a === "cr:DeleteSyncRule")[0]).toEqual([
      "cr:DeleteSyncRule",
      `acs:cr:cn-shanghai:${UID_A}:repository/${A_SH}`,
    ]);
  });

  it("does not show or delete a rule through an unrelated instance", () => {
    const h = setup();
    const id = h.call("CreateRepoSyncRule", repoRule()).SyncRuleId as string;
    expect(rules(h, A_STD)).toEqual([]);
    h.fail("DeleteRepoSyncRule", { InstanceId: A_STD, SyncRuleId: id }, "SYNC_RULE_NOT_EXIST");
  });
});

describe("CR sync rules: cross account", () => {
  it("checks the target account's sync role on the target instance ARN, then lists the rule TO on the target", () => {
    const h = setup();
    const { SyncRuleId } = h.call("CreateRepoSyncRule", crossRule());
    expect(h.crossAccountCalls).toEqual([[UID_B, UID_A, "cr:CreateSyncRule", `acs:cr:cn-shanghai:${UID_B}:instance/${B_SH}`]]);
    const [from] = rules(h, A_ADV);
    expect(from).toMatchObject({ SyncRuleId, SyncDirection: "FROM", CrossUser: true, TargetInstanceId: B_SH });
    const [to] = rules(h, B_SH, { account: UID_B, region: "cn-shanghai" });
    expect(to).toMatchObject({ SyncRuleId, SyncDirection: "TO", CrossUser: true, LocalInstanceId: A_ADV });
    h.fail("DeleteRepoSyncRule", { InstanceId: B_SH, SyncRuleId: SyncRuleId as string }, "SYNC_RULE_DIRECTION_NOT_SUPPORT", {
      account: UID_B,
      region: "cn-shanghai",
    });
  });

  it("uses the main account's UID as the source when a RAM user creates the rule", () => {
    const h = setup();
    h.call("CreateRepoSyncRule", crossRule(), { principal: { kind: "user", arn: `acs:ram::${UID_A}:user/dev`, userName: "dev" } });
    expect(h.crossAccountCalls[0]![1]).toBe(UID_A);
  });

  it.each(["CROSS_ACCOUNT_ROLE_NOT_EXIST", "CROSS_ACCOUNT_ROLE_NOT_TRUSTED", "CROSS_ACCOUNT_ROLE_NO_PERMISSION"])(
    "refuses the rule when the sync-role check fails with %s, changing nothing",
    (code) => {
      const h = setup();
      h.crossAccount = () => {
        throw crError(code, "no");
      };
      h.fail("CreateRepoSyncRule", crossRule(), code);
      expect(rules(h, B_SH, { account: UID_B, region: "cn-shanghai" })).toEqual([]);
    },
  );

  it("checks the role before revealing whether the target instance exists", () => {
    const h = setup();
    h.crossAccount = () => {
      throw crError("CROSS_ACCOUNT_ROLE_NOT_EXIST", "no");
    };
    h.fail("CreateRepoSyncRule", crossRule({ TargetInstanceId: "cri-unknown00000000" }), "CROSS_ACCOUNT_ROLE_NOT_EXIST");
  });

  it("refuses a target instance the target account does not own", () => {
    const h = setup();
    h.fail("CreateRepoSyncRule", crossRule({ TargetInstanceId: A_SH }), "INSTANCE_NOT_EXIST");
  });

  it.each([
    [B_FIN, "cn-shanghai-finance-1"],
    [B_GOV, "cn-north-2-gov-1"],
  ])("refuses public-to-%s replication across accounts before any role check", (instanceId, regionId) => {
    const h = setup();
    h.fail("CreateRepoSyncRule", crossRule({ TargetInstanceId: instanceId, TargetRegionId: regionId }), "SYNC_REGION_NOT_SUPPORT");
    expect(h.crossAccountCalls).toEqual([]);
  });

  it("refuses a Basic source across accounts", () => {
    const h = setup();
    h.repo(A_BASIC, "team", "app");
    h.fail("CreateRepoSyncRule", crossRule({ InstanceId: A_BASIC }), "INSTANCE_EDITION_NOT_SUPPORT");
  });

  it("treats TargetUserId equal to the caller's own UID as same-account", () => {
    const h = setup();
    h.call("CreateRepoSyncRule", repoRule({ TargetUserId: UID_A }));
    expect(h.crossAccountCalls).toEqual([]);
    expect(rules(h, A_ADV)[0]!.CrossUser).toBe(false);
  });
});
