/**
 * Generates schema.json, the Pulumi package schema, from the zod schemas of every registered
 * resource definition and of getAuthorizationToken (zod 4's JSON Schema output, converted to
 * Pulumi's type system). `npm run schema` writes it; a test fails when the committed file is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { loadDefinitions } from "../provider/definitions";
import { TYPE_MODULE } from "../provider/dynamic-resource-module";
import { authorizationTokenArgs, authorizationTokenResult } from "../provider/resources/authorization-token/args";
import { getInstanceArgs, getInstancesArgs, getInstancesResult, instanceDetails } from "../provider/resources/instance-lookup/args";
import {
  CROSS_ACCOUNT_REPLICATION_DESCRIPTION,
  crossAccountReplicationInputs,
  crossAccountReplicationOutputs,
} from "../provider/resources/cross-account-replication/args";

const PACKAGE = "pulumi-acr-ee";
const ANY = { $ref: "pulumi.json#/Any" };

type Json = Record<string, unknown>;
type TypeSpec = Json;

/** Names for shared enums, so Repository.repoType and Namespace.defaultRepoType share `RepoType`. */
const ENUM_NAMES: Record<string, string> = { "PUBLIC|PRIVATE": "RepoType", "System|Custom": "PolicyType" };

const token = (name: string) => `${PACKAGE}:${TYPE_MODULE}:${name}`;
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Named object and enum types collected while converting, keyed by token. */
class TypeTable {
  readonly types: Record<string, Json> = {};
  /** One enum type per set of values, named after the first property that uses it. */
  private readonly enums = new Map<string, string>();

  private put(name: string, spec: Json): string {
    let candidate = name;
    for (let i = 2; this.types[token(candidate)] && JSON.stringify(this.types[token(candidate)]) !== JSON.stringify(spec); i++) candidate = `${name}${i}`;
    this.types[token(candidate)] = spec;
    return `#/types/${token(candidate)}`;
  }

  /** A Pulumi type reference for one JSON Schema node; `name` names any object or enum type it needs. */
  convert(node: Json, name: string): TypeSpec {
    if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === "string")) {
      const values = node.enum as string[];
      const key = values.join("|");
      let ref = this.enums.get(key);
      if (!ref) {
        ref = this.put(ENUM_NAMES[key] ?? name, { type: "string", enum: values.map((value) => ({ value })) });
        this.enums.set(key, ref);
      }
      return { $ref: ref };
    }
    if (node.const !== undefined && typeof node.const === "string") return { type: "string" };
    const variants = (node.anyOf ?? node.oneOf) as Json[] | undefined;
    if (variants) {
      const specs = variants.filter((v) => v.type !== "null").map((v, i) => this.convert(v, `${name}${i}`));
      if (specs.length === 1) return specs[0]!;
      return { oneOf: specs };
    }
    switch (node.type) {
      case "string":
      case "boolean":
      case "number":
      case "integer":
        return { type: node.type };
      case "array":
        return { type: "array", items: node.items ? this.convert(node.items as Json, `${name}Item`) : ANY };
      case "object": {
        const properties = node.properties as Record<string, Json> | undefined;
        if (properties && Object.keys(properties).length > 0) {
          // The description stays on the property, so one shape used in several places is one type.
          return { $ref: this.put(name, { type: "object", ...this.objectProperties(node, name) }) };
        }
        const values = node.additionalProperties;
        return { type: "object", additionalProperties: values && typeof values === "object" && Object.keys(values).length > 0 ? this.convert(values as Json, `${name}Value`) : ANY };
      }
      default:
        return ANY;
    }
  }

  /** `properties` and `required` of an object node, each property a Pulumi property spec. */
  objectProperties(node: Json, owner: string, extra: (key: string) => Json = () => ({})): { properties: Record<string, Json>; required?: string[] } {
    const properties: Record<string, Json> = {};
    for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
      // Shared shapes get one type: the connection everywhere, enums by their values.
      const typeName = key === "connection" || key.endsWith("Connection") ? "Connection" : Array.isArray(child.enum) ? pascal(key) : `${owner}${pascal(key)}`;
      properties[key] = clean({ ...this.convert(child, typeName), description: child.description, ...extra(key) });
    }
    const required = (node.required as string[] | undefined)?.filter((k) => k in properties);
    return required?.length ? { properties, required } : { properties };
  }
}

function clean(spec: Json): Json {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
}

/** Every connection input (connection, sourceConnection, ...) holds keys, so each is a secret. */
function connectionKeys(inputs: z.ZodType): string[] {
  return Object.keys((jsonSchema(inputs, "input").properties ?? {}) as Json).filter((key) => key === "connection" || key.endsWith("Connection"));
}

/** The one component: described from its zod schemas, flagged so SDK generators emit a component. */
function componentSpec(table: TypeTable): Json {
  const secrets = new Set(connectionKeys(crossAccountReplicationInputs));
  const inputs = table.objectProperties(jsonSchema(crossAccountReplicationInputs, "input"), "CrossAccountReplication", (key) => ({ secret: secrets.has(key) || undefined }));
  const outputs = table.objectProperties(jsonSchema(crossAccountReplicationOutputs, "output"), "CrossAccountReplication");
  return clean({
    description: CROSS_ACCOUNT_REPLICATION_DESCRIPTION,
    isComponent: true,
    properties: outputs.properties,
    required: outputs.required,
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
  });
}

export function buildSchema(): Json {
  const table = new TypeTable();
  const resources: Record<string, Json> = {};
  const definitions = loadDefinitions();
  for (const name of Object.keys(definitions).sort()) {
    const def = definitions[name]!;
    const secrets = new Set([...connectionKeys(def.inputs), ...(def.secretOutputs ?? [])]);
    const inputs = table.objectProperties(jsonSchema(def.inputs, "input"), name, (key) => ({
      secret: secrets.has(key) || undefined,
      willReplaceOnChanges: def.replaceKeys.includes(key) || undefined,
    }));
    const outputs = table.objectProperties(jsonSchema(def.outputs, "output"), name, (key) => ({ secret: secrets.has(key) || undefined }));
    resources[token(name)] = clean({
      description: def.description,
      properties: outputs.properties,
      required: outputs.required,
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
      // The type the dynamic resource registers today, so a future provider plugin can alias it.
      aliases: [{ type: `pulumi-nodejs:dynamic/${TYPE_MODULE}:${name}` }],
    });
  }
  const component = componentSpec(table);
  resources[token("CrossAccountReplication")] = component;
  const fnInputs = table.objectProperties(jsonSchema(authorizationTokenArgs, "input"), "GetAuthorizationToken", (key) => ({ secret: key === "connection" || undefined }));
  const fnOutputs = table.objectProperties(jsonSchema(authorizationTokenResult, "output"), "GetAuthorizationTokenResult", (key) => ({
    secret: key === "password" || key === "dockerConfigJson" || undefined,
  }));
  const connectionSecret = (key: string) => ({ secret: key === "connection" || undefined });
  const plainFunction = (description: string, args: Parameters<typeof jsonSchema>[0], result: Parameters<typeof jsonSchema>[0], typeName: string) => ({
    description,
    inputs: { type: "object", ...table.objectProperties(jsonSchema(args, "input"), typeName, connectionSecret) },
    outputs: { type: "object", ...table.objectProperties(jsonSchema(result, "output"), `${typeName}Result`, () => ({})) },
  });
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud ACR EE (dynamic)",
    version: "0.1.0",
    description: "Alibaba Cloud Container Registry Enterprise Edition, RAM and replication as Pulumi dynamic resources.",
    keywords: ["pulumi", "alicloud", "acr", "container-registry", "category/cloud"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    types: Object.fromEntries(Object.entries(table.types).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, clean(v)])),
    resources,
    functions: {
      [`${PACKAGE}:${TYPE_MODULE}:getAuthorizationToken`]: {
        description: "Temporary `docker login` credentials for an instance; the token and the docker config JSON are secrets.",
        inputs: { type: "object", ...fnInputs },
        outputs: { type: "object", ...fnOutputs },
      },
      [`${PACKAGE}:${TYPE_MODULE}:getInstance`]: plainFunction(
        "One ACR EE instance: edition, status, region, name, the internet endpoint's domains and ACL entries, namespace and repository quota and usage.",
        getInstanceArgs, instanceDetails, "GetInstance",
      ),
      [`${PACKAGE}:${TYPE_MODULE}:getInstances`]: plainFunction(
        "The caller's ACR EE instances in the region, filtered by name regular expression and status, each with getInstance's details.",
        getInstancesArgs, getInstancesResult, "GetInstances",
      ),
    },
  };
}

/** The text `npm run schema` writes: stable key order, two-space indent, trailing newline. */
export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const target = path.resolve(__dirname, "..", "schema.json");
  fs.writeFileSync(target, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
