import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema } from "../names";

/** The service's login-password rule (acr-api.md §2.2): 8-32 characters, at least two of letters, digits, specials. */
export const loginPasswordSchema = z
  .string({ message: "must be a string of 8-32 characters" })
  .min(8, { message: "is too short: use 8-32 characters" })
  .max(32, { message: "is too long: use 8-32 characters" })
  .regex(/^[\x21-\x7e]+$/, { message: "may contain only printable ASCII characters without spaces" })
  .refine((text) => [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(text)).length >= 2, {
    message: "must mix at least two of: letters, digits, special characters",
  });

/** Inputs of InstanceCredential: the instance's fixed `docker login` password (write-only). */
export const instanceCredentialInputs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  password: loginPasswordSchema.optional().describe("The password to set (secret). Leave it out to have one generated."),
  rotation: z
    .string({ message: "must be a string: change it (e.g. to a date) to rotate a generated password" })
    .max(256, { message: "is too long: use at most 256 characters" })
    .optional()
    .describe("Any value; changing it generates a new password. Rotation is explicit: nothing rotates on its own."),
  ...commonInputs,
});
export type InstanceCredentialInputs = z.infer<typeof instanceCredentialInputs>;

export const instanceCredentialOutputs = instanceCredentialInputs.extend({
  loginPassword: z.string().describe("The password now set on the instance (secret)."),
  rotatedAt: z.number().describe("When the password was last set, epoch milliseconds."),
});
export type InstanceCredentialOutputs = z.infer<typeof instanceCredentialOutputs>;
