/**
 * Which sync rules cover an image: the rule's source instance and namespace, then for REPO scope
 * the repository name, for NAMESPACE scope the optional RepoNameFilter, and always the TagFilter.
 * Filters match the whole name (rules.ts).
 */

import { matchesFilter } from "./rules";
import type { CrState, SyncRuleRecord } from "./state";

export interface ImageAddress {
  instanceId: string;
  namespaceName: string;
  repoName: string;
  tag: string;
}

/** Does `rule` cover the repository, whatever the tag? */
export function ruleCoversRepo(rule: SyncRuleRecord, image: Omit<ImageAddress, "tag">): boolean {
  if (rule.source.instanceId !== image.instanceId || rule.source.namespaceName !== image.namespaceName) return false;
  if (rule.syncScope === "REPO") return rule.source.repoName === image.repoName;
  return rule.repoNameFilter === "" || matchesFilter(rule.repoNameFilter, image.repoName);
}

export function ruleCoversImage(rule: SyncRuleRecord, image: ImageAddress): boolean {
  return ruleCoversRepo(rule, image) && matchesFilter(rule.tagFilter, image.tag);
}

/** The automatic (PASSIVE) rules a push of `image` triggers, oldest first. */
export function passiveRulesFor(state: CrState, image: ImageAddress): SyncRuleRecord[] {
  return Object.values(state.syncRules)
    .filter((rule) => rule.syncTrigger === "PASSIVE" && ruleCoversImage(rule, image))
    .sort((a, b) => a.createTime - b.createTime);
}

/** The target repository name: REPO scope names it; NAMESPACE scope keeps the source's name. */
export function targetRepoName(rule: SyncRuleRecord, sourceRepoName: string): string {
  return rule.syncScope === "REPO" ? rule.target.repoName : sourceRepoName;
}
