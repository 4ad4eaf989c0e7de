/**
 * Running tag-retention (artifact lifecycle) rules. Per repository in a rule's scope, tags are
 * ordered newest first (push time `updateTime`, then `createTime`, then name); the first
 * `retentionTagCount` stay, and so does every tag that `tagRegexp` matches as a whole name (the
 * syntax and anchoring of the sync rules' filters, rules.ts). The rest are deleted from the CR
 * records, which ListRepoTag and the registry both read, so both stop showing them at once.
 *
 * Emulator choices where the docs are silent:
 * - `enableDeleteTag` false makes a dry rule: a run deletes nothing.
 * - Immutable repositories: the docs (seed 003 §4.9) say immutability stops a tag being
 *   OVERWRITTEN by a push; they say nothing of retention. Retention deletes there too, as
 *   DeleteRepoTag does.
 * - Scheduled rules run when the service clock reaches their `nextTime`, checked each time the
 *   clock is moved through the admin endpoint (so a test sees a week pass at once); the next run is
 *   the first period boundary after that clock. WEEK is 7 days, MONTH 30.
 */

import { lifecycleRules, type LifecycleRuleRecord } from "./governance-state";
import { entry } from "./lookup";
import { matchesFilter } from "./rules";
import type { CrState, InstanceRecord, RepositoryRecord } from "./state";

const PERIOD_MS: Record<string, number> = { WEEK: 7 * 86_400_000, MONTH: 30 * 86_400_000 };

/** When a scheduled rule runs next, from `from` (ms); 0 when it does not run on a schedule. */
export function nextRun(rule: Pick<LifecycleRuleRecord, "auto" | "scheduleTime">, from: number): number {
  return rule.auto && rule.scheduleTime ? from + (PERIOD_MS[rule.scheduleTime] ?? PERIOD_MS.WEEK!) : 0;
}

export interface DeletedTag {
  instanceId: string;
  ruleId: string;
  namespaceName: string;
  repoName: string;
  tag: string;
}

function repositoriesInScope(instance: InstanceRecord, rule: LifecycleRuleRecord): Array<{ namespaceName: string; repo: RepositoryRecord }> {
  const namespaces = rule.scope === "INSTANCE" ? Object.values(instance.namespaces) : [entry(instance.namespaces, rule.namespaceName)];
  return namespaces.flatMap((namespace) =>
    namespace
      ? Object.values(namespace.repositories)
          .filter((repo) => rule.scope !== "REPO" || repo.repoName === rule.repoName)
          .map((repo) => ({ namespaceName: namespace.namespaceName, repo }))
      : [],
  );
}

/** The tags of `repo` the rule deletes, newest first. */
export function tagsBeyondRetention(rule: LifecycleRuleRecord, repo: RepositoryRecord): string[] {
  const newestFirst = Object.values(repo.tags).sort(
    (a, b) => b.updateTime - a.updateTime || b.createTime - a.createTime || b.tag.localeCompare(a.tag),
  );
  return newestFirst
    .slice(rule.retentionTagCount)
    .map((t) => t.tag)
    .filter((tag) => rule.tagRegexp === "" || !matchesFilter(rule.tagRegexp, tag));
}

/** Runs one rule now; returns what it deleted (nothing for a dry rule). */
export function runLifecycleRule(instance: InstanceRecord, rule: LifecycleRuleRecord, now: number): DeletedTag[] {
  if (!rule.enableDeleteTag) return [];
  const deleted: DeletedTag[] = [];
  for (const { namespaceName, repo } of repositoriesInScope(instance, rule)) {
    const doomed = tagsBeyondRetention(rule, repo);
    for (const tag of doomed) {
      delete repo.tags[tag];
      deleted.push({ instanceId: instance.instanceId, ruleId: rule.ruleId, namespaceName, repoName: repo.repoName, tag });
    }
    if (doomed.length) repo.modifiedTime = now;
  }
  return deleted;
}

/** Runs every scheduled rule whose `nextTime` has come (once, however far the clock moved). */
export function runDueLifecycleRules(state: CrState, now: number): { ran: string[]; deleted: DeletedTag[] } {
  const ran: string[] = [];
  const deleted: DeletedTag[] = [];
  for (const instance of Object.values(state.instances)) {
    for (const rule of Object.values(lifecycleRules(instance))) {
      if (!rule.nextTime || rule.nextTime > now) continue;
      deleted.push(...runLifecycleRule(instance, rule, now));
      while (rule.nextTime && rule.nextTime <= now) rule.nextTime = nextRun(rule, rule.nextTime);
      ran.push(rule.ruleId);
    }
  }
  return { ran, deleted };
}

/** Runs a rule on demand (the console's "Execute"); undefined when the instance or rule is unknown. */
export function runLifecycleRuleNow(state: CrState, instanceId: string, ruleId: string, now: number): DeletedTag[] | undefined {
  const instance = entry(state.instances, instanceId);
  const rule = instance && entry(lifecycleRules(instance), ruleId);
  return instance && rule ? runLifecycleRule(instance, rule, now) : undefined;
}
