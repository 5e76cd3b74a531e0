// A change set made after the one confirmation: an upstream output changed under a stack
// reviewed as unchanged or under a change set already made, or the stack's inputs were
// pending at review. Nothing executes that was not shown: it is shown (a result, so --yes
// prints it before it runs) and asked about again, unless it only adds resources the review
// listed for a stack created from its template. Declined, it is deleted and the run stops.
// A guarded replacement or removal not allowed by --allow-replace stops the run the same way,
// before the question (guarded-changes.ts).
import { DeleteStackCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws } from './aws-call.ts';
import { deleteChangeSet, type CreatedChangeSet, type ResourceChange } from './change-set.ts';
import type { DeployHost } from './deploy-host.ts';
import { guardedChangeRefusal } from './guarded-change-refusal.ts';
import { guardedChangesOf } from './guarded-changes.ts';
import type { NodeReview } from './node-review.ts';

/** What showing and asking about a late change set takes. */
export interface LateChangeSetContext {
  host: DeployHost;
  cfn: CloudFormationClient;
  awsProfile?: string | undefined;
  /** asks one question at a time: stacks deploying side by side can reach this together */
  confirm: DeployHost['confirm'];
  /** logical ids whose replacement or removal is accepted (--allow-replace) */
  allowReplace: readonly string[];
}

/**
 * Shows the change set; resolves when it may run. Throws GuardedChangeNotAllowed or
 * LateChangeSetDeclined (after deleting it) when not. `templateBody` is what it was made from.
 */
export async function confirmLateChangeSet(reviewed: NodeReview, cs: CreatedChangeSet & { changes: ResourceChange[] }, templateBody: string, why: string, ctx: LateChangeSetContext): Promise<void> {
  const late: NodeReview = { ...reviewed, action: cs.type === 'CREATE' ? 'create' : 'update', reason: why, changes: cs.changes, plannedFromTemplate: false, parameters: cs.parameters };
  ctx.host.notify({ level: 'result', code: 'CAGW_DEPLOY_I0301', text: `${cs.stackName}: change set made after the confirmation (${why})`, data: late });
  const refusal = guardedChangeRefusal(guardedChangesOf(cs.stackName, cs.changes, templateBody), ctx.allowReplace, {
    where: `the change set of ${cs.stackName} made after the confirmation (${why})`, outcome: 'it was deleted and not executed; stacks already updated in this run stay updated',
  });
  if (refusal) {
    await discardLateChangeSet(cs, ctx);
    throw refusal;
  }
  if (addsOnlyWhatWasShown(reviewed, cs)) return;
  const yes = await ctx.confirm({ code: 'CAGW_DEPLOY_Q0002', text: `${cs.stackName} has changes the confirmed plan did not show (${why}). Apply them?`, defaultAnswer: false });
  if (yes) return;
  await discardLateChangeSet(cs, ctx);
  throw new CagwError('LateChangeSetDeclined', `the change set of ${cs.stackName} made after the confirmation was declined: it was deleted and not executed; stacks already updated stay updated`, {
    source: 'user', where: cs.stackName, fix: 're-run cagw deploy: its changes are then shown with the others before anything runs',
  });
}

async function discardLateChangeSet(cs: CreatedChangeSet, ctx: LateChangeSetContext): Promise<void> {
  await deleteChangeSet(ctx.cfn, cs.id, cs.stackName, ctx.awsProfile).catch(() => undefined);
  // a CREATE change set leaves an empty stack in REVIEW_IN_PROGRESS behind
  if (cs.type === 'CREATE') {
    await callAws(`deleting empty stack ${cs.stackName}`, () => ctx.cfn.send(new DeleteStackCommand({ StackName: cs.stackName })), { awsProfile: ctx.awsProfile }).catch(() => undefined);
  }
}

/** A stack created from its template, every change an addition the review listed: it was shown. */
function addsOnlyWhatWasShown(reviewed: NodeReview, cs: CreatedChangeSet & { changes: ResourceChange[] }): boolean {
  if (cs.type !== 'CREATE' || !reviewed.plannedFromTemplate) return false;
  const shown = new Set(reviewed.changes.filter((c) => c.action === 'Add').map((c) => `${c.logicalId} ${c.type}`));
  return cs.changes.every((c) => c.action === 'Add' && shown.has(`${c.logicalId} ${c.type}`));
}
