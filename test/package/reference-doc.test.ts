/**
 * docs/reference.md is generated from schema.json; a stale copy would mislead users reading the README.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { referencePath, renderReference } from "../../scripts/gen-reference";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));

describe("docs/reference.md", () => {
  it("matches what npm run reference renders from the committed schema.json", () => {
    expect(fs.readFileSync(referencePath(), "utf8")).toBe(renderReference(schema));
  });

  it("has a section for every resource and function in the schema, with secrets marked", () => {
    const text = renderReference(schema);
    for (const token of Object.keys(schema.resources)) expect(text).toContain(`## ${token.split(":").pop()}\n`);
    for (const token of Object.keys(schema.functions ?? {})) expect(text).toContain(`## ${token.split(":").pop()}()`);
    expect(text).toMatch(/`password` \| string \| yes \| .*\*secret\*/);
  });
});
