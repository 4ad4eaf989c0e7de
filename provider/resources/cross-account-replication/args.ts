/**
 * The component's arguments and outputs as zod, so schema.json and the reference describe
 * CrossAccountReplication like every other resource. The class's TypeScript interface stays the
 * program-facing type (it also takes a CrossAccountTrust object, which a schema cannot express).
 */
import { z } from "zod";
import { connectionSchema } from "../../connection";
import { instanceIdSchema, namespaceNameSchema, repositoryNameSchema } from "../names";
import { policyNameSchema } from "../ram/names";
import { regionIdSchema, ruleFilterShape, syncRuleNameSchema, syncScopeSchema } from "../replication-rule/args";

export const crossAccountReplicationInputs = z.object({
  sourceConnection: connectionSchema.describe("Account A, where the source instance and the rule live. Stored as a secret."),
  targetConnection: connectionSchema.describe("Account B, where the destination instance, the sync role and its policy live. Stored as a secret."),
  sourceInstanceId: instanceIdSchema.describe("The source instance in A (Advanced edition)."),
  sourceNamespaceName: namespaceNameSchema.describe("The source namespace in A."),
  targetInstanceId: instanceIdSchema.describe("The destination instance in B."),
  targetRegionId: regionIdSchema.describe("Region of the destination instance."),
  targetNamespaceName: namespaceNameSchema.optional().describe("The destination namespace. Default: sourceNamespaceName."),
  syncScope: syncScopeSchema.optional().describe("NAMESPACE or REPO. Default: REPO when repoName is given, else NAMESPACE."),
  repoName: repositoryNameSchema.optional().describe("Source repository (REPO scope)."),
  targetRepoName: repositoryNameSchema.optional().describe("Destination repository (REPO scope). Default: repoName."),
  ...ruleFilterShape,
  backfill: z.boolean().optional().describe("At create, also copy the matching tags that already exist, once."),
  syncRuleName: syncRuleNameSchema.optional().describe("The rule's name in A. Default: the component name, cleaned to the rule-name alphabet."),
  policyName: policyNameSchema.optional().describe("The custom policy in B. Default: AcrCrossAccountSync-<component name>; unique per account B."),
  manageTarget: z.boolean().optional().describe("Create (and on destroy delete) the target namespace / repository. Default true; false when another program owns them."),
});

export const crossAccountReplicationOutputs = z.object({
  syncRuleId: z.string().describe("The rule in A (crsr-...)."),
  targetAccountId: z.string().describe("B's UID: the rule's targetUserId."),
  roleName: z.string().describe("Always aliyuncontainerregistrycrossaccoutsyncrole."),
  policyName: z.string().describe("The custom policy attached to the role in B."),
  backfillTaskIds: z.array(z.string()).optional().describe("The sync tasks backfill started, when backfill is on."),
});

export const CROSS_ACCOUNT_REPLICATION_DESCRIPTION =
  "Cross-account replication from account A into account B as one component (seed 000): in B, A's principal in the shared role aliyuncontainerregistrycrossaccoutsyncrole, a policy allowing cr:CreateSyncRule and cr:CreateRepositorySync on B's instance, its attachment and the target namespace (or namespace and repository); in A, the rule with B's UID as targetUserId, optionally backfilled. Teardown runs in the reverse order.";
