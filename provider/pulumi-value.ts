/**
 * Makes a value safe for the dynamic provider host, which hands every result of check, create, read
 * and update to google-protobuf's `Struct.fromJavaScript`. That serializer throws "Unexpected struct
 * type." on `undefined`, functions and bigints at any depth, and silently turns a Date, Map or class
 * instance into an empty struct. One crash there fails a whole `pulumi refresh`, so every value goes
 * through here first: `undefined` (nothing to record) is dropped at every depth, and anything that
 * cannot round-trip as JSON-like data is refused with the resource type and the field path.
 */
import { ProviderError } from "./errors";

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** A copy of `value` without `undefined` anywhere; throws ProviderError naming `typeName` and the path. */
export function toPulumiValue(typeName: string, value: Record<string, unknown>): Record<string, Plain> {
  return convert(typeName, value, "", new Set()) as Record<string, Plain>;
}

function convert(typeName: string, value: unknown, path: string, ancestors: Set<object>): Plain | undefined {
  switch (typeof value) {
    case "undefined":
      return undefined;
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) refuse(typeName, path, `is ${value}, which Pulumi state cannot hold`);
      return value;
    case "object":
      if (value === null) return null;
      return convertObject(typeName, value, path, ancestors);
    default:
      return refuse(typeName, path, `is a ${typeof value}, which Pulumi state cannot hold`);
  }
}

function convertObject(typeName: string, value: object, path: string, ancestors: Set<object>): Plain {
  if (ancestors.has(value)) refuse(typeName, path, "refers back to itself (a cycle)");
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    refuse(typeName, path, `is a ${value.constructor?.name ?? "class instance"}, not plain data; convert it to a string or plain object`);
  }
  ancestors.add(value);
  try {
    if (isArray) {
      // A hole or undefined inside a list has no protobuf form either; a list keeps its positions, so null stands in.
      return (value as unknown[]).map((item, i) => convert(typeName, item, `${path}[${i}]`, ancestors) ?? null);
    }
    const out: Record<string, Plain> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = convert(typeName, item, path ? `${path}.${key}` : key, ancestors);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function refuse(typeName: string, path: string, problem: string): never {
  const field = path || "(the whole result)";
  throw new ProviderError(
    `${typeName}: output field ${field} ${problem}. This is a bug in pulumi-acr-ee; please report it with this message.`,
    { field, code: "UnserializableOutput" },
  );
}
