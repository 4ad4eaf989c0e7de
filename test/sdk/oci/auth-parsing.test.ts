import { describe, expect, it } from "vitest";
import { parseChallenges } from "../../../sdk/oci";
import { mergeScopes, parseScope, scopesCover } from "../../../sdk/oci/challenge";
import { redactRegistryUrl } from "../../../sdk/oci/errors";

describe("WWW-Authenticate parsing", () => {
  it("reads a Bearer challenge with quoted values, escapes and an error", () => {
    expect(
      parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push",error="insufficient_scope"'),
    ).toEqual([
      {
        scheme: "bearer",
        params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push", error: "insufficient_scope" },
      },
    ]);
    expect(parseChallenges('Bearer realm="a\\"b"')[0]!.params.realm).toBe('a"b');
  });

  it("reads several challenges in one header, and bare schemes", () => {
    expect(parseChallenges('Basic realm="Registry Realm", Bearer realm="https://t/x",service=s').map((c) => [c.scheme, c.params])).toEqual([
      ["basic", { realm: "Registry Realm" }],
      ["bearer", { realm: "https://t/x", service: "s" }],
    ]);
    expect(parseChallenges("Negotiate")).toEqual([{ scheme: "negotiate", params: {} }]);
    expect(parseChallenges("")).toEqual([]);
  });
});

describe("token scopes", () => {
  it("splits a scope at its first and last colon, so host:port names survive", () => {
    expect(parseScope("repository:reg.example:5000/ns/app:pull,push")).toEqual({
      type: "repository",
      name: "reg.example:5000/ns/app",
      actions: ["pull", "push"],
    });
  });

  it("merges actions of the same resource into one stable cache key", () => {
    expect(mergeScopes(["repository:a:push"], ["repository:b:pull", "repository:a:pull"])).toEqual(["repository:a:pull,push", "repository:b:pull"]);
  });

  it("knows when a granted scope set covers a needed one", () => {
    expect(scopesCover(["repository:a:pull,push"], ["repository:a:pull"])).toBe(true);
    expect(scopesCover(["repository:a:pull"], ["repository:a:pull,push"])).toBe(false);
    expect(scopesCover(["repository:a:*"], ["repository:a:delete"])).toBe(true);
    expect(scopesCover(["repository:a:pull"], ["repository:a:pull", "repository:b:pull"])).toBe(false);
  });
});

describe("redactRegistryUrl", () => {
  it("drops userinfo and masks every query value but the harmless ones", () => {
    expect(redactRegistryUrl("https://u:p@reg.example/v2/r/blobs/uploads/x?_state=abc&digest=sha256%3A12&token=t")).toBe(
      "https://reg.example/v2/r/blobs/uploads/x?_state=[redacted]&digest=sha256%3A12&token=[redacted]",
    );
  });
});
