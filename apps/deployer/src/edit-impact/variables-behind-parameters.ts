// Which profile variables make each stack parameter an edit changes, found by running the real
// planner rather than kept in a list: every variable the edit changes is applied alone to the
// old profile (or, when that does not load, taken back alone from the new one), and the
// parameters that change with it are its. Values derived from several variables (a default
// computed from another variable, the packed gateway config) follow without being listed.
import { stacksOf, type DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { STACK_NAME } from './plan-edit.ts';

/** stack (its node id in the plan: `network`, `idp`, so a renamed stack stays the same one) → parameter → its value, or `<node>.<Output>` for one taken from another node */
export type PlanParameters = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A plan with one variable edited, and the plan it differs from by that variable alone. */
export interface OneVariableEdit {
  baseline: PlanParameters;
  edited: PlanParameters;
}

/** By the stack's node id (`idp`), as planParameters keys them. */
export type VariablesOf = (stack: string, parameter: string) => string[];

/** Also the stack's name as STACK_NAME, so a variable that renames a stack is found behind it. */
export function planParameters(plan: DeploymentPlan): PlanParameters {
  return Object.fromEntries(stacksOf(plan).map((s) => [s.id, {
    [STACK_NAME]: s.stackName,
    ...Object.fromEntries(Object.entries(s.parameters).map(([k, v]) => [k, v.kind === 'value' ? v.value : `<${v.node}.${v.output}>`])),
  }]));
}

/**
 * `editOne(variable)` plans the one-variable edit, undefined when no profile with only that
 * change loads (variables that must change together); a parameter the whole edit changes that no
 * single variable explains is given every variable that could not be tried alone, else every
 * changed one.
 */
export async function variablesBehindParameters(
  changed: readonly string[], whole: { before: PlanParameters; after: PlanParameters },
  editOne: (variable: string) => Promise<OneVariableEdit | undefined>,
): Promise<VariablesOf> {
  const behind = new Map<string, Set<string>>();
  const add = (key: string, variable: string) => behind.set(key, (behind.get(key) ?? new Set()).add(variable));
  const untried: string[] = [];
  for (const variable of changed) {
    const edit = await editOne(variable);
    if (!edit) {
      untried.push(variable);
      continue;
    }
    for (const key of differing(edit.baseline, edit.edited)) add(key, variable);
  }
  for (const key of differing(whole.before, whole.after)) {
    if (!behind.has(key)) for (const variable of untried.length > 0 ? untried : changed) add(key, variable);
  }
  return (stack, parameter) => [...(behind.get(`${stack}\0${parameter}`) ?? [])].sort();
}

/** `stack\0parameter` of every parameter whose value differs (or exists on one side only). */
function differing(a: PlanParameters, b: PlanParameters): string[] {
  const keys = new Set<string>();
  for (const stack of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const pa = a[stack] ?? {};
    const pb = b[stack] ?? {};
    for (const p of new Set([...Object.keys(pa), ...Object.keys(pb)])) if (pa[p] !== pb[p]) keys.add(`${stack}\0${p}`);
  }
  return [...keys];
}
