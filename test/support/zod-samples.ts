/**
 * Sample values built from a zod schema, in the shapes a definition really produces: every optional
 * field present, every optional field left as an explicit `undefined` (what `{ issue: task.issue }`
 * yields), and lists empty. Lists hold one complete item and one with its optional fields undefined.
 * Unknown zod node types throw, so a new kind of schema cannot slip past the contract test unchecked.
 */
import type { z } from "zod";

export type SampleShape = "present" | "absent" | "emptyLists";
export const SAMPLE_SHAPES: readonly SampleShape[] = ["present", "absent", "emptyLists"];

interface ZodDef {
  type: string;
  shape?: Record<string, ZodNode>;
  innerType?: ZodNode;
  element?: ZodNode;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: ZodNode[];
  keyType?: ZodNode;
  valueType?: ZodNode;
  in?: ZodNode;
  out?: ZodNode;
  getter?: () => ZodNode;
}
interface ZodNode {
  _zod: { def: ZodDef };
}

export function sampleOf(schema: z.ZodType, shape: SampleShape): unknown {
  return build(schema as unknown as ZodNode, shape, "present");
}

/** `itemShape` lets a list's second item leave its optional fields undefined while the first fills them. */
function build(node: ZodNode, shape: SampleShape, itemShape: SampleShape): unknown {
  const def = node._zod.def;
  switch (def.type) {
    case "object":
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, child]) => [key, build(child, shape, itemShape)]));
    case "optional":
      return itemShape === "absent" || shape === "absent" ? undefined : build(def.innerType!, shape, itemShape);
    case "nullable":
    case "default":
    case "readonly":
    case "nonoptional":
    case "catch":
      return build(def.innerType!, shape, itemShape);
    case "array":
      if (shape === "emptyLists") return [];
      return [build(def.element!, shape, "present"), build(def.element!, shape, "absent")];
    case "record":
      return shape === "emptyLists" ? {} : { key: build(def.valueType!, shape, itemShape) };
    case "union":
      return build(def.options![0], shape, itemShape);
    case "pipe":
      return build(def.in!, shape, itemShape);
    case "lazy":
      return build(def.getter!(), shape, itemShape);
    case "string":
      return "value";
    case "number":
    case "int":
      return 7;
    case "boolean":
      return true;
    case "enum":
      return Object.values(def.entries!)[0];
    case "literal":
      return def.values![0];
    case "unknown":
    case "any":
      return { nested: { list: [1, "two", undefined] } };
    default:
      throw new Error(`zod-samples cannot build a ${def.type}; teach it this type so the contract covers it`);
  }
}
