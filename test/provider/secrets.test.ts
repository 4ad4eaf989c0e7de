/**
 * Secrets stay secret: resource classes wrap the connection as a Pulumi secret and pass the
 * definition's secret outputs as additionalSecretOutputs (observed through a transformation under
 * Pulumi's mocks), getAuthorizationToken returns its token and docker config as secrets, and no
 * secret value survives in an error message or stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../provider/definitions";
import * as dispatch from "../../provider/dispatch";
import { AcsError } from "../../sdk/errors";
import { register } from "../../provider/registry";
import { InstanceCredential, Namespace, RamRole, getAuthorizationToken } from "../../provider";
import { emulatorEndpoints, useSuiteEmulator } from "./suite-emulator";

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
});

type Seen = { props: Record<string, unknown>; opts: pulumi.CustomResourceOptions; type: string };

function observe(): { seen: Seen[]; transformations: pulumi.ResourceTransformation[] } {
  const seen: Seen[] = [];
  return { seen, transformations: [(args) => (seen.push({ props: args.props, opts: args.opts as pulumi.CustomResourceOptions, type: args.type }), undefined)] };
}

describe("resource classes", () => {
  it("mark InstanceCredential's password outputs secret and wrap the connection as a secret", async () => {
    const { seen, transformations } = observe();
    new InstanceCredential("cred", { instanceId: "cri-abc", password: "Given-Pass-1", connection: { region: "cn-hangzhou", secretKey: "sk-value" } }, { transformations });
    expect(seen[0]!.type).toBe("pulumi-nodejs:dynamic/acr:InstanceCredential");
    expect(seen[0]!.opts.additionalSecretOutputs).toEqual(["password", "loginPassword"]);
    expect(await pulumi.isSecret(seen[0]!.props.connection as pulumi.Output<unknown>)).toBe(true);
    expect(await pulumi.isSecret(seen[0]!.props.password as pulumi.Output<unknown>)).toBe(true);
    expect(Object.keys(seen[0]!.props)).toEqual(expect.arrayContaining(["loginPassword", "rotatedAt", "__provider"]));
  });

  it("keep the caller's own options when adding secret outputs, and wrap connections on every type", async () => {
    const { seen, transformations } = observe();
    new InstanceCredential("c2", { instanceId: "cri-abc" }, { transformations, additionalSecretOutputs: ["rotation"], protect: true });
    expect(seen[0]!.opts.additionalSecretOutputs).toEqual(["rotation", "password", "loginPassword"]);
    expect(seen[0]!.opts.protect).toBe(true);
    new Namespace("ns", { instanceId: "cri-abc", name: "team", connection: { accessKey: "ak", secretKey: "sk" } }, { transformations });
    new RamRole("role", { name: "R", assumeRolePolicyDocument: "{}", connection: { securityToken: "tok" } }, { transformations });
    for (const s of seen.slice(1)) expect(await pulumi.isSecret(s.props.connection as pulumi.Output<unknown>)).toBe(true);
  });
});

describe("getAuthorizationToken", () => {
  const suiteEmulator = useSuiteEmulator();

  it("returns the token and the docker config as secrets, the rest in the clear", async () => {
    const [a] = suiteEmulator().seed.accounts;
    const connection = { region: "cn-hangzhou", accessKey: a!.accessKeyId, secretKey: a!.accessKeySecret, endpoints: emulatorEndpoints(suiteEmulator()) };
    const result = getAuthorizationToken({ instanceId: a!.instances[0]!.instanceId, registry: "r.example", connection });
    expect(await pulumi.isSecret(result.password)).toBe(true);
    expect(await pulumi.isSecret(result.dockerConfigJson)).toBe(true);
    const config = await new Promise<string>((resolve) => result.dockerConfigJson.apply((v) => resolve(v)));
    expect(Object.keys(JSON.parse(config).auths)).toEqual(["r.example"]);
  });
});

describe("error messages", () => {
  const SECRET = "Sup3r-Secret-Key-Value";
  afterAll(() => dispatch.resetConfiguration());

  it("scrub connection secrets and secret inputs that a failing call echoes, message and stack", async () => {
    loadDefinitions();
    register({
      name: "EchoesSecrets",
      description: "test only",
      inputs: z.object({ password: z.string(), connection: z.any().optional() }),
      outputs: z.object({}),
      replaceKeys: [],
      secretOutputs: ["password"],
      async create(_ctx, inputs) {
        const i = inputs as { password: string; connection: { secretKey: string } };
        throw new AcsError({ code: "Echo", message: `refused ${i.password} signed with ${i.connection.secretKey}`, httpStatus: 400, operation: "Echo" });
      },
      async read() {
        return undefined;
      },
      async delete() {},
    });
    const error = (await dispatch.create("EchoesSecrets", { password: "Pass-Word-42", connection: { secretKey: SECRET } }).catch((e: unknown) => e)) as AcsError;
    expect(AcsError.is(error, "Echo")).toBe(true);
    expect(error.message).toBe("Echo: Echo: refused *** signed with ***");
    expect(error.stack).not.toContain(SECRET);
    expect(error.stack).not.toContain("Pass-Word-42");
  });

  it("scrub the stack config's secret key too", async () => {
    dispatch.configure((k) => ({ "alicloud:secretKey": SECRET, "alicloud:accessKey": "LTAIsomething", "alicloud:region": "cn-hangzhou" })[k]);
    register({
      name: "EchoesStackSecret",
      description: "test only",
      inputs: z.object({}),
      outputs: z.object({}),
      replaceKeys: [],
      async create() {
        throw new Error(`bad signature for ${SECRET}`);
      },
      async read() {
        return undefined;
      },
      async delete() {},
    });
    await expect(dispatch.create("EchoesStackSecret", {})).rejects.toThrow("bad signature for ***");
  });

  it("never show a malformed config value, only its key", () => {
    expect(() => dispatch.configure((k) => (k === "alicloud:assumeRole" ? `{"roleArn": "${SECRET}` : undefined))).toThrow(/alicloud:assumeRole must be JSON/);
    expect(() => dispatch.configure((k) => (k === "alicloud:assumeRole" ? `{"roleArn": "${SECRET}` : undefined))).not.toThrow(new RegExp(SECRET));
  });
});
