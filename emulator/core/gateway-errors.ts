/**
 * The POP gateway's own errors (ram-sts-signing.md §4.3), in one place so every product answers
 * them alike. Statuses follow the reference's conflict resolutions: SignatureDoesNotMatch 400,
 * InvalidAccessKeyId.NotFound 404, Throttling.* 400; those it marks unknown ([I]) are 400.
 * Messages never carry a secret or a security token.
 */

import { ApiError } from "./context";

export const gatewayErrors = {
  missingParameter: (name: string) =>
    new ApiError("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400),
  invalidParameter: (name: string, why: string) =>
    new ApiError("InvalidParameter", `The specified parameter "${name}" is not valid. ${why}`.trim(), 400),
  incompleteSignature: (why: string) =>
    new ApiError("IncompleteSignature", `The request signature does not conform to Aliyun standards. ${why}`.trim(), 400),
  signatureDoesNotMatch: (serverStringToSign: string) =>
    new ApiError(
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
      400,
    ),
  contentHashMismatch: () =>
    new ApiError("SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the SHA-256 of the request body.", 400),
  repeatedParameter: (name: string) =>
    new ApiError("SignatureDoesNotMatch", `The request sends "${name}" more than once, but the signature covers one value per parameter; send each parameter once.`, 400),
  invalidSignatureMethod: (method: string) =>
    new ApiError("InvalidSignatureMethod", `Specified signature method "${method}" is not supported.`, 400),
  nonceUsed: () => new ApiError("SignatureNonceUsed", "Specified signature nonce was used already.", 400),
  timestampExpired: (value: string) =>
    new ApiError("InvalidTimeStamp.Expired", `Specified time stamp or date value is expired. Request time ${value} is more than 15 minutes from server time.`, 400),
  timestampFormat: (value: string) =>
    new ApiError("InvalidTimeStamp.Format", `Specified time stamp or date value "${value}" is not in the format YYYY-MM-DDThh:mm:ssZ.`, 400),
  accessKeyNotFound: () => new ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404),
  accessKeyInactive: () => new ApiError("InvalidAccessKeyId.Inactive", "Specified access key is disabled.", 400),
  missingSecurityToken: () => new ApiError("MissingSecurityToken", "SecurityToken is mandatory for this action.", 400),
  securityTokenMalformed: () => new ApiError("InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.", 400),
  securityTokenMismatch: () =>
    new ApiError("InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.", 400),
  securityTokenExpired: () => new ApiError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.", 400),
  actionNotFound: () => new ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404),
  invalidVersion: () => new ApiError("InvalidVersion", "Specified parameter Version is not valid.", 400),
  throttled: () => new ApiError("Throttling.User", "Request was denied due to user flow control.", 400),
  serviceUnavailable: () => new ApiError("ServiceUnavailable", "The server is temporarily unavailable.", 503),
  internalError: () => new ApiError("InternalError", "The request processing has failed due to some unknown error.", 500),
};
