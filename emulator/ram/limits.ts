/**
 * RAM quotas as published (ram-sts-signing.md §1.2, "old published limits"; the live quotas are
 * larger). Names and document lengths come from the same section.
 */

export const RAM_LIMITS = {
  users: 100,
  roles: 100,
  customPolicies: 200,
  versionsPerPolicy: 5,
  accessKeysPerUser: 2,
  customPoliciesPerPrincipal: 5,
  systemPoliciesPerPrincipal: 20,
  tagsPerResource: 20,
} as const;

export const RAM_LENGTHS = {
  roleName: 64,
  userName: 64,
  policyName: 128,
  description: 1024,
  displayName: 128,
  comments: 128,
  policyDocument: 6144,
  /** Not documented; the reference suggests reusing 2048 ([I]). */
  trustPolicyDocument: 2048,
  maxItems: 1000,
} as const;

export const SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;
