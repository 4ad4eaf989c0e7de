/** Compares recorded wire requests with the official request fields; each difference names the action and field. */
import type { RecordedCall } from "./cr-client-calls";
import type { OfficialKind, OfficialRequests } from "./official-request-fields";

const SCALAR: Partial<Record<OfficialKind, RegExp>> = { number: /^-?\d+$/, bool: /^(true|false)$/ };

function jsonish(value: string): boolean {
  try {
    return typeof JSON.parse(value) === "object";
  } catch {
    return false;
  }
}

/** `Action.Field: why`, sorted, for every parameter the official request struct would not send so. */
export function requestDifferences(calls: RecordedCall[], official: OfficialRequests): string[] {
  const found = new Set<string>();
  for (const call of calls) {
    const fields = official[call.action];
    if (!fields) {
      found.add(`${call.action}: no such action in the official SDK`);
      continue;
    }
    for (const [wireName, value] of Object.entries(call.params)) {
      const [name, ...rest] = wireName.split(".");
      const field = fields.find((f) => f.name === name);
      const where = `${call.action}.${name}`;
      if (!field) {
        found.add(`${where}: not in the official ${call.action}Request`);
        continue;
      }
      const flattened = rest.length > 0;
      if (flattened && !["list", "map", "object"].includes(field.kind)) found.add(`${where}: sent flattened (${wireName}) but the official kind is ${field.kind}`);
      else if (!flattened && ["list", "map", "object"].includes(field.kind)) found.add(`${where}: sent as one value but the official kind is ${field.kind}`);
      else if (field.kind === "json" && !jsonish(value)) found.add(`${where}: the official SDK sends JSON here, got ${JSON.stringify(value)}`);
      else if (SCALAR[field.kind] && !SCALAR[field.kind]!.test(value)) found.add(`${where}: the official kind is ${field.kind}, got ${JSON.stringify(value)}`);
    }
  }
  return [...found].sort();
}
