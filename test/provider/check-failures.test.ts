import { describe, expect, it } from "vitest";
import { issuesToFailures } from "../../provider/failures";
import { namespaceArgsSchema } from "../../provider/resources/namespace-args";
import { repositoryArgsSchema } from "../../provider/resources/repository-args";

const okNs = { instanceId: "cri-abc123", name: "team-a" };
const okRepo = { instanceId: "cri-abc123", namespace: "team-a", name: "web/app", summary: "web", repoType: "PRIVATE" };

function failuresOf(schema: typeof namespaceArgsSchema | typeof repositoryArgsSchema, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : issuesToFailures(result.error.issues);
}

describe("check failures name the bad field and the fix", () => {
  it("accepts valid namespace and repository inputs", () => {
    expect(failuresOf(namespaceArgsSchema, okNs)).toEqual([]);
    expect(failuresOf(repositoryArgsSchema, okRepo)).toEqual([]);
  });

  it.each([
    ["namespace name with upper case", { ...okNs, name: "Team" }, "name", /lower-case/],
    ["namespace name of one character", { ...okNs, name: "a" }, "name", /2-120/],
    ["namespace name ending with a separator", { ...okNs, name: "team-" }, "name", /separator/],
    ["namespace name of 121 characters", { ...okNs, name: "a".repeat(121) }, "name", /2-120/],
    ["bad instance id", { ...okNs, instanceId: "i-123" }, "instanceId", /cri-/],
    ["unknown default repo type", { ...okNs, defaultRepoType: "SHARED" }, "defaultRepoType", /PUBLIC or PRIVATE/],
  ])("rejects a %s", (_label, input, property, reason) => {
    const failures = failuresOf(namespaceArgsSchema, input);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.property).toBe(property);
    expect(failures[0]!.reason).toMatch(reason);
  });

  it.each([
    ["repository name starting with a slash", { ...okRepo, name: "/app" }, "name", /starting and ending/],
    ["empty summary", { ...okRepo, summary: "" }, "summary", /must not be empty/],
    ["summary over 100 characters", { ...okRepo, summary: "s".repeat(101) }, "summary", /at most 100/],
    ["detail over 2000 characters", { ...okRepo, detail: "d".repeat(2001) }, "detail", /at most 2000/],
    ["lower-case repo type", { ...okRepo, repoType: "private" }, "repoType", /PUBLIC or PRIVATE/],
    ["non-boolean tag immutability", { ...okRepo, tagImmutability: "yes" }, "tagImmutability", /true or false/],
  ])("rejects a %s", (_label, input, property, reason) => {
    const failures = failuresOf(repositoryArgsSchema, input);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.property).toBe(property);
    expect(failures[0]!.reason).toMatch(reason);
  });

  it("reports each bad field once", () => {
    const failures = failuresOf(repositoryArgsSchema, { instanceId: 1, namespace: "X", name: "", summary: "", repoType: "x" });
    expect(failures.map((f) => f.property).sort()).toEqual(["instanceId", "name", "namespace", "repoType", "summary"]);
  });
});
