export * from "./types";
export type { AssumeRoleOptions } from "./source";
export { MIN_DURATION_SECONDS, MAX_DURATION_SECONDS } from "./source";
export {
  assumeRoleWithSts,
  defaultSessionName,
  validateAssumeRole,
  DEFAULT_DURATION_SECONDS,
  type AssumeRoleFn,
  type AssumeRoleContext,
} from "./assume-role";
export { createCredentialChain, REFRESH_MARGIN_MS, type CredentialChainOptions } from "./chain";
export { configFilePath } from "./profile";
