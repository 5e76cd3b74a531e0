// The guard ladder that decides, before any change set, what a stack needs: nothing,
// a create, an update, or a delete-and-create; and refuses a stack that is busy.
import { CagwError } from '@cagw/profile';
import { isBusy, isDeadOnArrival, isRecoverableFailure, isStableSuccess, type LiveStack } from './live-stack.ts';

export type StackAction = 'create' | 'update' | 'recreate' | 'unchanged';

export interface StackDecision {
  action: StackAction;
  reason: string;
}

/** params undefined = some inputs come from stacks not deployed yet. */
export function decideStackAction(
  stackName: string, live: LiveStack | undefined, next: { templateBody: string; parameters: Record<string, string> | undefined; tags: Record<string, string> },
): StackDecision {
  if (!live || live.status === 'REVIEW_IN_PROGRESS') return { action: 'create', reason: 'stack does not exist yet' };
  if (isBusy(live.status)) {
    throw new CagwError('StackBusy', `stack ${stackName} is ${live.status}`, {
      source: 'user', where: stackName,
      fix: `wait until it settles (cagw status), or stop it: aws cloudformation cancel-update-stack --stack-name ${stackName}; then re-run`,
    });
  }
  if (live.status === 'UPDATE_ROLLBACK_FAILED') {
    throw new CagwError('StackBusy', `stack ${stackName} is UPDATE_ROLLBACK_FAILED`, {
      source: 'user', where: stackName,
      fix: `continue the rollback: aws cloudformation continue-update-rollback --stack-name ${stackName} (skipping the resources it names if needed), then re-run`,
    });
  }
  if (isDeadOnArrival(live.status)) return { action: 'recreate', reason: `stack is in ${live.status} after a failed create: it is deleted (it holds no resources) and created again` };
  if (isRecoverableFailure(live.status)) return { action: 'update', reason: `stack is in ${live.status}` };
  if (!isStableSuccess(live.status)) return { action: 'update', reason: `stack is in ${live.status}` };
  if (next.parameters === undefined) return { action: 'update', reason: 'inputs from other stacks pending' };
  if (live.templateBody !== next.templateBody) return { action: 'update', reason: 'template changed' };
  // only the parameters cagw passes: DescribeStacks also lists the template defaults
  const changed = Object.keys(next.parameters).filter((k) => live.parameters[k] !== next.parameters?.[k]).sort();
  if (changed.length > 0) return { action: 'update', reason: `parameters changed: ${changed.join(', ')}` };
  if (changedKeys(live.tags, next.tags).length > 0) return { action: 'update', reason: 'tags changed' };
  return { action: 'unchanged', reason: 'template, parameters and tags are as deployed' };
}

export function changedKeys(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}
