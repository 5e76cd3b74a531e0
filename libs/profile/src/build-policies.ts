// The managed policies a profile declares, in first-match order: the legacy DENY_TOOL_GROUP
// shortcut first, then POLICIES_FILE's policies, then the catch-all (which takes
// ENFORCE_MODELS). There is always exactly one catch-all, and it is last.
import type { GroupPolicy } from './group-policy.ts';
import type { ProfileProblem } from './profile-problem.ts';

export interface PolicyInputs {
  denyToolGroup: string | undefined;
  denyTools: readonly string[];
  enforceModels: readonly string[];
  filePolicies: readonly GroupPolicy[];
}

export function buildPolicies(inputs: PolicyInputs): { policies: GroupPolicy[]; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  const policies: GroupPolicy[] = [];
  if (inputs.denyToolGroup) {
    const shadowed = inputs.filePolicies.find((p) => p.groups.includes(inputs.denyToolGroup!));
    if (shadowed) {
      problems.push({
        variable: 'DENY_TOOL_GROUP', value: inputs.denyToolGroup,
        message: `is also matched by policy "${shadowed.name}" in POLICIES_FILE, which would never apply (the first match wins)`,
        fix: `remove DENY_TOOL_GROUP and add deny_tools to policy "${shadowed.name}"`,
      });
    }
    policies.push({ name: `${inputs.denyToolGroup}-deny-tools`, groups: [inputs.denyToolGroup], denyTools: [...inputs.denyTools] });
  }
  const specific = inputs.filePolicies.filter((p) => p.groups.length > 0);
  const fileCatchAll = inputs.filePolicies.find((p) => p.groups.length === 0);
  policies.push(...specific);
  if (fileCatchAll?.models && inputs.enforceModels.length > 0) {
    problems.push({
      variable: 'ENFORCE_MODELS', value: inputs.enforceModels.join(','),
      message: `and the catch-all policy "${fileCatchAll.name}" in POLICIES_FILE both say which models everyone else gets`,
      fix: 'keep one: remove ENFORCE_MODELS, or the models of the catch-all policy',
    });
  }
  const catchAll: GroupPolicy = fileCatchAll ?? { name: 'everyone-else', groups: [] };
  policies.push(inputs.enforceModels.length > 0 && !catchAll.models ? { ...catchAll, models: [...inputs.enforceModels], modelsFrom: 'ENFORCE_MODELS' } : catchAll);
  return { policies, problems };
}
