// Two deployment plans → what deploying the second over the first does: for each stack the
// resources it adds, modifies, replaces or removes (stack-changes.ts), and the updates
// CloudFormation would refuse (edit-refusals.ts). Stacks are judged in dependency order, so a
// value that reaches a stack through another stack's output is known to be unchanged only when
// that output is: an output the edit may change (or a step's, when its inputs change) makes
// every change that depends on it "not known offline". A stack created under a new name is also
// judged against the old deployment's stacks, which still exist then (account-refusals.ts).
import { stacksOf, type DeploymentPlan, type NodeId, type ParameterSource, type PlanNode, type StackPlan } from '../orchestrate/stack-plan.ts';
import { accountRefusals, type NamedJudgedStack } from './account-refusals.ts';
import { refusalsOf, type EditRefusal } from './edit-refusals.ts';
import { impactOf, judgeStack, type ResourceImpact, type StackVersion } from './stack-changes.ts';

/** What variablesOf is asked for the variables behind a stack's name (a stack the edit creates under a new one). */
export const STACK_NAME = 'AWS::StackName';

export interface PlanEditOptions {
  /** the profile variables a stack's parameter (or its name, STACK_NAME) is made from (variables-behind-parameters.ts); default: none known */
  variablesOf?: (stackName: string, parameter: string) => readonly string[];
  accountId?: string;
}

export interface StackEdit {
  name: string;
  changes: ResourceImpact[];
  /** the stack's tags (TAGS) before and after, when the edit changes them: the change set updates them on every resource that takes tags */
  tags?: { before: Record<string, string>; after: Record<string, string> };
}

export interface PlanEdit {
  /** every stack of either plan, in the order the new plan deploys them, then those it no longer has */
  stacks: StackEdit[];
  refusals: EditRefusal[];
}

/** `before` undefined: nothing deployed yet, every stack is added. */
export function planEdit(before: DeploymentPlan | undefined, after: DeploymentPlan, options: PlanEditOptions = {}): PlanEdit {
  const names = { before: nodeNames(before), after: nodeNames(after) };
  /** per node, the outputs the edit may change ('all' for a node that is new or a step whose inputs changed) */
  const mayChange = new Map<NodeId, Set<string> | 'all'>();
  const changes = (node: NodeId, output: string) => {
    const m = mayChange.get(node);
    return m === 'all' || (m?.has(output) ?? false);
  };
  const token = (source: Extract<ParameterSource, { kind: 'output' }>, side: 'before' | 'after') => `<${names[side][source.node] ?? source.node}.${source.output}>`;
  /** the same output of the same stack, which this edit does not change */
  const sameOutput = (was: ParameterSource | undefined, now: Extract<ParameterSource, { kind: 'output' }>) =>
    was?.kind === 'output' && was.node === now.node && was.output === now.output && names.before[was.node] === names.after[now.node] && !changes(now.node, now.output);

  const stacks: StackEdit[] = [];
  const refusals: EditRefusal[] = [];
  const created: NamedJudgedStack[] = [];
  const dropped: NamedJudgedStack[] = [];
  const beforeNodes = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  for (const node of inPlanOrder(after.nodes)) {
    const was = beforeNodes.get(node.id);
    if (node.kind === 'step') {
      const inputsSame = was?.kind === 'step' && Object.entries(node.inputs).every(([k, v]) => sameSource(was.inputs[k], v, sameOutput))
        && Object.keys(was.inputs).every((k) => k in node.inputs);
      // a step makes the same outputs from the same inputs (certificates are made once and reused, the image tag follows its inputs)
      if (!inputsSame) mayChange.set(node.id, 'all');
      continue;
    }
    const old = was?.kind === 'stack' && was.stackName === node.stackName ? was : undefined;
    const versionBefore = old ? versionOf(old, (s) => token(s, 'before')) : undefined;
    const versionAfter = versionOf(node, (s) => token(s, 'after'), (name, s) => (sameOutput(old?.parameters[name], s) ? undefined : `${names.after[s.node] ?? s.node}.${s.output}`));
    const context = { stackName: node.stackName, region: after.region, accountId: options.accountId };
    const judged = judgeStack(versionBefore, versionAfter, context);
    mayChange.set(node.id, old ? new Set(judged.outputsThatMayChange) : 'all');
    if (!old && before) created.push({ stackName: node.stackName, judged });
    const tagsChange = old && JSON.stringify(Object.entries(old.tags).sort()) !== JSON.stringify(Object.entries(node.tags).sort()) ? { tags: { before: old.tags, after: node.tags } } : {};
    stacks.push({ name: node.stackName, changes: judged.resources.map(impactOf), ...tagsChange });
    refusals.push(...refusalsOf(judged, versionAfter, { ...context, variablesOf: (p) => options.variablesOf?.(node.stackName, p) ?? [] }));
  }
  const kept = new Set(stacksOf(after).map((s) => s.stackName));
  for (const old of before ? stacksOf(before) : []) {
    if (kept.has(old.stackName)) continue;
    const judged = judgeStack(versionOf(old, (s) => token(s, 'before')), undefined, { stackName: old.stackName, region: before?.region, accountId: options.accountId });
    stacks.push({ name: old.stackName, changes: judged.resources.map(impactOf) });
    dropped.push({ stackName: old.stackName, judged });
  }
  refusals.push(...accountRefusals(created, dropped, (stackName) => options.variablesOf?.(stackName, STACK_NAME) ?? []));
  return { stacks, refusals };
}

/** A stack of a plan as the engine compares it: literal values, and outputs as tokens (or unknown). */
function versionOf(
  stack: StackPlan, token: (s: Extract<ParameterSource, { kind: 'output' }>) => string,
  unknownOf: (name: string, s: Extract<ParameterSource, { kind: 'output' }>) => string | undefined = () => undefined,
): StackVersion {
  const parameters: Record<string, string> = {};
  const unknownParameters: Record<string, string> = {};
  for (const [name, source] of Object.entries(stack.parameters)) {
    if (source.kind === 'value') {
      parameters[name] = source.value;
      continue;
    }
    parameters[name] = token(source);
    const unknown = unknownOf(name, source);
    if (unknown !== undefined) unknownParameters[name] = unknown;
  }
  return { template: stack.templateBody, parameters, unknownParameters };
}

function sameSource(
  was: ParameterSource | undefined, now: ParameterSource,
  sameOutput: (was: ParameterSource | undefined, now: Extract<ParameterSource, { kind: 'output' }>) => boolean,
): boolean {
  if (now.kind === 'value') return was?.kind === 'value' && was.value === now.value;
  return sameOutput(was, now);
}

function nodeNames(plan: DeploymentPlan | undefined): Record<string, string> {
  return Object.fromEntries((plan?.nodes ?? []).map((n) => [n.id, n.kind === 'stack' ? n.stackName : n.id]));
}

/** Nodes after the nodes they read from (a plan lists them so already; this does not rely on it). */
function inPlanOrder(nodes: readonly PlanNode[]): PlanNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const done = new Set<NodeId>();
  const ordered: PlanNode[] = [];
  const visit = (n: PlanNode, path: Set<NodeId>) => {
    if (done.has(n.id) || path.has(n.id)) return;
    path.add(n.id);
    for (const d of n.dependsOn) {
      const dep = byId.get(d);
      if (dep) visit(dep, path);
    }
    done.add(n.id);
    ordered.push(n);
  };
  for (const n of nodes) visit(n, new Set());
  return ordered;
}
