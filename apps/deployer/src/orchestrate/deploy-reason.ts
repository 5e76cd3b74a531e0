// The guard ladder that decides, before any change set, what a stack needs: nothing,
// a create, an update, or a delete-and-create; and refuses a stack that is busy.
import { CagwError } from '@cagw/errors';
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
    throw new CagwError('StackBusy', `stack ${stackName} is ${live.status}`, { source: 'user', where: stackName, fix: busyFix(stackName, live.status, 'cagw deploy') });
  }
  if (live.status === 'UPDATE_ROLLBACK_FAILED') {
    throw new CagwError('StackBusy', `stack ${stackName} is UPDATE_ROLLBACK_FAILED`, {
      source: 'user', where: stackName,
      fix: `continue the rollback: aws cloudformation continue-update-rollback --stack-name ${stackName} (skipping the resources it names if needed), then re-run`,
    });
  }
  if (isDeadOnArrival(live.status)) {
    const left = live.remaining ?? [];
    if (left.length > 0) throw holdsResources(stackName, live.status, left);
    return { action: 'recreate', reason: `stack is in ${live.status} and holds no resources: it is deleted and created again` };
  }
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

/**
 * What to do about a stack CloudFormation is working on. Only an UPDATE_IN_PROGRESS can be
 * stopped: "You can cancel only stacks that are in the UPDATE_IN_PROGRESS state"
 * (CloudFormation API Reference, CancelUpdateStack).
 */
export function busyFix(stackName: string, status: string, rerun: string): string {
  if (status === 'UPDATE_IN_PROGRESS') return `wait until it settles (cagw status), or stop it: aws cloudformation cancel-update-stack --stack-name ${stackName}; then re-run ${rerun}`;
  if (status.endsWith('_CLEANUP_IN_PROGRESS')) return `${stackName} is removing replaced resources and settles by itself (cagw status); then re-run ${rerun}`;
  return `wait until ${stackName} settles (cagw status); CloudFormation cannot stop a ${status}; then re-run ${rerun}`;
}

/** A failed create or delete that left resources: deleting it again would fail the same way, or lose data. */
function holdsResources(stackName: string, status: string, left: NonNullable<LiveStack['remaining']>): CagwError {
  const list = left.map((r) => `${r.logicalId} (${r.type} ${r.physicalId}, ${r.status})`).join(', ');
  const db = left.find((r) => r.type === 'AWS::RDS::DBInstance');
  const fix = db
    ? `the database ${db.physicalId} still exists with its data and its deletion protection stops the delete. Keep it: leave ${stackName} as it is and restore the deployment from a snapshot by hand; or delete it with a final snapshot: aws rds modify-db-instance --db-instance-identifier ${db.physicalId} --no-deletion-protection --apply-immediately, then cagw destroy (or aws cloudformation delete-stack --stack-name ${stackName}); then re-run cagw deploy, which creates an empty database`
    : `finish the delete: read why it failed (aws cloudformation describe-stack-events --stack-name ${stackName}), remove that cause, run aws cloudformation delete-stack --stack-name ${stackName}, then re-run cagw deploy`;
  return new CagwError('StackHoldsResources', `stack ${stackName} is ${status} and still holds ${list}; CloudFormation can only delete it now`, { source: 'aws', where: stackName, fix });
}

export function changedKeys(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}
