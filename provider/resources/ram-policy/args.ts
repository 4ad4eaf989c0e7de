import { z } from "zod";
import { commonInputs } from "../common";
import { policyNameSchema, ramDescriptionSchema } from "../ram/names";
import { policyDocumentSchema } from "../ram/policy-document";

/** Inputs of RamPolicy (a custom policy), named after @pulumi/alicloud ram.Policy. */
export const ramPolicyInputs = z.object({
  name: policyNameSchema.describe("Policy name: 1-128 letters, digits or '-'."),
  document: policyDocumentSchema("identity").describe("The policy document, as JSON text or an object (at most 6144 characters)."),
  description: ramDescriptionSchema.optional().describe("1-1024 characters. Changing it replaces the policy (RAM cannot update it)."),
  ...commonInputs,
});
export type RamPolicyInputs = z.infer<typeof ramPolicyInputs>;

export const ramPolicyOutputs = ramPolicyInputs.extend({
  policyType: z.literal("Custom").describe("Always Custom."),
  defaultVersion: z.string().describe("The version holding the current document, e.g. v3."),
  attachmentCount: z.number().optional().describe("How many principals the policy is attached to."),
});
export type RamPolicyOutputs = z.infer<typeof ramPolicyOutputs>;
