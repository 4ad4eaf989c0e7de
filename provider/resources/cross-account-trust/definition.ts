import type { RamClient } from "../../../sdk/clients";
import { AcsError } from "../../../sdk/errors";
import { ProviderError } from "../../errors";
import { redactError, secretValues } from "../../redact";
import type { ResourceContext, ResourceDefinition } from "../../resource-definition";
import { isAlreadyExists, isAmbiguous, orUndefined } from "../lifecycle";
import { CROSS_ACCOUNT_SYNC_ROLE, crossAccountTrustInputs, crossAccountTrustOutputs, type CrossAccountTrustInputs, type CrossAccountTrustOutputs } from "./args";
import { addService, parseTrust, removeService, trustsService, trustText } from "./trust-document";

const ATTEMPTS = 5;
const principalOf = (uid: string) => `${uid}@cr.aliyuncs.com`;

/**
 * The id is `<role>:<source uid>`, with `:kept` appended when the principal was already trusted
 * before this resource: then it was not ours to add, and delete leaves it (delete sees only the id
 * and inputs, so the id carries this).
 */
const KEPT = ":kept";
function parseId(id: string): { uid: string; owned: boolean } {
  const owned = !id.endsWith(KEPT);
  const body = owned ? id : id.slice(0, -KEPT.length);
  return { uid: body.slice(body.lastIndexOf(":") + 1), owned };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A's UID: given, or looked up with A's connection (its secrets scrubbed from any error, like `connection`'s). */
async function sourceUid(ctx: ResourceContext, inputs: CrossAccountTrustInputs): Promise<string> {
  if (inputs.sourceAccountId !== undefined) return inputs.sourceAccountId;
  try {
    return await (await ctx.clients(inputs.sourceConnection)).accountId();
  } catch (error) {
    throw redactError(error, secretValues({ connection: inputs.sourceConnection }));
  }
}

/** The principal's account now: from the inputs (an update may have moved it), else the one in the id. */
async function currentUid(ctx: ResourceContext, id: string, inputs: CrossAccountTrustInputs): Promise<string> {
  try {
    return await sourceUid(ctx, inputs);
  } catch {
    return parseId(id).uid; // A's credentials may be gone by now; the id still knows the account.
  }
}

/**
 * The source UID the state last recorded (create and update write `principal`), so a refresh needs
 * no GetCallerIdentity with A's credentials.
 */
function uidOfPrincipal(principal: unknown): string | undefined {
  const match = typeof principal === "string" ? /^(\d+)@cr\.aliyuncs\.com$/.exec(principal) : null;
  return match?.[1];
}

/** B's UID from the role's ARN (acs:ram::<uid>:role/<name>), so a refresh needs no GetCallerIdentity with B's either. */
function accountOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^acs:ram::(\d+):role\//.exec(arn)?.[1];
}

const getRole = (ram: RamClient) => orUndefined(async () => (await ram.getRole({ RoleName: CROSS_ACCOUNT_SYNC_ROLE })).Role);

/**
 * Read-modify-write of the trust policy, then a re-read to see the change stuck: another program
 * adding its own principal at the same moment may have written over ours, so try again.
 */
async function ensurePrincipal(ram: RamClient, service: string, log: (line: string) => void): Promise<{ createdRole: boolean; addedPrincipal: boolean; roleArn?: string }> {
  let createdRole = false;
  let addedPrincipal = false;
  // A create or update that failed ambiguously (5xx, reset after sending) may have landed: the next
  // read decides, and if it shows our principal, that write was ours, so delete must remove it again.
  let mayHaveCreated = false;
  let mayHaveAdded = false;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let role = await getRole(ram);
    if (!role) {
      try {
        role = (
          await ram.createRole({
            RoleName: CROSS_ACCOUNT_SYNC_ROLE,
            AssumeRolePolicyDocument: trustText(addService(parseTrust(undefined), service)),
            Description: "Lets Container Registry in the trusted accounts replicate images into this account.",
          })
        ).Role;
        createdRole = true;
        addedPrincipal = true;
        log(`created RAM role ${CROSS_ACCOUNT_SYNC_ROLE} trusting ${service}`);
      } catch (error) {
        if (isAmbiguous(error)) {
          mayHaveCreated = mayHaveAdded = true;
          continue; // look again before creating again
        }
        if (!isAlreadyExists(error)) throw error;
        continue; // another program created it just now: join it
      }
    } else {
      const doc = parseTrust(role.AssumeRolePolicyDocument);
      if (!trustsService(doc, service)) {
        try {
          await ram.updateRole({ RoleName: CROSS_ACCOUNT_SYNC_ROLE, NewAssumeRolePolicyDocument: trustText(addService(doc, service)) });
        } catch (error) {
          if (!isAmbiguous(error)) throw error;
          mayHaveAdded = true;
          continue;
        }
        addedPrincipal = true;
        log(`added ${service} to the trust policy of ${CROSS_ACCOUNT_SYNC_ROLE}`);
      } else if (mayHaveAdded) {
        addedPrincipal = true;
        createdRole ||= mayHaveCreated;
        log(`${mayHaveCreated ? "created RAM role" : "added to the trust policy of"} ${CROSS_ACCOUNT_SYNC_ROLE} (${service}), seen after an unanswered call`);
      }
    }
    await pause(50 * attempt);
    const check = await getRole(ram);
    if (check && trustsService(parseTrust(check.AssumeRolePolicyDocument), service)) return { createdRole, addedPrincipal, roleArn: check.Arn };
  }
  throw new ProviderError(`could not add ${service} to the trust policy of ${CROSS_ACCOUNT_SYNC_ROLE} after ${ATTEMPTS} attempts (another program keeps rewriting it); run \`pulumi up\` again`, { code: "Conflict" });
}

/** Remove our principal only; the role goes when no principal is left. */
async function dropPrincipal(ram: RamClient, service: string, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const role = await getRole(ram);
    if (!role) return;
    const doc = parseTrust(role.AssumeRolePolicyDocument);
    if (!trustsService(doc, service)) return;
    const rest = removeService(doc, service);
    if (rest.Statement.length === 0) {
      try {
        await ram.deleteRole({ RoleName: CROSS_ACCOUNT_SYNC_ROLE });
        log(`deleted RAM role ${CROSS_ACCOUNT_SYNC_ROLE}: ${service} was its last trusted principal`);
        return;
      } catch (error) {
        if (AcsError.isNotFound(error)) return;
        if (isAmbiguous(error)) continue; // it may be gone: look again
        if (AcsError.is(error, "DeleteConflict.Role.Policy")) {
          throw new ProviderError(`RAM role ${CROSS_ACCOUNT_SYNC_ROLE} still has policies attached: delete their RamRolePolicyAttachment resources first (or detach them), then retry`, { code: "DeleteConflict", cause: error });
        }
        throw error;
      }
    }
    try {
      await ram.updateRole({ RoleName: CROSS_ACCOUNT_SYNC_ROLE, NewAssumeRolePolicyDocument: trustText(rest) });
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      continue; // it may have landed: look again
    }
    await pause(50 * attempt);
    const check = await getRole(ram);
    if (!check || !trustsService(parseTrust(check.AssumeRolePolicyDocument), service)) {
      log(`removed ${service} from the trust policy of ${CROSS_ACCOUNT_SYNC_ROLE}`);
      return;
    }
  }
  throw new ProviderError(`could not remove ${service} from the trust policy of ${CROSS_ACCOUNT_SYNC_ROLE} after ${ATTEMPTS} attempts; run \`pulumi destroy\` again`, { code: "Conflict" });
}

export const crossAccountTrustDefinition: ResourceDefinition<CrossAccountTrustInputs, CrossAccountTrustOutputs> = {
  name: "CrossAccountTrust",
  description: `One source account's trust in the destination account's shared role ${CROSS_ACCOUNT_SYNC_ROLE}: adds and removes only its own principal, creates the role if absent and deletes it with the last principal.`,
  inputs: crossAccountTrustInputs,
  outputs: crossAccountTrustOutputs,
  replaceKeys: ["sourceAccountId"],

  async create(ctx, inputs) {
    const uid = await sourceUid(ctx, inputs);
    const clients = await ctx.clients(inputs.connection);
    const targetAccountId = await clients.accountId();
    if (uid === targetAccountId) {
      throw new ProviderError(`the source account ${uid} is the destination account itself: cross-account trust is for another account's instances (same-account replication needs no role)`, {
        field: inputs.sourceAccountId !== undefined ? "sourceAccountId" : "sourceConnection",
        code: "InvalidInput",
      });
    }
    const service = principalOf(uid);
    const { createdRole, addedPrincipal, roleArn } = await ensurePrincipal(clients.ram, service, ctx.log);
    if (!addedPrincipal) ctx.log(`${service} was already trusted by ${CROSS_ACCOUNT_SYNC_ROLE}: it stays when this resource is deleted`);
    return { id: `${CROSS_ACCOUNT_SYNC_ROLE}:${uid}${addedPrincipal ? "" : KEPT}`, outs: { ...inputs, roleName: CROSS_ACCOUNT_SYNC_ROLE, roleArn, principal: service, targetAccountId, createdRole } };
  },

  /** Gone when the role is gone or no longer trusts our principal, so the next `up` adds it back. */
  async read(ctx, id, inputs, stored) {
    const uid = inputs.sourceAccountId ?? uidOfPrincipal(stored.principal) ?? (await currentUid(ctx, id, inputs));
    const clients = await ctx.clients(inputs.connection);
    const role = await getRole(clients.ram);
    const service = principalOf(uid);
    if (!role || !trustsService(parseTrust(role.AssumeRolePolicyDocument), service)) return undefined;
    const targetAccountId = accountOfArn(role.Arn) ?? (await clients.accountId());
    return { outs: { ...inputs, roleName: CROSS_ACCOUNT_SYNC_ROLE, roleArn: role.Arn, principal: service, targetAccountId } as CrossAccountTrustOutputs, inputs };
  },

  /** A new sourceConnection may resolve to another account: trust it first, then let the old one go. */
  async update(ctx, id, olds, news) {
    const { owned } = parseId(id);
    const before = await currentUid(ctx, id, olds);
    const uid = await sourceUid(ctx, news);
    const clients = await ctx.clients(news.connection);
    const { roleArn } = await ensurePrincipal(clients.ram, principalOf(uid), ctx.log);
    if (uid !== before && owned) await dropPrincipal(clients.ram, principalOf(before), ctx.log);
    return { ...news, roleName: CROSS_ACCOUNT_SYNC_ROLE, roleArn, principal: principalOf(uid), targetAccountId: await clients.accountId(), createdRole: false };
  },

  async delete(ctx, id, inputs) {
    if (!parseId(id).owned) return;
    const uid = await currentUid(ctx, id, inputs);
    const { ram } = await ctx.clients(inputs.connection);
    await dropPrincipal(ram, principalOf(uid), ctx.log);
  },
};
