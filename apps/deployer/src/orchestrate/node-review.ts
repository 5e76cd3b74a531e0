// How one node of the plan looks before anything runs: what will happen to it and why. The
// reviews are what the one confirmation shows; a change set made later is shown as one too.
import type { ResourceChange } from './change-set.ts';
import type { StackAction } from './deploy-reason.ts';
import type { NodeId } from './stack-plan.ts';

export interface NodeReview {
  node: NodeId;
  stackName: string;
  kind: 'stack' | 'step';
  action: StackAction | 'pending' | 'run' | 'reuse';
  reason: string;
  /** resource changes: from the change set, or from the template when inputs are pending */
  changes: ResourceChange[];
  /** the change set was made from the template alone: its inputs come from stacks not deployed yet */
  plannedFromTemplate: boolean;
  /** the stack exists (so it is updated, not created) */
  exists: boolean;
  /** the parameter values the review was made with (undefined while inputs are pending) */
  parameters?: Record<string, string> | undefined;
}
