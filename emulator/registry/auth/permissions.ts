/**
 * What an identity may do to one repository: the owner and the sync executor everything; a RAM
 * user or role session what its policies allow (`cr:PullRepository` / `cr:PushRepository` on the
 * repository ARN, evaluated by the RAM policy engine); anyone may pull a PUBLIC repository.
 * A role session's token keeps only the session's ARN, so an AssumeRole session policy cannot
 * narrow it here: the role's own policies decide (a deleted role grants nothing).
 */

import { requestConditions } from "../../core/authorize";
import type { EmulatorState } from "../../core/state";
import type { InstanceRecord, RepositoryRecord } from "../../cr/state";
import { rolePolicies, userPolicies } from "../../ram/identity";
import { authorizeWithPolicies, type PolicySet } from "../../ram/policy/evaluate";
import { nameKey } from "../../ram/state";
import type { RepoAddress } from "../cr-bridge";
import type { RegistryAction, RegistryIdentity } from "./identity";

const CR_ACTION: Record<RegistryAction, string> = { pull: "cr:PullRepository", push: "cr:PushRepository" };

export function repositoryArn(instance: InstanceRecord, address: RepoAddress): string {
  return `acs:cr:${instance.regionId}:${instance.ownerUid}:repository/${instance.instanceId}/${address.namespace}/${address.repo}`;
}

/** Undefined: the owner, no policies needed. An empty set: nothing allowed. */
function policiesOf(state: EmulatorState, accountId: string, principalArn: string): PolicySet | undefined {
  if (principalArn === `acs:ram::${accountId}:root`) return undefined;
  const ram = state.accounts[accountId]?.ram;
  if (!ram) return { identity: [] };
  const user = /^acs:ram::\d+:user\/(.+)$/.exec(principalArn);
  if (user) return { identity: userPolicies(ram, user[1]!) };
  const role = /^acs:ram::\d+:role\/([^/]+)\/.+$/.exec(principalArn);
  if (role) {
    const record = ram.roles[nameKey(role[1]!)];
    return { identity: record ? rolePolicies(ram, record.roleName, record.roleId) : [] };
  }
  return { identity: [] };
}

export interface PermissionQuery {
  state: EmulatorState;
  identity: RegistryIdentity;
  instance: InstanceRecord;
  address: RepoAddress;
  /** Undefined while the repository does not exist yet (a push that will create it). */
  repo: RepositoryRecord | undefined;
  peer: string;
  now: Date;
}

export function allowedActions(query: PermissionQuery, wanted: readonly RegistryAction[]): RegistryAction[] {
  const { identity, instance, repo } = query;
  const publicPull = (action: RegistryAction) => action === "pull" && repo?.repoType === "PUBLIC";
  if (identity.kind === "system") return [...wanted];
  if (identity.kind === "anonymous" || identity.accountId !== instance.ownerUid) return wanted.filter(publicPull);
  const policies = policiesOf(query.state, identity.accountId, identity.principalArn);
  if (!policies) return [...wanted];
  const resource = repositoryArn(instance, query.address);
  const context = requestConditions({ peer: query.peer, now: query.now });
  return wanted.filter(
    (action) => publicPull(action) || authorizeWithPolicies(policies, { action: CR_ACTION[action], resource, context }).decision === "Allow",
  );
}
