/**
 * Cross-account replication from account A into account B as one component (seed 000):
 * in B, the shared role `aliyuncontainerregistrycrossaccoutsyncrole` trusting `<A-uid>@cr.aliyuncs.com`
 * (CrossAccountTrust adds only A's principal, so several source accounts share the role), a policy
 * allowing cr:CreateSyncRule and cr:CreateRepositorySync on B's instance, its attachment, and the
 * target namespace (auto-create on, NAMESPACE scope) or namespace and repository (REPO scope);
 * then, in A, the rule with TargetUserId = B's UID, optionally backfilled.
 * dependsOn gives the teardown order: the rule goes first, the trust last.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../../connection";
import { CrossAccountTrust } from "../cross-account-trust/resource";
import { Namespace } from "../namespace/resource";
import { RamPolicy } from "../ram-policy/resource";
import { RamRolePolicyAttachment } from "../ram-role-policy-attachment/resource";
import { ReplicationRule, type ReplicationRuleArgs } from "../replication-rule/resource";
import { Repository } from "../repository/resource";

/** What the rule copies and when, passed through to the ReplicationRule in A. */
type RuleFilterArgs = Pick<ReplicationRuleArgs, "tagFilter" | "repoNameFilter" | "syncTrigger" | "backfill">;

export interface CrossAccountReplicationArgs extends RuleFilterArgs {
  /** Account A, where the source instance and the rule live. */
  sourceConnection: pulumi.Input<Connection>;
  /** Account B, where the destination instance, the role and the policy live. */
  targetConnection: pulumi.Input<Connection>;
  sourceInstanceId: pulumi.Input<string>;
  sourceNamespaceName: pulumi.Input<string>;
  targetInstanceId: pulumi.Input<string>;
  targetRegionId: pulumi.Input<string>;
  /** Default: sourceNamespaceName. */
  targetNamespaceName?: pulumi.Input<string>;
  /** Default: REPO when repoName is given, else NAMESPACE. */
  syncScope?: "NAMESPACE" | "REPO";
  /** Source repository (REPO scope). */
  repoName?: pulumi.Input<string>;
  /** Destination repository (REPO scope). Default: repoName. */
  targetRepoName?: pulumi.Input<string>;
  /** Default: the component name, cleaned to the rule-name alphabet. */
  syncRuleName?: pulumi.Input<string>;
  /** The custom policy in B. Default: `AcrCrossAccountSync-<component name>`; unique per account B. */
  policyName?: pulumi.Input<string>;
  /**
   * Create (and on destroy delete) the target namespace / repository. Default true. Set false when
   * another program or component owns them, e.g. a second source account replicating into the same namespace.
   */
  manageTarget?: boolean;
  /**
   * Reuse this CrossAccountTrust instead of creating one. A trust is one source account's principal,
   * so when the same account A replicates into B several times, make one trust and share it:
   * two trusts for the same principal would remove it for both when either is deleted.
   */
  trust?: CrossAccountTrust;
}

const clean = (name: string, allowed: RegExp, max: number) => name.replace(allowed, "-").slice(0, max);

export class CrossAccountReplication extends pulumi.ComponentResource {
  /** The rule in A (crsr-...). */
  declare readonly syncRuleId: pulumi.Output<string>;
  /** B's UID: the rule's targetUserId. */
  declare readonly targetAccountId: pulumi.Output<string>;
  declare readonly roleName: pulumi.Output<string>;
  declare readonly policyName: pulumi.Output<string>;
  declare readonly backfillTaskIds: pulumi.Output<string[] | undefined>;

  readonly trust: CrossAccountTrust;
  readonly policy: RamPolicy;
  readonly attachment: RamRolePolicyAttachment;
  readonly targetNamespace?: Namespace;
  readonly targetRepository?: Repository;
  readonly rule: ReplicationRule;

  constructor(name: string, args: CrossAccountReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-acr-ee:acr:CrossAccountReplication", name, {}, opts);
    const parent = { parent: this };
    const scope = args.syncScope ?? (args.repoName !== undefined ? "REPO" : "NAMESPACE");
    const targetNamespaceName = args.targetNamespaceName ?? args.sourceNamespaceName;
    const targetRepoName = args.targetRepoName ?? args.repoName;
    const policyName = args.policyName ?? clean(`AcrCrossAccountSync-${name}`, /[^A-Za-z0-9-]/g, 128);

    this.trust = args.trust ?? new CrossAccountTrust(`${name}-trust`, { sourceConnection: args.sourceConnection, connection: args.targetConnection }, parent);
    this.policy = new RamPolicy(
      `${name}-policy`,
      {
        name: policyName,
        description: "Lets Container Registry in the trusted source accounts create sync rules and tasks into this instance.",
        document: pulumi.all([args.targetRegionId, this.trust.targetAccountId, args.targetInstanceId]).apply(([region, uid, instance]) => ({
          Version: "1",
          Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: `acs:cr:${region}:${uid}:instance/${instance}` }],
        })),
        connection: args.targetConnection,
      },
      parent,
    );
    this.attachment = new RamRolePolicyAttachment(
      `${name}-attachment`,
      { roleName: this.trust.roleName, policyName: this.policy.name, policyType: "Custom", connection: args.targetConnection },
      { parent: this, dependsOn: [this.trust, this.policy] },
    );

    // Children do not inherit the component's dependsOn; the rule is what needs outside prerequisites
    // (e.g. a target namespace owned elsewhere when manageTarget is false), so it gets them.
    const outside = opts?.dependsOn;
    const targets: pulumi.Resource[] = outside instanceof pulumi.Resource ? [outside] : Array.isArray(outside) ? outside.filter((r): r is pulumi.Resource => r instanceof pulumi.Resource) : [];
    if (args.manageTarget !== false) {
      this.targetNamespace = new Namespace(
        `${name}-target-namespace`,
        // NAMESPACE scope copies into repositories created on first push (seed 000).
        { instanceId: args.targetInstanceId, name: targetNamespaceName, autoCreateRepo: scope === "NAMESPACE" ? true : undefined, connection: args.targetConnection },
        parent,
      );
      targets.push(this.targetNamespace);
      if (scope === "REPO" && targetRepoName !== undefined) {
        this.targetRepository = new Repository(
          `${name}-target-repository`,
          { instanceId: args.targetInstanceId, namespace: this.targetNamespace.name, name: targetRepoName, summary: "Replicated from another account", repoType: "PRIVATE", connection: args.targetConnection },
          { parent: this, dependsOn: [this.targetNamespace] },
        );
        targets.push(this.targetRepository);
      }
    }

    this.rule = new ReplicationRule(
      `${name}-rule`,
      {
        instanceId: args.sourceInstanceId,
        namespaceName: args.sourceNamespaceName,
        syncRuleName: args.syncRuleName ?? clean(name, /[^A-Za-z0-9_.-]/g, 64),
        targetRegionId: args.targetRegionId,
        targetInstanceId: args.targetInstanceId,
        targetNamespaceName,
        targetUserId: this.trust.targetAccountId,
        syncScope: scope,
        repoName: scope === "REPO" ? args.repoName : undefined,
        targetRepoName: scope === "REPO" ? targetRepoName : undefined,
        tagFilter: args.tagFilter,
        repoNameFilter: args.repoNameFilter,
        syncTrigger: args.syncTrigger,
        backfill: args.backfill,
        connection: args.sourceConnection,
      },
      // Created last and deleted first: B must trust A and hold the target before the rule can exist.
      { parent: this, dependsOn: [this.trust, this.attachment, ...targets] },
    );

    this.syncRuleId = this.rule.syncRuleId;
    this.targetAccountId = this.trust.targetAccountId;
    this.roleName = this.trust.roleName;
    this.policyName = this.policy.name;
    this.backfillTaskIds = this.rule.backfillTaskIds;
    this.registerOutputs({ syncRuleId: this.syncRuleId, targetAccountId: this.targetAccountId, roleName: this.roleName, policyName: this.policyName, backfillTaskIds: this.backfillTaskIds });
  }
}
