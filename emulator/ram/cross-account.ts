/**
 * IdentityServices for the CR handlers (context.ts), implementing the cross-account replication
 * prerequisites of seed 000/001: in the TARGET account, the role
 * `aliyuncontainerregistrycrossaccoutsyncrole` (the product's own spelling, typo included) must
 * exist, trust `<sourceUid>@cr.aliyuncs.com` as a Service principal, and carry an attached policy
 * allowing the action on the target resource.
 *
 * The three error codes are emulator-chosen (the docs name none); they use the CR business-error
 * envelope (HTTP 200, IsSuccess:false) because the CR call is what fails.
 */

import { crError, type IdentityServices } from "../core/context";
import type { EmulatorState } from "../core/state";
import { conditionContext } from "./policy/conditions";
import { parseStored } from "./policy/cache";
import { evaluatePolicies } from "./policy/evaluate";
import { evaluateTrust } from "./policy/trust";
import { rolePolicies } from "./identity";
import { nameKey } from "./state";

export const CROSS_ACCOUNT_SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";

export function createIdentityServices(state: EmulatorState, now: () => Date): IdentityServices {
  return {
    accountExists: (uid) => uid in state.accounts,
    assertCrossAccountSyncRole(targetUid, sourceUid, ramAction, resourceArn) {
      const role = state.accounts[targetUid]?.ram.roles[nameKey(CROSS_ACCOUNT_SYNC_ROLE)];
      if (!role) {
        throw crError(
          "CROSS_ACCOUNT_ROLE_NOT_EXIST",
          `Account ${targetUid} has no RAM role ${CROSS_ACCOUNT_SYNC_ROLE}; create it in the target account to allow replication from ${sourceUid}.`,
        );
      }
      const service = `${sourceUid}@cr.aliyuncs.com`;
      const context = conditionContext({ "acs:CurrentTime": now().toISOString() });
      if (evaluateTrust(parseStored(role.assumeRolePolicyDocument, "trust"), { kind: "service", name: service }, context) !== "Allow") {
        throw crError(
          "CROSS_ACCOUNT_ROLE_NOT_TRUSTED",
          `The trust policy of role ${CROSS_ACCOUNT_SYNC_ROLE} in account ${targetUid} does not name the service principal ${service}.`,
        );
      }
      const policies = rolePolicies(state.accounts[targetUid]!.ram, role.roleName, role.roleId);
      if (evaluatePolicies(policies, { action: ramAction, resource: resourceArn, context }) !== "Allow") {
        throw crError(
          "CROSS_ACCOUNT_ROLE_NO_PERMISSION",
          `No policy attached to role ${CROSS_ACCOUNT_SYNC_ROLE} in account ${targetUid} allows ${ramAction} on ${resourceArn}.`,
        );
      }
    },
  };
}
