import { describe, expect, it } from "vitest";
import { InvalidReferenceError, formatReference, manifestReference, parseReference } from "../../../sdk/oci";

const digest = `sha256:${"a".repeat(64)}`;

describe("parseReference", () => {
  it.each([
    ["registry.cn-hangzhou.aliyuncs.com/ns/app:v1", { registry: "registry.cn-hangzhou.aliyuncs.com", repository: "ns/app", tag: "v1" }],
    ["127.0.0.1:5000/a/b/c", { registry: "127.0.0.1:5000", repository: "a/b/c" }],
    ["localhost/app@" + digest, { registry: "localhost", repository: "app", digest }],
    ["host:443/ns/app:1.0@" + digest, { registry: "host:443", repository: "ns/app", tag: "1.0", digest }],
    ["nginx", { registry: "docker.io", repository: "library/nginx" }],
    ["bitnami/redis:7", { registry: "docker.io", repository: "bitnami/redis", tag: "7" }],
    ["[::1]:5000/app:x", { registry: "[::1]:5000", repository: "app", tag: "x" }],
  ])("reads %s", (input, expected) => {
    expect(parseReference(input)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  it.each([
    ["", "empty"],
    ["host/App", "lowercase"],
    ["host/app:", "tag"],
    ["host/app:-bad", "tag"],
    ["host/app@sha256:abc", "digest"],
    ["host/app@sha256:" + "A".repeat(64), "digest"],
    ["host//app", "repository"],
  ])("rejects %s", (input, reason) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(new RegExp(reason));
  });

  it("formats back to the canonical form and picks the digest over the tag to fetch", () => {
    const ref = parseReference(`reg.example:5000/ns/app:v2@${digest}`);
    expect(formatReference(ref)).toBe(`reg.example:5000/ns/app:v2@${digest}`);
    expect(manifestReference(ref)).toBe(digest);
    expect(manifestReference(parseReference("reg.example/ns/app"))).toBe("latest");
  });
});
