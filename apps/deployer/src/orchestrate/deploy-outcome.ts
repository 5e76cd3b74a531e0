// What a deploy ends with: what was shown, what became of every node, the outputs, the first
// failure and the stacks still updating when cagw stopped following.
import type { CagwError } from '@cagw/errors';
import type { NodeReview } from './node-review.ts';
import type { NodeState } from './stack-graph.ts';
import type { NodeId } from './stack-plan.ts';

export interface NodeResult {
  node: NodeId;
  stackName: string;
  state: NodeState | 'unchanged';
  error?: CagwError;
}

export interface DeployOutcome {
  result: 'deployed' | 'no-changes' | 'dry-run' | 'failed' | 'interrupted';
  reviews: NodeReview[];
  nodes: NodeResult[];
  /** outputs of every node that has them (stacks and steps) */
  outputs: Record<string, Record<string, string>>;
  /** the first failure (its root cause) */
  failure?: CagwError;
  /** stacks CloudFormation is still working on when cagw stopped following */
  stillUpdating: string[];
}
