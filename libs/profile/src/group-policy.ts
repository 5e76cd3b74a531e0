/**
 * One managed policy for an IdP group, in first-match order. `groups: []` is the catch-all,
 * which always comes last.
 */
export interface GroupPolicy {
  name: string;
  groups: string[];
  /** the models this policy allows (availableModels, enforced); absent = no restriction */
  models?: string[];
  /** tools denied to the group (permissions.deny) */
  denyTools?: string[];
  /** environment variables pushed to the group's Claude Code */
  env?: Record<string, string>;
  /** the profile variable its models come from (ENFORCE_MODELS), which a problem with them names; absent: POLICIES_FILE */
  modelsFrom?: string;
}
