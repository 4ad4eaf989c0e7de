/**
 * Renders docs/reference.md from schema.json, so the README's resource reference can never drift from
 * the schema the provider validates with. `npm run reference` writes it; a test fails when it is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";

type Json = Record<string, any>;

const repo = path.join(__dirname, "..");

/** The short name of a `pkg:module:Name` token. */
const shortName = (token: string) => token.split(":").pop() ?? token;

function typeLabel(spec: Json): string {
  if (spec.$ref) return spec.$ref === "pulumi.json#/Any" ? "any" : shortName(String(spec.$ref).split("/").pop() ?? "");
  if (spec.type === "array") return `${typeLabel(spec.items ?? {})}[]`;
  if (spec.type === "object" && spec.additionalProperties) return `map<${typeLabel(spec.additionalProperties)}>`;
  if (spec.oneOf) return (spec.oneOf as Json[]).map(typeLabel).join(" | ");
  return spec.type ?? "any";
}

const cell = (text: unknown) => String(text ?? "").replace(/\|/g, "\\|").replace(/\n+/g, " ");

function propertyTable(props: Json, required: string[], notes: (name: string, spec: Json) => string[]): string[] {
  const lines = ["| Name | Type | Required | Description |", "|---|---|---|---|"];
  for (const [name, spec] of Object.entries(props)) {
    const flags = notes(name, spec as Json);
    const description = [cell((spec as Json).description), ...flags.map((f) => `*${f}*`)].filter(Boolean).join(" ");
    lines.push(`| \`${name}\` | ${cell(typeLabel(spec as Json))} | ${required.includes(name) ? "yes" : ""} | ${description} |`);
  }
  return lines;
}

function enumValues(spec: Json): string {
  return (spec.enum as Json[]).map((e) => `\`${e.value}\``).join(", ");
}

export function renderReference(schema: Json): string {
  const out: string[] = [
    "# Resource reference",
    "",
    `Generated from [schema.json](../schema.json) by \`npm run reference\`; do not edit by hand.`,
    "Every resource also takes `connection` (a per-resource account, stored as a secret) and `adopt`",
    "(take over an existing object, since `pulumi import` cannot work for dynamic resources).",
    "",
  ];
  for (const [token, resource] of Object.entries(schema.resources as Json).sort()) {
    const inputs = resource.inputProperties ?? {};
    const outputs = Object.fromEntries(Object.entries(resource.properties ?? {}).filter(([k]) => !(k in inputs)));
    out.push(`## ${shortName(token)}`, "", cell(resource.description), "", "**Inputs**", "");
    out.push(
      ...propertyTable(inputs, resource.requiredInputs ?? [], (_n, s) => [
        ...(s.willReplaceOnChanges ? ["replaces on change"] : []),
        ...(s.secret ? ["secret"] : []),
      ]),
    );
    if (Object.keys(outputs).length > 0) {
      out.push("", "**Outputs**", "", ...propertyTable(outputs, resource.required ?? [], (_n, s) => (s.secret ? ["secret"] : [])));
    }
    out.push("");
  }
  for (const [token, fn] of Object.entries((schema.functions ?? {}) as Json).sort()) {
    out.push(`## ${shortName(token)}()`, "", cell(fn.description), "", "**Arguments**", "");
    out.push(...propertyTable(fn.inputs?.properties ?? {}, fn.inputs?.required ?? [], (_n, s) => (s.secret ? ["secret"] : [])));
    out.push("", "**Result**", "", ...propertyTable(fn.outputs?.properties ?? {}, fn.outputs?.required ?? [], (_n, s) => (s.secret ? ["secret"] : [])));
    out.push("");
  }
  out.push("## Types", "");
  for (const [token, type] of Object.entries((schema.types ?? {}) as Json).sort()) {
    if (type.enum) {
      out.push(`- **${shortName(token)}**: one of ${enumValues(type)}`);
    } else {
      const fields = Object.entries(type.properties ?? {}).map(([k, v]) => `\`${k}\` (${typeLabel(v as Json)})`);
      out.push(`- **${shortName(token)}**: ${fields.join(", ")}`);
    }
  }
  out.push("");
  return out.join("\n");
}

export function referencePath(): string {
  return path.join(repo, "docs", "reference.md");
}

if (require.main === module) {
  const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8")) as Json;
  fs.mkdirSync(path.dirname(referencePath()), { recursive: true });
  fs.writeFileSync(referencePath(), renderReference(schema));
  process.stdout.write(`wrote ${path.relative(process.cwd(), referencePath())}\n`);
}
