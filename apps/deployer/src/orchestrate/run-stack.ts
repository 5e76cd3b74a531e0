// One stack's turn in the graph, once everything it reads from is done: its change set (the
// one shown, or one made now and shown again), executed and followed to the end; its outputs
// then feed the stacks after it. True when the stack changed.
import { DeleteStackCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws } from './aws-call.ts';
import { createChangeSet, deleteChangeSet, type CreatedChangeSet } from './change-set.ts';
import type { DeployRun } from './deploy-run.ts';
import { confirmLateChangeSet } from './late-change-set.ts';
import { readLiveStack } from './live-stack.ts';
import type { NodeReview } from './node-review.ts';
import { resolveParameters } from './resolve-parameters.ts';
import type { NodeId, StackPlan } from './stack-plan.ts';
import { stackWaitOptions } from './stack-wait-options.ts';
import { waitForStack } from './wait-for-stack.ts';

type Outputs = Map<NodeId, Record<string, string>>;

export async function runStack(node: StackPlan, reviewed: NodeReview, prepared: CreatedChangeSet | undefined, outputs: Outputs, run: DeployRun): Promise<boolean> {
  const review = reviewWithOutputsNow(node, reviewed, outputs);
  if (!review) return false;
  if (review.action === 'recreate') await deleteFailedStack(node, run);
  const params = resolveParameters(node.stackName, node.parameters, outputs);
  if (!params) throw new CagwError('InternalError', `${node.stackName} started before its inputs were known`, { source: 'internal' });
  const cs = await changeSetToRun(node, review, prepared, params, outputs, run);
  if (!cs) return false;
  await executeAndFollow(node, cs, run);
  outputs.set(node.id, (await readLiveStack(run.ctx.cfn, node.stackName, run.ctx.awsProfile))?.outputs ?? {});
  run.progress(node, 'completed');
  return true;
}

/** An upstream update can change an output a stack reviewed as unchanged reads: then it is updated after all. Undefined: nothing to do. */
function reviewWithOutputsNow(node: StackPlan, review: NodeReview, outputs: Outputs): NodeReview | undefined {
  if (review.action !== 'unchanged') return review;
  const now = resolveParameters(node.stackName, node.parameters, outputs);
  if (JSON.stringify(now) === JSON.stringify(review.parameters)) return undefined;
  return { ...review, action: 'update', reason: 'an upstream output changed' };
}

/** A stack left empty by a failed create goes first, so it can be created again. */
async function deleteFailedStack(node: StackPlan, run: DeployRun): Promise<void> {
  const { cfn, awsProfile } = run.ctx;
  run.progress(node, 'deleting');
  const since = new Date();
  await callAws(`deleting ${node.stackName}`, () => cfn.send(new DeleteStackCommand({ StackName: node.stackName })), { awsProfile });
  await waitForStack(cfn, node.stackName, 'delete', since, stackWaitOptions(node, 0, run));
}

/**
 * The change set shown, while it was made with the parameters of now; else one made now, shown
 * and confirmed again (late-change-set.ts). Undefined when CloudFormation finds nothing to change.
 */
async function changeSetToRun(
  node: StackPlan, review: NodeReview, prepared: CreatedChangeSet | undefined, params: Record<string, string>, outputs: Outputs, run: DeployRun,
): Promise<CreatedChangeSet | undefined> {
  const { cfn, awsProfile } = run.ctx;
  let why = lateReason(review);
  if (prepared) {
    if (JSON.stringify(prepared.parameters) === JSON.stringify(params)) return prepared;
    // an upstream update changed an output this change set was made with
    await deleteChangeSet(cfn, prepared.id, node.stackName, awsProfile);
    why = 'an upstream output it reads changed after its change set was made';
  }
  run.progress(node, 'creating change set');
  const cs = await createChangeSet(cfn, {
    stackName: node.stackName, changeSetName: run.changeSetName, type: review.exists ? 'UPDATE' : 'CREATE', templateBody: node.templateBody, templateUrl: await run.templateUrl(node), parameters: params, tags: node.tags,
  }, run.timing, awsProfile, run.ctx.signal);
  if (cs.changes === undefined) {
    outputs.set(node.id, (await readLiveStack(cfn, node.stackName, awsProfile))?.outputs ?? {});
    run.progress(node, 'unchanged');
    return undefined;
  }
  await confirmLateChangeSet(review, { ...cs, changes: cs.changes }, node.templateBody, why, { host: run.ctx.host, cfn, awsProfile, confirm: run.confirm, allowReplace: run.ctx.allowReplace ?? [] });
  return cs;
}

/** Why a stack gets its change set only after the confirmation. */
function lateReason(review: NodeReview): string {
  if (review.action === 'recreate') return 'made again once the failed stack was deleted';
  if (review.plannedFromTemplate) return review.exists ? 'its inputs were pending at review' : 'created once its inputs were known';
  return review.reason;
}

async function executeAndFollow(node: StackPlan, cs: CreatedChangeSet, run: DeployRun): Promise<void> {
  const { cfn, awsProfile } = run.ctx;
  const since = new Date();
  const total = cs.changes?.length ?? 0;
  run.progress(node, 'deploying', { resourcesDone: 0, resourcesTotal: total });
  await callAws(`starting the change set of ${node.stackName}`, () => cfn.send(new ExecuteChangeSetCommand({
    ChangeSetName: cs.id, StackName: node.stackName, ClientRequestToken: `${run.changeSetName}-${node.id}`,
  })), { awsProfile });
  try {
    await waitForStack(cfn, node.stackName, cs.type === 'CREATE' ? 'create' : 'update', since, stackWaitOptions(node, total, run));
  } catch (e) {
    if (!(CagwError.is(e) && e.code === 'DeployInterrupted')) run.progress(node, 'failed');
    throw e;
  }
}
