/**
 * Our CR client held to the official request structs: every parameter CrClient sends, for every
 * action, must exist in the Go SDK cr-20181201 v2.5.0's <Action>Request with a matching kind (bool,
 * number, string, flattened list, JSON). The differences that remain are listed below, each with its
 * source; the test fails on any other difference, and also when a listed one disappears, so the list
 * stays exactly what is true.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { recordCrClientCalls, type RecordedCall } from "./cr-client-calls";
import { officialCrRequests, type OfficialRequests } from "./official-request-fields";
import { requestDifferences } from "./request-differences";

/**
 * Parameters or actions that newer API documents have and v2.5.0 lacks (kept on purpose, with the
 * place in shared/reference/acr-api.md that documents them).
 */
const DOCUMENTED_NEWER_THAN_SDK: Record<string, string> = {
  "CancelRepoSyncTask: no such action in the official SDK": "acr-api.md §errors: the newer CancelRepoSyncTask doc (400 SYNC_TASK_NOT_EXIST)",
  "CreateNamespace.DefaultRepoConfiguration: not in the official CreateNamespaceRequest": "acr-api.md CreateNamespace table: replaces the deprecated DefaultRepoType",
  "UpdateNamespace.DefaultRepoConfiguration: not in the official UpdateNamespaceRequest": "acr-api.md CreateNamespace/UpdateNamespace: a JSON object",
  "CreateRepoSyncRule.RepoNameFilter: not in the official CreateRepoSyncRuleRequest": "acr-api.md CreateRepoSyncRule table: regex, NAMESPACE scope only",
  "CreateRepoSyncRule.LinkId: not in the official CreateRepoSyncRuleRequest": "acr-api.md CreateRepoSyncRule table: custom sync link id",
  "CreateRepoSyncTaskByRule.Priority: not in the official CreateRepoSyncTaskByRuleRequest": "acr-api.md CreateRepoSyncTaskByRule: Priority 1–5 [DOC]",
  "GetAuthorizationToken.ExpiresInHours: not in the official GetAuthorizationTokenRequest": "acr-api.md GetAuthorizationToken: ExpiresInHours 1–24, a newer optional parameter",
  "ListRepoTag.MaxResults: not in the official ListRepoTagRequest": "acr-api.md pagination: token style (MaxResults/NextToken)",
  "ListRepoTag.NextToken: not in the official ListRepoTagRequest": "acr-api.md pagination: token style (MaxResults/NextToken)",
  "ListRepository.MaxResults: not in the official ListRepositoryRequest": "acr-api.md pagination: token style (MaxResults/NextToken)",
  "ListRepository.NextToken: not in the official ListRepositoryRequest": "acr-api.md pagination: token style (MaxResults/NextToken)",
};

let calls: RecordedCall[];
let official: OfficialRequests;

beforeAll(() => {
  official = officialCrRequests();
}, 300_000);

describe("CrClient requests against the official Go SDK's request structs", () => {
  it("reads the official structs of every action the client sends", async () => {
    calls = await recordCrClientCalls();
    expect(calls.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(official).length).toBeGreaterThan(90);
    expect(official.CreateRepoSyncRule).toContainEqual({ name: "TargetUserId", kind: "string" });
    expect(official.ListNamespace).toContainEqual({ name: "PageSize", kind: "number" });
    // The methods CrClient inherits (instance endpoints, lifecycle rules, triggers) are checked too.
    const actions = calls.map((c) => c.action);
    for (const action of ["GetInstanceUsage", "UpdateInstanceEndpointStatus", "CreateInstanceEndpointAclPolicy", "DeleteInstanceEndpointAclPolicy", "CreateArtifactLifecycleRule", "UpdateArtifactLifecycleRule", "GetArtifactLifecycleRule", "DeleteArtifactLifecycleRule", "ListArtifactLifecycleRule", "CreateRepoTrigger", "UpdateRepoTrigger", "DeleteRepoTrigger", "ListRepoTrigger"]) {
      expect(actions, action).toContain(action);
    }
  });

  it("sends no parameter the official request lacks, nor one of another kind, beyond the listed ones", () => {
    const differences = requestDifferences(calls, official);
    const explained = new Set(Object.keys(DOCUMENTED_NEWER_THAN_SDK));
    expect(differences.filter((d) => !explained.has(d)), "differences nobody has explained").toEqual([]);
    expect([...explained].filter((d) => !differences.includes(d)), "listed differences that no longer happen").toEqual([]);
  });

  it("catches a parameter sent with the wrong kind or a name the SDK does not have", () => {
    const forged: RecordedCall[] = [
      { method: "listNamespace", action: "ListNamespace", params: { InstanceId: "cri-x", PageSize: "ten", NameSpace: "apps" } },
      { method: "createNamespace", action: "CreateNamespace", params: { InstanceId: "cri-x", AutoCreateRepo: "yes" } },
    ];
    expect(requestDifferences(forged, official)).toEqual([
      'CreateNamespace.AutoCreateRepo: the official kind is bool, got "yes"',
      "ListNamespace.NameSpace: not in the official ListNamespaceRequest",
      'ListNamespace.PageSize: the official kind is number, got "ten"',
    ]);
  });
});
