/** customTimeouts.create reaches ImageReplication's wait: the dynamic provider host does not pass it, so the class does. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { durationSeconds, ImageReplication } from "../../../provider/resources/image-replication/resource";

beforeAll(() => {
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", false);
});

const args = {
  instanceId: "cri-source",
  namespaceName: "team",
  repoName: "web",
  tag: "v1",
  targetRegionId: "cn-shanghai",
  targetInstanceId: "cri-target",
  targetNamespaceName: "team",
};

function waitOf(extra: Record<string, unknown>, opts: pulumi.CustomResourceOptions): unknown {
  const seen: Array<Record<string, unknown>> = [];
  new ImageReplication(`copy-${Math.random().toString(36).slice(2)}`, { ...args, ...extra }, { ...opts, transformations: [(a) => (seen.push(a.props), undefined)] });
  return seen[0]!.waitTimeoutSeconds;
}

describe("ImageReplication and customTimeouts", () => {
  it("reads Go-style durations", () => {
    expect(durationSeconds("90s")).toBe(90);
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("2m")).toBe(120);
    expect(durationSeconds("soon")).toBeUndefined();
    expect(durationSeconds(undefined)).toBeUndefined();
  });

  it("waits as long as customTimeouts.create says, unless waitTimeoutSeconds is given", () => {
    expect(waitOf({}, { customTimeouts: { create: "45m" } })).toBe(2700);
    expect(waitOf({ waitTimeoutSeconds: 60 }, { customTimeouts: { create: "45m" } })).toBe(60);
    expect(waitOf({}, {})).toBeUndefined();
    // Clamped into what the input accepts.
    expect(waitOf({}, { customTimeouts: { create: "1s" } })).toBe(10);
  });
});
