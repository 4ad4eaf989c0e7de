/**
 * The CrossAccountReplication component's wiring under pulumi.runtime mocks: which children, in which
 * account, with which inputs and dependsOn (the teardown order). Mocks judge structure only; the
 * full engine run of the cross-account example belongs to the e2e suite, and the children's
 * behaviour against the emulator is cross-account.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { CrossAccountReplication } from "../../../provider/resources/cross-account-replication/resource";

const B_UID = "2000000000000002";

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      // Dynamic resources: echo the inputs, and give the trust B's UID like its create would.
      newResource: (args) => {
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.name.endsWith("-trust")) Object.assign(state, { roleName: "aliyuncontainerregistrycrossaccoutsyncrole", targetAccountId: B_UID });
        if (args.name.endsWith("-rule")) state.syncRuleId = "crsr-mock";
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
});

type Seen = { name: string; type: string; props: Record<string, unknown>; opts: pulumi.CustomResourceOptions };

function build(extra: Partial<ConstructorParameters<typeof CrossAccountReplication>[1]> = {}) {
  const seen: Seen[] = [];
  const transformations: pulumi.ResourceTransformation[] = [
    (args) => (seen.push({ name: args.name, type: args.type, props: args.props, opts: args.opts as pulumi.CustomResourceOptions }), undefined),
  ];
  const component = new CrossAccountReplication(
    "a-to-b",
    {
      sourceConnection: { region: "cn-hangzhou", accessKey: "ak-a", secretKey: "secret-of-a" },
      targetConnection: { region: "cn-shanghai", accessKey: "ak-b", secretKey: "secret-of-b" },
      sourceInstanceId: "cri-source",
      sourceNamespaceName: "team",
      targetInstanceId: "cri-target",
      targetRegionId: "cn-shanghai",
      tagFilter: "v.*",
      backfill: true,
      ...extra,
    },
    { transformations },
  );
  return { component, seen: seen.filter((s) => s.name !== "a-to-b") };
}

const resolved = <T>(value: unknown) => new Promise<T>((resolve) => pulumi.output(value as pulumi.Input<T>).apply((v) => resolve(v as T)));
const byName = (seen: Seen[], suffix: string) => seen.find((s) => s.name.endsWith(suffix))!;

describe("CrossAccountReplication wiring", () => {
  it("builds trust, policy, attachment and namespace in B, then the rule in A targeting B's UID", async () => {
    const { component, seen } = build();
    expect(seen.map((s) => s.name)).toEqual(["a-to-b-trust", "a-to-b-policy", "a-to-b-attachment", "a-to-b-target-namespace", "a-to-b-rule"]);
    expect(seen.map((s) => s.type.split(":").pop())).toEqual(["CrossAccountTrust", "RamPolicy", "RamRolePolicyAttachment", "Namespace", "ReplicationRule"]);

    const trust = byName(seen, "-trust");
    expect((await resolved<Record<string, unknown>>(trust.props.connection)).secretKey).toBe("secret-of-b");
    expect(await pulumi.isSecret(trust.props.sourceConnection as pulumi.Output<unknown>)).toBe(true);

    const policy = await resolved<Record<string, unknown>>(byName(seen, "-policy").props.document);
    expect(policy).toEqual({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:cn-shanghai:${B_UID}:instance/cri-target` }],
    });
    expect(await resolved(byName(seen, "-attachment").props.roleName)).toBe("aliyuncontainerregistrycrossaccoutsyncrole");
    expect(await resolved(byName(seen, "-target-namespace").props.autoCreateRepo)).toBe(true);
    expect(await resolved(byName(seen, "-target-namespace").props.name)).toBe("team");

    const rule = byName(seen, "-rule");
    expect(await resolved(rule.props.targetUserId)).toBe(B_UID);
    expect((await resolved<Record<string, unknown>>(rule.props.connection)).secretKey).toBe("secret-of-a");
    expect(await resolved(rule.props.syncScope)).toBe("NAMESPACE");
    expect(await resolved(rule.props.backfill)).toBe(true);
    // The rule waits for everything in B, so destroy removes it first.
    expect((rule.opts.dependsOn as pulumi.Resource[]).length).toBe(3);
    expect((byName(seen, "-attachment").opts.dependsOn as pulumi.Resource[]).length).toBe(2);
    expect(await resolved(component.syncRuleId)).toBe("crsr-mock");
  });

  it("creates the namespace and repository in B for REPO scope, and nothing there when told not to manage the target", async () => {
    const repo = build({ repoName: "web", targetRepoName: "web-mirror" });
    expect(repo.seen.map((s) => s.name)).toContain("a-to-b-target-repository");
    expect(await resolved(byName(repo.seen, "-target-repository").props.name)).toBe("web-mirror");
    expect(await resolved(byName(repo.seen, "-rule").props.syncScope)).toBe("REPO");
    expect((byName(repo.seen, "-rule").opts.dependsOn as pulumi.Resource[]).length).toBe(4);

    const shared = build({ manageTarget: false });
    expect(shared.seen.map((s) => s.name)).toEqual(["a-to-b-trust", "a-to-b-policy", "a-to-b-attachment", "a-to-b-rule"]);
  });

  it("makes the rule wait for the component's own dependsOn, e.g. a target namespace owned elsewhere", async () => {
    class Owned extends pulumi.CustomResource {
      constructor(name: string) {
        super("test:index:Namespace", name, {});
      }
    }
    const owner = new Owned("owned-elsewhere");
    const seen: Seen[] = [];
    new CrossAccountReplication(
      "with-deps",
      {
        sourceConnection: { region: "cn-hangzhou" },
        targetConnection: { region: "cn-shanghai" },
        sourceInstanceId: "cri-source",
        sourceNamespaceName: "team",
        targetInstanceId: "cri-target",
        targetRegionId: "cn-shanghai",
        manageTarget: false,
      },
      { dependsOn: [owner], transformations: [(a) => (seen.push({ name: a.name, type: a.type, props: a.props, opts: a.opts as pulumi.CustomResourceOptions }), undefined)] },
    );
    const rule = seen.find((s) => s.name === "with-deps-rule")!;
    expect(rule.opts.dependsOn as pulumi.Resource[]).toContain(owner);
  });

  it("reuses a given trust, so one source account can replicate into B several times with one principal", async () => {
    const first = build();
    const second = build({ trust: first.component.trust, targetNamespaceName: "other", policyName: "AcrCrossAccountSync-other" });
    expect(second.seen.map((s) => s.name)).not.toContain("a-to-b-trust");
    expect(second.component.trust).toBe(first.component.trust);
    expect(await resolved(byName(second.seen, "-rule").props.targetUserId)).toBe(B_UID);
  });
});
