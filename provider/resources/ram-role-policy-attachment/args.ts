import { z } from "zod";
import { commonInputs } from "../common";
import { policyNameSchema, policyTypeSchema, roleNameSchema } from "../ram/names";

/** Inputs of RamRolePolicyAttachment, named after @pulumi/alicloud ram.RolePolicyAttachment. */
export const ramRolePolicyAttachmentInputs = z.object({
  roleName: roleNameSchema.describe("The role to attach to."),
  policyName: policyNameSchema.describe("The policy to attach."),
  policyType: policyTypeSchema.describe("System (Alibaba Cloud managed) or Custom."),
  ...commonInputs,
});
export type RamRolePolicyAttachmentInputs = z.infer<typeof ramRolePolicyAttachmentInputs>;

export const ramRolePolicyAttachmentOutputs = ramRolePolicyAttachmentInputs;
export type RamRolePolicyAttachmentOutputs = RamRolePolicyAttachmentInputs;
