// The deployment as data: which stacks (and the steps that feed them) run, in which order,
// with which parameters. Values that come from another node's outputs stay references
// until that node is done, so the plan is known before anything exists.
import type { StackPart } from '@cagw/profile';

/** A literal value, or an output of another node of the plan (`<node>.<Output>`). */
export type ParameterSource =
  | { kind: 'value'; value: string; /** how plan output shows it (the packed config: its size and hash) */ shown?: string }
  | { kind: 'output'; node: NodeId; output: string };

/** Stacks, plus the steps that make inputs for them (the image, the certificates). */
export type NodeId = StackPart | 'image' | 'certificates';

export interface StackPlan {
  kind: 'stack';
  id: StackPart;
  stackName: string;
  /** the template's name in @cagw/cloudformation (or `observability`, generated) */
  template: string;
  templateBody: string;
  dependsOn: NodeId[];
  parameters: Record<string, ParameterSource>;
  tags: Record<string, string>;
}

/** A step that produces values (outputs) for stacks without being a stack itself. */
export interface StepPlan {
  kind: 'step';
  id: 'image' | 'certificates';
  summary: string;
  dependsOn: NodeId[];
  /** literal inputs and upstream outputs the step needs */
  inputs: Record<string, ParameterSource>;
  /** outputs the step provides */
  outputs: string[];
}

export type PlanNode = StackPlan | StepPlan;

export interface DeploymentPlan {
  prefix: string;
  region: string;
  nodes: PlanNode[];
}

export const stacksOf = (plan: DeploymentPlan): StackPlan[] => plan.nodes.filter((n): n is StackPlan => n.kind === 'stack');
export const value = (v: string, shown?: string): ParameterSource => (shown === undefined ? { kind: 'value', value: v } : { kind: 'value', value: v, shown });
export const output = (node: NodeId, name: string): ParameterSource => ({ kind: 'output', node, output: name });
