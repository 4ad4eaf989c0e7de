/** Inputs every resource takes: how to reach the cloud, and whether to take over an existing object. */
import { z } from "zod";
import { connectionSchema } from "../connection";

export const commonInputs = {
  /** Overrides the stack's alicloud:* config field by field; stored as a secret. */
  connection: connectionSchema.optional().describe("How to reach Alibaba Cloud; overrides the stack's alicloud:* config field by field. Stored as a secret."),
  /** Take over an object that already exists instead of failing (dynamic resources cannot be imported). */
  adopt: z.boolean({ message: "must be true or false" }).optional().describe("Take over an existing object with the same name instead of failing (dynamic resources cannot be imported)."),
};
