import { describe, expect, it } from "vitest";
import { diffInputs, NAMESPACE_REPLACE_KEYS, REPOSITORY_REPLACE_KEYS } from "../../provider/diff";

const repo = { instanceId: "cri-a", namespace: "ns", name: "app", summary: "s", repoType: "PRIVATE" };

describe("diff separates replacements from in-place updates", () => {
  it.each(["instanceId", "namespace", "name"])("replaces a repository when %s changes", (key) => {
    const d = diffInputs(repo, { ...repo, [key]: "other" }, REPOSITORY_REPLACE_KEYS);
    expect(d).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: true });
  });

  it.each([["summary", "new"], ["repoType", "PUBLIC"], ["detail", "d"], ["tagImmutability", true]])(
    "updates a repository in place when %s changes",
    (key, value) => {
      const d = diffInputs(repo, { ...repo, [key]: value }, REPOSITORY_REPLACE_KEYS);
      expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    },
  );

  it("ignores __provider and adopt", () => {
    const d = diffInputs({ ...repo, __provider: "a" }, { ...repo, __provider: "b", adopt: true }, REPOSITORY_REPLACE_KEYS);
    expect(d.changes).toBe(false);
  });

  it("replaces a namespace on rename but updates its defaults in place", () => {
    const ns = { instanceId: "cri-a", name: "ns", autoCreateRepo: false };
    expect(diffInputs(ns, { ...ns, name: "ns2" }, NAMESPACE_REPLACE_KEYS).replaces).toEqual(["name"]);
    expect(diffInputs(ns, { ...ns, autoCreateRepo: true }, NAMESPACE_REPLACE_KEYS)).toEqual({
      changes: true, replaces: [], deleteBeforeReplace: false,
    });
  });
});
