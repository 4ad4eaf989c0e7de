export * from "./types";
export type { AssumeRoleOptions } from "./source";
export { assumeRoleWithSts, validateAssumeRole, type AssumeRoleFn, type AssumeRoleContext } from "./assume-role";
export { createCredentialChain, REFRESH_MARGIN_MS, type CredentialChainOptions } from "./chain";
export { configFilePath } from "./profile";
