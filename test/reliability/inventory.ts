/**
 * What the emulator holds, reduced to the objects a stack can make, in a form where a duplicate
 * shows as a repeated entry or a count above one and an orphan as an extra entry.
 */
import type { SeedFile } from "../../emulator/core/seed";
import { A_INSTANCE, B_INSTANCE, SYNC_ROLE, declaredNamespaces, declaredRuleNames, type StackShape } from "./fault-stack";

export interface Inventory {
  /** instance → namespace → repositories (B's repositories are replication output, so only names there). */
  namespaces: Record<string, Record<string, string[]>>;
  /** `<rule name> <source instance>/<namespace> -> <target instance>/<namespace>`, one per rule. */
  syncRules: string[];
  /** CreateRepoSyncTask copies (no rule): history that destroy does not remove. */
  manualCopyTasks: number;
  /** account name → `role <name> trusts <n> principals; attached <policies>` / `policy <name> v<count>`. */
  ram: Record<string, string[]>;
}

interface DumpedState {
  accounts: Record<string, { name: string; ram: { roles: Record<string, DumpedRole>; policies: Record<string, { policyName: string; versions: unknown[] }> } }>;
  cr: {
    instances: Record<string, { namespaces: Record<string, { namespaceName: string; repositories: Record<string, unknown> }> }>;
    syncRules: Record<string, { syncRuleName: string; source: { instanceId: string; namespaceName: string }; target: { instanceId: string; namespaceName: string } }>;
    syncTasks: Record<string, { syncRuleId: string }>;
  };
}

interface DumpedRole {
  roleName: string;
  assumeRolePolicyDocument: string;
  attachments: Array<{ policyName: string }>;
}

function principals(document: string): number {
  const parsed = JSON.parse(document) as { Statement: Array<{ Principal?: Record<string, string | string[]> }> };
  return parsed.Statement.flatMap((s) => Object.values(s.Principal ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v]))).length;
}

export function inventory(dump: unknown, seed: SeedFile): Inventory {
  const state = dump as DumpedState;
  const seeded = new Set(seed.accounts.flatMap((a) => a.instances.map((i) => i.instanceId)));
  const namespaces: Inventory["namespaces"] = {};
  for (const [id, instance] of Object.entries(state.cr.instances)) {
    if (!seeded.has(id)) continue;
    namespaces[id] = Object.fromEntries(
      Object.values(instance.namespaces).map((n) => [n.namespaceName, id === B_INSTANCE ? [] : Object.keys(n.repositories).sort()]),
    );
  }
  const syncRules = Object.values(state.cr.syncRules)
    .map((r) => `${r.syncRuleName} ${r.source.instanceId}/${r.source.namespaceName} -> ${r.target.instanceId}/${r.target.namespaceName}`)
    .sort();
  const manualCopyTasks = Object.values(state.cr.syncTasks).filter((t) => t.syncRuleId === "").length;
  const ram: Inventory["ram"] = {};
  for (const account of Object.values(state.accounts)) {
    ram[account.name] = [
      ...Object.values(account.ram.roles).map(
        (r) => `role ${r.roleName} trusts ${principals(r.assumeRolePolicyDocument)} principals; attached ${r.attachments.map((a) => a.policyName).sort().join(",")}`,
      ),
      ...Object.values(account.ram.policies).map((p) => `policy ${p.policyName} v${p.versions.length}`),
    ].sort();
  }
  return { namespaces, syncRules, manualCopyTasks, ram };
}

/** `before` plus exactly what the program declares, each once. */
export function expectedAfterUp(before: Inventory, shape: StackShape): Inventory {
  const namespaces = structuredClone(before.namespaces);
  Object.assign(namespaces[A_INSTANCE]!, declaredNamespaces(shape));
  namespaces[A_INSTANCE]!.mirror = ["app"]; // the ImageSync's copies (the namespace creates repositories on push)
  namespaces[B_INSTANCE]!["from-a"] = [];
  const rules = declaredRuleNames(shape).map((name) =>
    name === "a-to-b" ? `a-to-b ${A_INSTANCE}/shared -> ${B_INSTANCE}/from-a` : `${name} ${A_INSTANCE}/${name.replace(/-to-b$/, "")} -> ${B_INSTANCE}/from-a`,
  );
  const roles = Array.from({ length: shape.roles }, (_, i) => [
    `role fault-role-${i} trusts 1 principals; attached fault-policy-${i}`,
    `policy fault-policy-${i} v1`,
  ]).flat();
  return {
    namespaces,
    syncRules: [...before.syncRules, ...rules].sort(),
    manualCopyTasks: before.manualCopyTasks + 1,
    ram: {
      ...before.ram,
      A: [...(before.ram.A ?? []), ...roles].sort(),
      B: [...(before.ram.B ?? []), `role ${SYNC_ROLE} trusts 1 principals; attached AcrCrossAccountSync-a-to-b`, "policy AcrCrossAccountSync-a-to-b v1"].sort(),
    },
  };
}

/**
 * Everything the stack made is gone, except what is documented to stay: the manual copy's task in
 * the task history, and the ImageSync's copies ("delete removes nothing", as with image-syncer).
 */
export function expectedAfterDestroy(before: Inventory): Inventory {
  const namespaces = structuredClone(before.namespaces);
  namespaces[A_INSTANCE]!.mirror = ["app"];
  return { ...before, namespaces, manualCopyTasks: before.manualCopyTasks + 1 };
}
