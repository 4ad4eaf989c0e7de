/**
 * schema.json is generated from the zod schemas (`npm run schema`), committed, current, and valid
 * against Pulumi's package metaschema from the Go module github.com/pulumi/pulumi/pkg/v3@v3.248.0
 * (in the Go module cache once scripts/ensure-pulumi.sh has run).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { buildSchema, schemaText } from "../../scripts/gen-schema";

const repo = path.resolve(__dirname, "../..");
const PULUMI_PKG = "github.com/pulumi/pulumi/pkg/v3@v3.248.0";

function metaschemaPath(): string {
  const cache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  const file = path.join(cache, ...PULUMI_PKG.split("/"), "codegen", "schema", "pulumi.json");
  if (!fs.existsSync(file)) throw new Error(`Pulumi's metaschema is not in the Go module cache (${PULUMI_PKG}): run scripts/ensure-pulumi.sh first`);
  return file;
}

describe("schema.json", () => {
  it("is up to date with the zod schemas: run `npm run schema` when this fails", () => {
    expect(fs.readFileSync(path.join(repo, "schema.json"), "utf8")).toBe(schemaText());
  });

  it("is valid against Pulumi's package metaschema", () => {
    const metaschema = JSON.parse(fs.readFileSync(metaschemaPath(), "utf8"));
    // The metaschema uses the uri-reference and regex formats, which need no checking here.
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(metaschema);
    const ok = validate(JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("fails the metaschema when a resource is malformed, so the check can fail", () => {
    const metaschema = JSON.parse(fs.readFileSync(metaschemaPath(), "utf8"));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(metaschema);
    const broken = buildSchema() as { resources: Record<string, { properties: Record<string, unknown> }> };
    broken.resources["pulumi-acr-ee:acr:Namespace"]!.properties.name = { type: "text" };
    expect(validate(broken)).toBe(false);
  });

  it("describes every resource, input, output, secret and replacement", () => {
    const schema = buildSchema() as {
      resources: Record<string, { inputProperties: Record<string, { secret?: boolean; willReplaceOnChanges?: boolean }>; properties: Record<string, { secret?: boolean }>; requiredInputs?: string[] }>;
      functions: Record<string, { outputs: { properties: Record<string, { secret?: boolean }> } }>;
    };
    for (const type of ["Namespace", "Repository", "InstanceCredential", "RamRole", "RamPolicy", "RamRolePolicyAttachment"]) {
      expect(schema.resources[`pulumi-acr-ee:acr:${type}`], type).toBeDefined();
      expect(schema.resources[`pulumi-acr-ee:acr:${type}`]!.inputProperties.connection!.secret).toBe(true);
    }
    const repoRes = schema.resources["pulumi-acr-ee:acr:Repository"]!;
    expect(repoRes.requiredInputs).toEqual(["instanceId", "namespace", "name", "summary", "repoType"]);
    expect(repoRes.inputProperties.name!.willReplaceOnChanges).toBe(true);
    expect(repoRes.inputProperties.summary!.willReplaceOnChanges).toBeUndefined();
    expect(schema.resources["pulumi-acr-ee:acr:InstanceCredential"]!.properties.loginPassword!.secret).toBe(true);
    const token = schema.functions["pulumi-acr-ee:acr:getAuthorizationToken"]!.outputs.properties;
    expect([token.password!.secret, token.dockerConfigJson!.secret, token.username!.secret]).toEqual([true, true, undefined]);
  });
});
