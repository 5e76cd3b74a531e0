// The change sets the one confirmation shows: one for every stack to create or update whose
// inputs are known, all made at once. A stack CloudFormation finds nothing to change in is
// reviewed as unchanged after all. What was made can be discarded (a decline, a dry run, an
// interrupt, a failure while making them), with the empty stacks a CREATE leaves behind.
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws } from './aws-call.ts';
import { createChangeSet, deleteChangeSet, type CreatedChangeSet } from './change-set.ts';
import type { DeployRun } from './deploy-run.ts';
import type { NodeReview } from './node-review.ts';
import { resolveParameters } from './resolve-parameters.ts';
import type { NodeId, StackPlan } from './stack-plan.ts';

export interface PreparedChangeSets {
  /** the change sets that hold changes, by node */
  byNode: Map<NodeId, CreatedChangeSet>;
  /** deletes every change set made, and the empty stacks CREATE change sets made */
  discard(): Promise<void>;
}

/** Updates `reviews` with what each change set holds. Ctrl-C while they are made is not an error: the caller sees the signal. */
export async function prepareChangeSets(
  stacks: readonly StackPlan[], reviews: Map<NodeId, NodeReview>, outputs: ReadonlyMap<NodeId, Record<string, string>>, run: DeployRun,
): Promise<PreparedChangeSets> {
  const { ctx } = run;
  const created: CreatedChangeSet[] = [];
  const byNode = new Map<NodeId, CreatedChangeSet>();
  const discard = async () => {
    await Promise.all(created.filter((c) => c.changes).map((c) => deleteChangeSet(ctx.cfn, c.id, c.stackName, ctx.awsProfile).catch(() => undefined)));
    // a CREATE change set leaves an empty stack in REVIEW_IN_PROGRESS behind
    await Promise.all(created.filter((c) => c.type === 'CREATE').map((c) => callAws(`deleting empty stack ${c.stackName}`, () => ctx.cfn.send(new DeleteStackCommand({ StackName: c.stackName })), { awsProfile: ctx.awsProfile }).catch(() => undefined)));
  };
  const prepare = async (s: StackPlan) => {
    const r = reviews.get(s.id) as NodeReview;
    run.progress(s, 'creating change set');
    const cs = await createChangeSet(ctx.cfn, {
      stackName: s.stackName, changeSetName: run.changeSetName, type: r.exists ? 'UPDATE' : 'CREATE', templateBody: s.templateBody, templateUrl: await run.templateUrl(s),
      parameters: resolveParameters(s.stackName, s.parameters, outputs) as Record<string, string>, tags: s.tags,
    }, run.timing, ctx.awsProfile, ctx.signal);
    created.push(cs);
    if (cs.changes === undefined) {
      reviews.set(s.id, { ...r, action: 'unchanged', reason: 'CloudFormation found nothing to change' });
      run.progress(s, 'unchanged');
    } else {
      byNode.set(s.id, cs);
      reviews.set(s.id, { ...r, changes: cs.changes });
      run.progress(s, 'waiting');
    }
  };
  const settled = await Promise.allSettled(stacks.filter((s) => hasChangeSetToShow(reviews.get(s.id))).map(prepare));
  const firstError = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (firstError) {
    await discard();
    // Ctrl-C during a change-set wait: reported as an interrupt, like one between waits
    const interrupted = ctx.signal?.aborted && CagwError.is(firstError.reason) && firstError.reason.code === 'DeployInterrupted';
    if (!interrupted) throw firstError.reason;
  }
  return { byNode, discard };
}

/** A stack to create or update whose inputs are known now. */
const hasChangeSetToShow = (r: NodeReview | undefined): boolean => r !== undefined && (r.action === 'create' || r.action === 'update') && !r.plannedFromTemplate;
