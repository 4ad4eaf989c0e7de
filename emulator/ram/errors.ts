/**
 * RAM's documented errors (ram-sts-signing.md §1.2), POP envelope. Statuses the reference marks as
 * inferred are noted at the call sites; codes the reference does not give are marked emulator-chosen.
 */

import { ApiError } from "../core/context";

export type EntityKind =
  | "Role"
  | "Policy"
  | "User"
  | "Policy.Version"
  | "Role.Policy"
  | "User.Policy"
  | "User.AccessKey";

const LABEL: Record<EntityKind, string> = {
  Role: "The role",
  Policy: "The policy",
  User: "The user",
  "Policy.Version": "The policy version",
  "Role.Policy": "The policy attachment to the role",
  "User.Policy": "The policy attachment to the user",
  "User.AccessKey": "The access key",
};

export const ramErrors = {
  notExist: (kind: EntityKind, name: string) =>
    new ApiError(`EntityNotExist.${kind}`, `${LABEL[kind]} does not exist: ${name}.`, 404),
  alreadyExists: (kind: EntityKind, name: string) =>
    new ApiError(`EntityAlreadyExists.${kind}`, `${LABEL[kind]} does already EXIST: ${name}.`, 409),
  limitExceeded: (code: string, what: string) => new ApiError(`LimitExceeded.${code}`, `The count of ${what} beyond the current limits.`, 409),
  deleteConflict: (code: string, message: string) => new ApiError(`DeleteConflict.${code}`, message, 409),
  malformedPolicy: (detail: string) => new ApiError("MalformedPolicyDocument", `The policy document is malformed: ${detail}`, 400),
  invalid: (code: string, message: string) => new ApiError(`InvalidParameter.${code}`, message, 400),
};
