// What a stack the edit creates under a new name (a new STACK_PREFIX or COGNITO_STACK) meets in
// the account: the old deployment's stacks are still there when it is created (cagw deploy does
// not delete stacks a profile no longer names before it creates the new ones), so
// - a custom name one of their resources holds is refused: "Resource of type '<type>' with
//   identifier '<name>' already exists." ("Name type", CloudFormation User Guide: a custom name
//   is unique in the account and region);
// - the service refuses what it refuses next to them (a Cognito domain prefix is unique in the
//   region: "Domain already associated with another user pool.", service-create-rules.ts of
//   @cagw/strict-cloudformation).
// Each stack's own placeholders (`<UserPool>`) are qualified with its name, so two stacks'
// resources never look alike only because their logical ids are.
import { createRefusal, customNameOf, type ExistingResource } from '@cagw/strict-cloudformation';
import type { EditRefusal } from './edit-refusals.ts';
import { shownName } from './shown-name.ts';
import type { JudgedStack } from './stack-changes.ts';

export interface NamedJudgedStack {
  stackName: string;
  judged: JudgedStack;
}

/** `created`: stacks the edit creates under a name the old deployment does not have; `existing`: the old deployment's stacks. */
export function accountRefusals(
  created: readonly NamedJudgedStack[], existing: readonly NamedJudgedStack[], variablesOfStackName: (stackName: string) => readonly string[],
): EditRefusal[] {
  const inAccount: (ExistingResource & { stackName: string; logicalId: string })[] = existing.flatMap((s) => s.judged.resources
    .filter((r) => r.before !== undefined)
    .map((r) => ({ type: r.type, properties: qualified(r.before!, s.stackName), stackName: s.stackName, logicalId: r.logicalId })));
  const refusals: EditRefusal[] = [];
  for (const s of created) {
    const found = [...new Set(variablesOfStackName(s.stackName))];
    const variable = found.length > 0 ? found.join(', ') : `the stack name ${s.stackName}`;
    for (const r of s.judged.resources) {
      if (r.action !== 'add' || !r.after) continue;
      const properties = qualified(r.after, s.stackName);
      const name = customNameOf(r.type, properties);
      const holder = name && inAccount.find((e) => e.type === r.type && e.properties && customNameOf(e.type, e.properties)?.name === name.name);
      const refused = holder
        ? `Resource of type '${r.type}' with identifier '${shownName(name.name, r.logicalId)}' already exists (${holder.stackName} ${holder.logicalId} holds it)`
        : createRefusal(r.type, properties, inAccount);
      if (refused === undefined) continue;
      refusals.push({
        variable, stackName: s.stackName, logicalId: r.logicalId, parameters: [],
        message: `${s.stackName}: the new stack's ${r.logicalId} (${r.type}) cannot be created while the old deployment's stacks exist: ${refused}`,
        fix: `keep ${variable} as deployed, or give the new ${r.logicalId} a name of its own (the profile variable that names it); to move the deployment to new stack names, remove the old one first (cagw destroy with the old profile; retained resources keep their names until you delete them)`,
      });
    }
  }
  return refusals;
}

/** Properties with this stack's placeholders (`<UserPool>`, `<UserPool>.Arn`) named by the stack. */
function qualified(properties: Record<string, unknown>, stackName: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(properties).replace(/<([A-Za-z0-9]+)((?: after its replacement)?>)/g, `<${stackName}/$1$2`)) as Record<string, unknown>;
}
