/** Request signing for Alibaba Cloud: V1 (RPC, HMAC-SHA1) and V3 (ACS3-HMAC-SHA256). */
export { percentEncode, flattenParams, canonicalQueryString, formatTimestamp, newNonce } from "./encode";
export { v1StringToSign, v1Signature, signV1, type SigningCredentials, type V1SignInput } from "./v1";
export {
  EMPTY_BODY_SHA256,
  v3CanonicalRequest,
  v3StringToSign,
  v3Signature,
  signV3,
  parseV3Authorization,
  type V3CanonicalInput,
  type V3SignInput,
} from "./v3";
