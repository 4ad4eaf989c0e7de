/**
 * CrossAccountReplication is a component with a hand-written TypeScript interface; its zod schema
 * feeds schema.json. These checks keep the two from drifting apart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { crossAccountReplicationInputs } from "../../provider/resources/cross-account-replication/args";
import type { CrossAccountReplicationArgs } from "../../provider/resources/cross-account-replication/resource";

type SchemaKeys = keyof z.input<typeof crossAccountReplicationInputs>;
// `trust` takes a resource object, which a package schema cannot describe.
type ArgKeys = Exclude<keyof CrossAccountReplicationArgs, "trust">;
// Fails to compile when either side has a key the other lacks.
const sameKeys: [ArgKeys] extends [SchemaKeys] ? ([SchemaKeys] extends [ArgKeys] ? true : false) : false = true;

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));
const component = schema.resources["pulumi-acr-ee:acr:CrossAccountReplication"];

describe("CrossAccountReplication in schema.json", () => {
  it("is a component whose inputs are exactly the class's arguments", () => {
    expect(sameKeys).toBe(true);
    expect(component.isComponent).toBe(true);
    expect(Object.keys(component.inputProperties).sort()).toEqual(Object.keys(crossAccountReplicationInputs.shape).sort());
  });

  it("marks both accounts' connections secret and requires them", () => {
    for (const key of ["sourceConnection", "targetConnection"]) {
      expect(component.inputProperties[key]).toMatchObject({ $ref: "#/types/pulumi-acr-ee:acr:Connection", secret: true });
      expect(component.requiredInputs).toContain(key);
    }
  });
});
