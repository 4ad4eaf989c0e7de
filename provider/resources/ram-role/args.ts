import { z } from "zod";
import { commonInputs } from "../common";
import { maxSessionDurationSchema, ramDescriptionSchema, roleNameSchema } from "../ram/names";
import { policyDocumentSchema } from "../ram/policy-document";

/** Inputs of RamRole, named after @pulumi/alicloud ram.Role. */
export const ramRoleInputs = z.object({
  name: roleNameSchema.describe("Role name: 1-64 letters, digits, '.' or '-'."),
  assumeRolePolicyDocument: policyDocumentSchema("trust").describe("The trust policy (who may assume the role), as JSON text or an object."),
  description: ramDescriptionSchema.optional().describe("1-1024 characters."),
  maxSessionDuration: maxSessionDurationSchema.optional().describe("Longest STS session in seconds, 3600-43200. Default 3600."),
  ...commonInputs,
});
export type RamRoleInputs = z.infer<typeof ramRoleInputs>;

export const ramRoleOutputs = ramRoleInputs.extend({
  arn: z.string().describe("acs:ram::<account>:role/<name>"),
  roleId: z.string().optional().describe("The role's numeric ID."),
});
export type RamRoleOutputs = z.infer<typeof ramRoleOutputs>;
