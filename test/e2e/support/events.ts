/** What an engine operation did to each resource, from its events: `{ "<type>::<name>": op }` without the unchanged. */
import type { EngineEvent } from "@pulumi/pulumi/automation";

export interface ChangeLog {
  onEvent(event: EngineEvent): void;
  /** e.g. { "Namespace::target-namespace": "update", "Repository::web": "delete" } */
  changes(): Record<string, string>;
}

export function changeLog(): ChangeLog {
  const ops: Record<string, string> = {};
  return {
    onEvent(event) {
      const meta = event.resOutputsEvent?.metadata;
      if (!meta || meta.op === "same") return;
      // urn:pulumi:<stack>::<project>::<type>::<name>
      const [, , type = "", name = ""] = meta.urn.split("::");
      ops[`${type.split("$").pop()!.split(":").pop()}::${name}`] = meta.op;
    },
    changes: () => ({ ...ops }),
  };
}
