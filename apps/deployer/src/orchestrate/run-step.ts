// One step's turn in the graph (the image, the certificates): what it makes is found again,
// or made now, once its inputs are known; its outputs feed the stacks after it.
import type { DeployRun } from './deploy-run.ts';
import type { NodeReview } from './node-review.ts';
import { resolveParameters } from './resolve-parameters.ts';
import type { NodeId, StepPlan } from './stack-plan.ts';
import type { StepRunner } from './step-runner.ts';

export async function runStep(node: StepPlan, review: NodeReview, outputs: Map<NodeId, Record<string, string>>, run: DeployRun): Promise<void> {
  if (review.action === 'reuse') return;
  const inputs = resolveParameters(node.id, node.inputs, outputs) as Record<string, string>;
  const runner = run.ctx.steps?.[node.id] as StepRunner;
  const found = await runner.find(inputs);
  run.progress(node, 'running step');
  outputs.set(node.id, found ?? (await runner.run(inputs, run.ctx.signal)));
  run.progress(node, 'completed');
}
