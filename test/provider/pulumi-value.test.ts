/**
 * Every value the dispatcher hands the provider host must survive google-protobuf's
 * Struct.fromJavaScript, the serializer the host calls on check, create, read and update results.
 * Outputs are built from each definition's own zod output schema, so a new resource or field is
 * covered without touching this test.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as dispatch from "../../provider/dispatch";
import { loadDefinitions } from "../../provider/definitions";
import { ProviderError } from "../../provider/errors";
import { toPulumiValue } from "../../provider/pulumi-value";
import { SAMPLE_SHAPES, sampleOf } from "../support/zod-samples";

// The same google-protobuf the dynamic provider host loads (resolved from @pulumi/pulumi's own tree).
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"));
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: object): { toJavaScript(): unknown } };
};
const serialize = (value: object) => structproto.Struct.fromJavaScript(value).toJavaScript();

const definitions = loadDefinitions();
const NAMES = Object.keys(definitions).sort();

afterEach(() => vi.restoreAllMocks());

describe("the provider host's serializer itself", () => {
  it("rejects undefined inside a list item, the refresh crash seen after replication", () => {
    expect(() => serialize({ latestTasks: [{ syncTaskId: "t", issue: undefined }] })).toThrow(/Unexpected struct type/);
  });
  it("is loaded from @pulumi/pulumi's dependency tree", () => {
    expect(fromPulumi.resolve("google-protobuf/google/protobuf/struct_pb")).toContain(`${path.sep}google-protobuf${path.sep}`);
  });
});

describe.each(NAMES)("%s outputs reach Pulumi intact", (name) => {
  const def = definitions[name];

  it.each(SAMPLE_SHAPES)("read() results in the %s shape serialize", async (shape) => {
    const outs = sampleOf(def.outputs, shape) as Record<string, unknown>;
    vi.spyOn(def, "read").mockResolvedValue({ outs, inputs: outs });
    const result = await dispatch.read(name, "id-1", {});
    expect(() => serialize(result.props)).not.toThrow();
    expect(() => serialize(result.inputs!)).not.toThrow();
    expect(serialize(result.props)).toEqual(JSON.parse(JSON.stringify(result.props)));
  });

  it.each(SAMPLE_SHAPES)("create() and update() results in the %s shape serialize", async (shape) => {
    const outs = sampleOf(def.outputs, shape) as Record<string, unknown>;
    vi.spyOn(def, "create").mockResolvedValue({ id: "id-1", outs });
    const created = await dispatch.create(name, {});
    expect(() => serialize(created.outs)).not.toThrow();
    if (def.update) {
      vi.spyOn(def, "update").mockResolvedValue(outs);
      const updated = await dispatch.update(name, "id-1", {}, {});
      expect(() => serialize(updated.outs)).not.toThrow();
    }
  });
});

describe("toPulumiValue", () => {
  it("drops undefined at every depth and keeps null, false, 0 and empty values", () => {
    const value = { a: undefined, b: null, c: false, d: 0, e: "", f: [], g: {}, h: [{ x: undefined, y: 1 }], i: { j: { k: undefined, l: [undefined, 2] } } };
    expect(toPulumiValue("T", value)).toEqual({ b: null, c: false, d: 0, e: "", f: [], g: {}, h: [{ y: 1 }], i: { j: { l: [null, 2] } } });
    expect(() => serialize(toPulumiValue("T", value))).not.toThrow();
  });

  const refused: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["NaN", { stats: [{ size: Number.NaN }] }, "stats[0].size", /NaN/],
    ["Infinity", { ratio: Number.POSITIVE_INFINITY }, "ratio", /Infinity/],
    ["a function", { hook: { run: () => 1 } }, "hook.run", /function/],
    ["a bigint", { total: [BigInt(1)] }, "total[0]", /bigint/],
    ["a Date", { when: new Date(0) }, "when", /Date/],
    ["a class instance", { where: new URL("http://127.0.0.1/") }, "where", /URL/],
    ["a Map", { tags: new Map() }, "tags", /Map/],
  ];
  it.each(refused)("refuses %s with a ProviderError naming the type and field path", (_label, value, field, problem) => {
    let thrown: unknown;
    try {
      toPulumiValue("ReplicationRule", value);
    } catch (error) {
      thrown = error;
    }
    expect(ProviderError.is(thrown)).toBe(true);
    const error = thrown as ProviderError;
    expect(error.field).toBe(field);
    expect(error.code).toBe("UnserializableOutput");
    expect(error.message).toContain("ReplicationRule");
    expect(error.message).toContain(`output field ${field} `);
    expect(error.message).toMatch(problem);
  });

  it("refuses a cycle, naming where it closes", () => {
    const task: Record<string, unknown> = { id: "t" };
    task.self = { back: task };
    expect(() => toPulumiValue("ImageSync", { tasks: [task] })).toThrow(/ImageSync: output field tasks\[0\]\.self\.back refers back to itself/);
  });

  it("accepts the same object twice when it is shared, not cyclic", () => {
    const shared = { tag: "v1" };
    expect(toPulumiValue("T", { a: shared, b: [shared] })).toEqual({ a: { tag: "v1" }, b: [{ tag: "v1" }] });
  });
});
