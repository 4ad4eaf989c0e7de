import { z } from "zod";
import { connectionSchema } from "../../connection";
import { commonInputs } from "../common";
import { accountUidSchema } from "../replication-rule/args";

/** The product's own role name, typo included (seed 000: "You must set the name of the RAM role to …"). */
export const CROSS_ACCOUNT_SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";

const base = z.object({
  sourceAccountId: accountUidSchema.optional().describe("UID of the source account A to trust. Give this or sourceConnection."),
  sourceConnection: connectionSchema.optional().describe("A connection to account A, used only to look its UID up (STS GetCallerIdentity). Stored as a secret."),
  ...commonInputs,
});
type Base = z.infer<typeof base>;

export const crossAccountTrustInputs = base.superRefine((i, ctx) => {
  if (i.sourceAccountId === undefined && i.sourceConnection === undefined) {
    ctx.addIssue({ code: "custom", path: ["sourceAccountId"], message: "is required unless sourceConnection is given: the UID of the account that replicates into this one" });
  }
});
export type CrossAccountTrustInputs = Base;

export const crossAccountTrustOutputs = base.extend({
  roleName: z.string().describe(`Always ${CROSS_ACCOUNT_SYNC_ROLE}.`),
  roleArn: z.string().optional(),
  principal: z.string().describe("<source UID>@cr.aliyuncs.com"),
  targetAccountId: z.string().describe("UID of the account holding the role (B): the rule's targetUserId."),
  createdRole: z.boolean().describe("True when this resource created the role (it is deleted with the last principal either way)."),
});
export type CrossAccountTrustOutputs = z.infer<typeof crossAccountTrustOutputs>;
