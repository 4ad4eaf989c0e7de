/** STS AssumeRole errors (ram-sts-signing.md §3), POP envelope. */

import { ApiError } from "../core/context";

export const stsErrors = {
  invalid: (field: string, message: string) => new ApiError(`InvalidParameter.${field}`, message, 400),
  rootCannotAssume: () => new ApiError("NoPermission", "Roles may not be assumed by root accounts.", 403),
  notTrusted: (roleArn: string) =>
    new ApiError("NoPermission", `You are not authorized to do this action. The trust policy of ${roleArn} does not allow the caller to assume it.`, 403),
  roleNotExist: () => new ApiError("EntityNotExist.Role", "The specified Role not exists.", 404),
};
