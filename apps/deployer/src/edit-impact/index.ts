// edit-impact: what an edit of a deployment does to each stack, judged offline with the strict
// fake's evaluator (@cagw/strict-cloudformation), and the updates CloudFormation would refuse.
// Used by `cagw plan --from OLD_PROFILE`, and by `cagw deploy` to refuse an edit before the
// first change set. "Before" is any StackVersion: an old profile's plan, or a live stack's
// template and parameters; "after" is the new plan's. Nothing here prints or calls AWS.
//
//   stackChanges(before, after, { stackName, region?, accountId? }) → { changes, outputsThatMayChange }
//     before/after: { template: string | object, parameters: Record<string, string>,
//                     unknownParameters?: Record<name, 'stack.Output'> } | undefined (no stack)
//     changes[]: { logicalId, type, action: 'add' | 'modify' | 'replace' | 'remove', causes,
//                  customName, name, guarded, guardedBecause, unknown: string[] (why it cannot be
//                  judged offline; [] when it can), parameters (those behind it), replacement }
//     'replace' includes Replacement Conditional (then `unknown` says CloudFormation decides).
//   editRefusals(before, after, { stackName, region?, accountId?, variablesOf?(parameter) })
//     → { variable, message, fix, stackName, logicalId, parameters }[]: a custom-named resource
//     that would be replaced, a failed template Rules assertion, a create the service refuses
//     next to what exists (a user pool's second domain), a new parameter value outside the
//     template's constraints, a logical id whose type changes. `variable` names the profile
//     variables variablesOf gives for the parameters behind it, else `<stack> parameter <Name>`
//     (`<stack> template` when no parameter is behind it).
//   planEdit(beforePlan | undefined, afterPlan, { variablesOf?(stackName, parameter) })
//     → { stacks: [{ name, changes }], refusals }: two DeploymentPlans, stacks in dependency
//     order, an output the edit may change making what reads it unknown; a stack created under a
//     new name is judged against the old stacks that still exist (variablesOf(stack, STACK_NAME)
//     names the variables behind a stack's name).
export { stackChanges, type ImpactAction, type ResourceImpact, type StackChanges, type StackChangesContext, type StackVersion } from './stack-changes.ts';
export { editRefusals, type EditRefusal, type EditRefusalContext } from './edit-refusals.ts';
export { planEdit, STACK_NAME, type PlanEdit, type PlanEditOptions, type StackEdit } from './plan-edit.ts';
