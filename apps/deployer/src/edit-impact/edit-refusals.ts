// The updates of one stack that CloudFormation (or the service under it) refuses, found before
// any change set, each naming the profile variable behind it and the fix. The same rules the
// strict fake enforces, from the same library:
// - a replacement of a resource that keeps its custom name: "CloudFormation cannot update a
//   stack when a custom-named resource requires replacing. Rename <name> and update the stack
//   again." ("Name type", CloudFormation User Guide; custom-name.ts of the library says which
//   properties name a resource);
// - a failed template Rules assertion, refused on CreateChangeSet with its AssertDescription
//   ("Rules", CloudFormation User Guide);
// - what a service refuses on create next to what exists — a replacement creates the new
//   resource before the old one goes (a user pool has one domain: "User pool already has a
//   domain configured.", CreateUserPoolDomain, Amazon Cognito API reference);
// - a parameter value outside the template's constraints ("Parameter 'X' failed to satisfy
//   constraint", CreateChangeSet; "Parameters", CloudFormation User Guide);
// - a logical id whose type changes ("Update of resource type is not permitted").
// A value not known offline is never judged here: stackChanges lists it as unknown instead.
import { parameterValueProblem } from '@cagw/cloudformation';
import { createRefusal, customNameOf, failedRuleAssertion, type ExistingResource } from '@cagw/strict-cloudformation';
import { pseudoParameters } from './pseudo-parameters.ts';
import { referencesIn } from './references.ts';
import { shownName } from './shown-name.ts';
import { judgeStack, type JudgedResource, type JudgedStack, type StackChangesContext, type StackVersion } from './stack-changes.ts';

export interface EditRefusal {
  /** the profile variable(s) behind it, comma-separated; `<stack> parameter <Name>` when no variable is known */
  variable: string;
  message: string;
  fix: string;
  stackName: string;
  /** the resource refused, or the rule that failed */
  logicalId: string | undefined;
  /** the stack parameters behind it */
  parameters: string[];
}

export interface EditRefusalContext extends StackChangesContext {
  /** the profile variables a parameter of this stack is made from; none known: [] */
  variablesOf?: (parameter: string) => readonly string[];
}

/** A refusal before the variable behind it is known: the fix names it. */
interface Refused {
  message: string;
  fix: (variable: string) => string;
}

const CUSTOM_NAME = 'CloudFormation cannot update a stack when a custom-named resource requires replacing.';

export function editRefusals(before: StackVersion | undefined, after: StackVersion | undefined, context: EditRefusalContext): EditRefusal[] {
  return after ? refusalsOf(judgeStack(before, after, context), after, context) : [];
}

/** The refusals of a stack stackChanges has judged (plan-edit.ts judges each stack once). */
export function refusalsOf(judged: JudgedStack, after: StackVersion, context: EditRefusalContext): EditRefusal[] {
  const variable = (parameters: readonly string[]) => {
    const found = [...new Set(parameters.flatMap((p) => context.variablesOf?.(p) ?? []))];
    return found.length > 0 ? found.join(', ') : parameters.map((p) => `${context.stackName} parameter ${p}`).join(', ') || `${context.stackName} template`;
  };
  const refusals: EditRefusal[] = [];
  const model = judged.models.after;
  if (!model) return refusals;
  const unknown = new Set(Object.keys(after.unknownParameters ?? {}));
  // an update's new values (a stack created is refused by what creates it: cagw's own checks of a profile)
  for (const [name, p] of judged.models.before ? Object.entries(model.parameters) : []) {
    const value = model.values[name] ?? '';
    // only what the edit sets: not a value from an output (a `<stack.Output>` token), nor one the deployed stack already has
    if (unknown.has(name) || /^<.*>$/.test(value) || judged.models.before?.values[name] === value) continue;
    const problem = parameterValueProblem(value, p.constraints);
    if (problem === undefined) continue;
    const named = variable([name]);
    refusals.push({
      variable: named, stackName: context.stackName, logicalId: undefined, parameters: [name],
      message: `${context.stackName}: Parameter '${name}' failed to satisfy constraint: ${p.constraints.constraintDescription ?? `"${value}" ${problem}`}`,
      fix: `set ${named} to a value the ${context.stackName} template accepts ("${value}" ${problem})`,
    });
  }
  for (const r of judged.resources) {
    if (r.typeBefore !== undefined) {
      refusals.push({
        variable: `${context.stackName} template`, stackName: context.stackName, logicalId: r.logicalId, parameters: [],
        message: `${context.stackName}: Update of resource type is not permitted. The new template modifies resource type of the following resources: [${r.logicalId}] (${r.typeBefore} → ${r.type})`,
        fix: `the template gives ${r.logicalId} another type: give the new resource another logical id (the old one is then removed), or remove ${r.logicalId} in one deploy and add it back in the next`,
      });
      continue;
    }
    if (r.unknown.length > 0) continue;
    const refusal = customNameRefusal(r, context.stackName) ?? serviceRefusal(r, judged.resources, context.stackName);
    if (!refusal) continue;
    const named = variable(r.parameters);
    refusals.push({ variable: named, message: refusal.message, fix: refusal.fix(named), stackName: context.stackName, logicalId: r.logicalId, parameters: r.parameters });
  }
  for (const [rule, body] of Object.entries((model.rules ?? {}) as Record<string, unknown>)) {
    const parameters = [...referencesIn(body)].filter((p) => p in model.parameters);
    if (parameters.some((p) => unknown.has(p))) continue;
    const failed = failedRuleAssertion({ [rule]: body }, model.parameters, model.values, pseudoParameters(context));
    if (failed === undefined) continue;
    const values = parameters.map((p) => `${p}=${JSON.stringify(model.values[p] ?? '')}`).join(', ');
    refusals.push({
      variable: variable(parameters), stackName: context.stackName, logicalId: rule, parameters,
      message: `${context.stackName}: the template's rule ${rule} fails (${values}), so CloudFormation refuses the change set: ${failed}`,
      fix: `set ${variable(parameters)} so that the rule holds: ${failed}`,
    });
  }
  return refusals;
}

function customNameRefusal(r: JudgedResource, stackName: string): Refused | undefined {
  if (r.action !== 'replace' || r.replacement !== 'True' || !r.before || !r.after) return undefined;
  const was = customNameOf(r.type, r.before);
  const now = customNameOf(r.type, r.after);
  if (!was || !now || was.name !== now.name) return undefined;
  const name = shownName(now.name, r.logicalId);
  return {
    message: `${stackName}: ${r.logicalId} (${r.type}) would be replaced because ${r.causes.join(', ')} changes, and it keeps its custom name ${name}: ${CUSTOM_NAME} Rename ${name} and update the stack again.`,
    fix: (variable) => `set ${variable} back to its deployed value (otherwise CloudFormation rolls the whole ${stackName} update back): ${r.causes.join(', ')} of ${r.logicalId} take effect only when it is created, and it cannot be created again under the name ${name}; change it on the resource itself where its service allows, or give ${r.logicalId} a new name in the template`,
  };
}

/** A replacement or an addition the service refuses next to the resources that exist during the update. */
function serviceRefusal(r: JudgedResource, all: readonly JudgedResource[], stackName: string): Refused | undefined {
  if (!r.after || (r.action !== 'add' && !(r.action === 'replace' && r.replacement === 'True'))) return undefined;
  const existing: ExistingResource[] = all.filter((o) => o.before !== undefined).map((o) => ({ type: o.type, properties: o.before }));
  const refused = createRefusal(r.type, r.after, existing);
  if (refused === undefined) return undefined;
  return {
    message: `${stackName}: ${r.logicalId} (${r.type}) would be ${r.action === 'add' ? 'created' : `replaced (${r.causes.join(', ')} changes), which creates the new one before the old one goes,`} and the service refuses it: ${refused}`,
    fix: (variable) => `set ${variable} back to its deployed value; to change it, first remove the existing ${r.type} of the stack (outside CloudFormation, or by a deploy that switches it off), then deploy the new value`,
  };
}
