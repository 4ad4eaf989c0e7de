/** The package root: resources, functions, and the pieces a program may want (connection type, errors). */
export { Namespace, type NamespaceArgs } from "./resources/namespace/resource";
export { Repository, type RepositoryArgs } from "./resources/repository/resource";
export { InstanceCredential, type InstanceCredentialArgs } from "./resources/instance-credential/resource";
export { RamRole, type RamRoleArgs } from "./resources/ram-role/resource";
export { RamPolicy, type RamPolicyArgs } from "./resources/ram-policy/resource";
export { RamRolePolicyAttachment, type RamRolePolicyAttachmentArgs } from "./resources/ram-role-policy-attachment/resource";
export { getAuthorizationToken, type GetAuthorizationTokenArgs, type GetAuthorizationTokenResult } from "./resources/authorization-token/function";
export { getInstance, getInstances, type GetInstanceArgs, type GetInstancesArgs } from "./resources/instance-lookup/function";
export { type InstanceDetails, type GetInstancesResult } from "./resources/instance-lookup/args";
export { type Connection } from "./connection";
export { ProviderError, PartialCreateError } from "./errors";
export { type ResourceDefinition, type ResourceContext } from "./resource-definition";
export { ReplicationRule, type ReplicationRuleArgs } from "./resources/replication-rule/resource";
export { ImageReplication, type ImageReplicationArgs } from "./resources/image-replication/resource";
export { CrossAccountTrust, type CrossAccountTrustArgs } from "./resources/cross-account-trust/resource";
export { CrossAccountReplication, type CrossAccountReplicationArgs } from "./resources/cross-account-replication/resource";
export { ImageSync, type ImageSyncArgs } from "./resources/image-sync/resource";
