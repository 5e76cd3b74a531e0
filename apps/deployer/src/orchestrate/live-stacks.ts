// What exists now: every stack of the plan read at once, and the outputs of those that have a
// good state to read them from.
import { isRecoverableFailure, isStableSuccess, readLiveStack, type LiveStack } from './live-stack.ts';
import type { DeployContext } from './deploy-context.ts';
import type { NodeId, StackPlan } from './stack-plan.ts';

export async function readLiveStacks(stacks: readonly StackPlan[], ctx: Pick<DeployContext, 'cfn' | 'awsProfile'>): Promise<Map<NodeId, LiveStack | undefined>> {
  return new Map(await Promise.all(stacks.map(async (s) => [s.id, await readLiveStack(ctx.cfn, s.stackName, ctx.awsProfile)] as const)));
}

/**
 * The outputs of every settled stack. A stack rolled back to its last good state still has
 * that state's outputs: stacks after it need them when its change set finds nothing to change.
 */
export function outputsOfSettledStacks(live: ReadonlyMap<NodeId, LiveStack | undefined>): Map<NodeId, Record<string, string>> {
  const outputs = new Map<NodeId, Record<string, string>>();
  for (const [id, l] of live) if (l && (isStableSuccess(l.status) || isRecoverableFailure(l.status))) outputs.set(id, l.outputs);
  return outputs;
}
