/**
 * check() at preview for the governance resources (issue 14) and ReplicationRuleRun: each invalid input gives one failure
 * naming the field and the fix, and no call reaches the (emulated) cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusedAtPreview } from "../check-refusal";
import { canonicalCidr } from "../../../provider/resources/endpoint-acl-policy/cidr";
import { triggerUrlProblem } from "../../../provider/resources/repo-trigger/url";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());

const valid: Record<string, Record<string, unknown>> = {
  EndpointAclPolicy: { instanceId: "cri-abc123", entry: "203.0.113.0/24", description: "office" },
  InternetEndpoint: { instanceId: "cri-abc123", enable: true },
  ArtifactLifecycleRule: { instanceId: "cri-abc123", scope: "REPO", namespaceName: "team", repoName: "web", retentionTagCount: 3, tagRegexp: "^release-", auto: true, scheduleTime: "WEEK" },
  ReplicationRuleRun: { instanceId: "cri-abc123", syncRuleId: "crsr-abc123", namespaceName: "team", repoName: "web", triggers: { build: 1 } },
  RepoTrigger: { instanceId: "cri-abc123", repoId: "crr-abc123", name: "deploy", url: "https://hooks.example.com/x?token=s3cr3t", type: "TAG_LIST", tags: ["v1", "latest"] },
};

type Case = [label: string, type: string, patch: Record<string, unknown>, property: string, reason: RegExp];

const cases: Case[] = [
  ["an address without a prefix", "EndpointAclPolicy", { entry: "203.0.113.7" }, "entry", /not an IPv4 CIDR/],
  ["an octet over 255", "EndpointAclPolicy", { entry: "256.0.0.0/8" }, "entry", /each number 0-255/],
  ["a prefix over 32", "EndpointAclPolicy", { entry: "10.0.0.0/33" }, "entry", /n 0-32/],
  ["an IPv6 block", "EndpointAclPolicy", { entry: "2001:db8::/32" }, "entry", /not an IPv4 CIDR/],
  ["a host name", "EndpointAclPolicy", { entry: "office.example.com/32" }, "entry", /not an IPv4 CIDR/],
  ["host bits set", "EndpointAclPolicy", { entry: "10.1.2.3/8" }, "entry", /host bits set: use 10\.0\.0\.0\/8/],
  ["an empty entry", "EndpointAclPolicy", { entry: "" }, "entry", /not an IPv4 CIDR/],
  ["a missing entry", "EndpointAclPolicy", { entry: undefined }, "entry", /is required/],
  ["a vpc endpoint type", "EndpointAclPolicy", { endpointType: "vpc" }, "endpointType", /"internet"/],
  ["a Chart module", "EndpointAclPolicy", { moduleName: "Chart" }, "moduleName", /"Registry"/],
  ["a bad instance id", "EndpointAclPolicy", { instanceId: "i-123" }, "instanceId", /cri-/],
  ["enable as a string", "InternetEndpoint", { enable: "yes" }, "enable", /true to open/],
  ["enable missing", "InternetEndpoint", { enable: undefined }, "enable", /is required/],
  ["a scope in lower case", "ArtifactLifecycleRule", { scope: "repo" }, "scope", /INSTANCE, NAMESPACE or REPO/],
  ["REPO scope without a repository", "ArtifactLifecycleRule", { repoName: undefined }, "repoName", /required when scope is REPO/],
  ["NAMESPACE scope with a repository", "ArtifactLifecycleRule", { scope: "NAMESPACE" }, "repoName", /left out when scope is NAMESPACE/],
  ["INSTANCE scope with a namespace", "ArtifactLifecycleRule", { scope: "INSTANCE", repoName: undefined }, "namespaceName", /left out when scope is INSTANCE/],
  ["no tags kept", "ArtifactLifecycleRule", { retentionTagCount: 0 }, "retentionTagCount", /at least 1/],
  ["a fractional tag count", "ArtifactLifecycleRule", { retentionTagCount: 2.5 }, "retentionTagCount", /whole number/],
  ["an invalid keep expression", "ArtifactLifecycleRule", { tagRegexp: "release-(" }, "tagRegexp", /not a valid regular expression/],
  ["auto without a schedule", "ArtifactLifecycleRule", { scheduleTime: undefined }, "scheduleTime", /required when auto is true/],
  ["a daily schedule", "ArtifactLifecycleRule", { scheduleTime: "DAY" }, "scheduleTime", /WEEK or MONTH/],
  ["a bad namespace name", "ArtifactLifecycleRule", { namespaceName: "Team" }, "namespaceName", /lower-case/],
  ["HTTPS on port 8443", "RepoTrigger", { url: "https://hooks.example.com:8443/x" }, "url", /HTTPS triggers may only use port 443/],
  ["HTTP on port 22", "RepoTrigger", { url: "http://hooks.example.com:22/x" }, "url", /HTTP port 22: allowed are 80, 21, 70/],
  ["HTTP on port 1024", "RepoTrigger", { url: "http://hooks.example.com:1024/x" }, "url", /1025-65535/],
  ["an ftp URL", "RepoTrigger", { url: "ftp://hooks.example.com/x" }, "url", /http or https/],
  ["not a URL", "RepoTrigger", { url: "hooks.example.com/x" }, "url", /not a URL/],
  ["a lower-case type", "RepoTrigger", { type: "all" }, "type", /ALL, TAG_LIST or TAG_REG_EXP/],
  ["TAG_LIST without tags", "RepoTrigger", { tags: [] }, "tags", /list at least one tag/],
  ["TAG_REG_EXP without an expression", "RepoTrigger", { type: "TAG_REG_EXP", tags: undefined }, "tagRegexp", /required when type is TAG_REG_EXP/],
  ["ALL with tags", "RepoTrigger", { type: "ALL" }, "tags", /left out when type is ALL/],
  ["a repository name for repoId", "RepoTrigger", { repoId: "team/web" }, "repoId", /crr-/],
  ["an empty trigger name", "RepoTrigger", { name: "" }, "name", /must not be empty/],
  ["a rule name for syncRuleId", "ReplicationRuleRun", { syncRuleId: "nightly" }, "syncRuleId", /crsr-/],
  ["a tag starting with '-'", "ReplicationRuleRun", { tag: "-v1" }, "tag", /not starting with '\.' or '-'/],
  ["triggers as a string", "ReplicationRuleRun", { triggers: "again" }, "triggers", /list or a map/],
  ["a 5 second wait", "ReplicationRuleRun", { waitTimeoutSeconds: 5 }, "waitTimeoutSeconds", /at least 10 seconds/],
  ["a bad source repository", "ReplicationRuleRun", { repoName: "Web" }, "repoName", /lower-case/],
];

describe("check() refuses invalid governance inputs with one failure per field and no API call", () => {
  it.each(Object.entries(valid))("accepts a valid %s", async (type, bag) => {
    expect((await dispatch.check(type, {}, { ...bag, __provider: PROVIDER_TEXT })).failures).toEqual([]);
  });

  it.each(cases)("refuses %s", (_label, type, patch, property, reason) => expectRefusedAtPreview(h, type, { ...valid[type], ...patch }, property, reason));

  it("never repeats a trigger URL (it may carry a token) in a failure", async () => {
    const result = await dispatch.check("RepoTrigger", {}, { ...valid.RepoTrigger, url: "https://hooks.example.com:9443/x?token=s3cr3t", __provider: PROVIDER_TEXT });
    expect(JSON.stringify(result.failures)).not.toContain("s3cr3t");
  });

  it("accepts every port of seed 003's rule and the default ports", () => {
    for (const port of [21, 70, 80, 210, 280, 443, 488, 591, 777, 1025, 8080, 65535]) expect(triggerUrlProblem(`http://h.example:${port}/`), `http ${port}`).toBeUndefined();
    expect(triggerUrlProblem("http://h.example/")).toBeUndefined();
    expect(triggerUrlProblem("https://h.example/")).toBeUndefined();
    expect(triggerUrlProblem("https://h.example:443/")).toBeUndefined();
    for (const port of [22, 81, 444, 1024]) expect(triggerUrlProblem(`http://h.example:${port}/`), `http ${port}`).toBeDefined();
  });

  it("computes canonical CIDR blocks", () => {
    expect(canonicalCidr("127.0.0.1/32")).toBe("127.0.0.1/32");
    expect(canonicalCidr("0.0.0.0/0")).toBe("0.0.0.0/0");
    expect(canonicalCidr("192.168.77.200/20")).toBe("192.168.64.0/20");
    expect(canonicalCidr("255.255.255.255/1")).toBe("128.0.0.0/1");
  });
});
