import type { GroupPolicy } from '@cagw/profile';

/**
 * The policy the gateway gives a user: the first whose groups include one of theirs, else the
 * catch-all (the policy without groups), as managed.policies matches (gateway-config.md §2.1).
 */
export function matchPolicy(policies: readonly GroupPolicy[], groups: readonly string[]): GroupPolicy | undefined {
  const theirs = new Set(groups);
  return policies.find((policy) => policy.groups.length > 0 && policy.groups.some((group) => theirs.has(group))) ?? policies.find((policy) => policy.groups.length === 0);
}
