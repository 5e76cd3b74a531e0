// One pass over the stack graph. First an edit CloudFormation would refuse halfway (a
// custom-named resource replaced, a second user pool domain) ends it before any change set,
// naming the variable. Then every stack is reviewed (guard ladder, then a change
// set where its inputs are known) and all changes are shown and confirmed once (a guarded
// replacement or removal not allowed by name ends it before the question); then the
// graph runs: each node starts when its dependencies are done, independent ones at the same
// time. A failure stops new work and names its root cause; an interrupt stops following.
import { CagwError } from '@cagw/errors';
import type { DeployContext } from './deploy-context.ts';
import type { DeployOutcome } from './deploy-outcome.ts';
import { startDeployRun, type DeployRun } from './deploy-run.ts';
import { guardedChangeRefusal } from './guarded-change-refusal.ts';
import { guardedChangesOf, type GuardedChange } from './guarded-changes.ts';
import type { LiveStack } from './live-stack.ts';
import { outputsOfSettledStacks, readLiveStacks } from './live-stacks.ts';
import type { NodeReview } from './node-review.ts';
import { assertParametersFit } from './parameter-size.ts';
import { prepareChangeSets, type PreparedChangeSets } from './prepare-change-sets.ts';
import { refuseUnsupportedEdits, type VariablesOf } from './refuse-unsupported-edits.ts';
import { reviewNodes } from './review-nodes.ts';
import { runGraph } from './run-graph.ts';
import { StackGraph } from './stack-graph.ts';
import { stacksOf, type DeploymentPlan, type NodeId, type PlanNode, type StackPlan } from './stack-plan.ts';
import { assertTemplatesDeliverable } from './template-urls.ts';

export type { DeployContext } from './deploy-context.ts';
export type { DeployOutcome, NodeResult } from './deploy-outcome.ts';
export type { NodeReview } from './node-review.ts';

export interface DeployPlanOptions {
  /** names the profile variables behind a refused edit (parameter-variables.ts); without it a refusal names the stack parameter */
  variablesOf?: VariablesOf | undefined;
}

export async function deployPlan(plan: DeploymentPlan, ctx: DeployContext, options: DeployPlanOptions = {}): Promise<DeployOutcome> {
  const graph = acyclicGraphOf(plan);
  const run = startDeployRun(ctx);
  const stacks = stacksOf(plan);
  assertTemplatesDeliverable(stacks, ctx.templateStore);
  assertParametersFit(plan);

  // 1. what exists now (every stack read at once), and what each node needs
  const live = await readLiveStacks(stacks, ctx);
  const outputs = outputsOfSettledStacks(live);
  // an edit CloudFormation would refuse halfway is refused before any change set
  await refuseUnsupportedEdits(stacks, live, outputs, { region: plan.region, variablesOf: options.variablesOf, cfn: ctx.cfn, awsProfile: ctx.awsProfile });
  const reviews = await reviewNodes(graph.order(), live, outputs, ctx, run.progress);

  // 2. change sets for every stack whose inputs are known, all at once; every change shown
  const prepared = await prepareChangeSets(stacks, reviews, outputs, run);
  const shown = graph.order().map((n) => reviews.get(n.id) as NodeReview);
  ctx.host.notify({ level: 'result', code: 'CAGW_DEPLOY_I0300', text: 'changes', data: shown });
  const guarded = guardedChangesShown(stacks, prepared, live);
  const ended = await endBeforeRunning(shown, prepared, guarded, outputs, ctx);
  if (ended) return ended;
  await refuseGuardedChanges(guarded, prepared, ctx);
  await confirmOnce(shown, prepared, run);

  // 3. the graph, every node as soon as its dependencies are done
  return { reviews: shown, ...(await runGraph(plan, graph, reviews, prepared.byNode, outputs, run)) };
}

function acyclicGraphOf(plan: DeploymentPlan): StackGraph<PlanNode> {
  const graph = StackGraph.of(plan.nodes);
  const cycle = graph.findCycle();
  if (cycle) throw new CagwError('StackCycle', `stack dependency cycle: ${cycle.join(' -> ')}`, { source: 'internal' });
  return graph;
}

/** The nodes that will do something when the graph runs. */
const workIn = (shown: readonly NodeReview[]) => shown.filter((r) => r.action !== 'unchanged' && r.action !== 'reuse');

/** A deploy that ends once its changes are shown: interrupted while they were made, a dry run, or nothing to do. */
async function endBeforeRunning(
  shown: NodeReview[], prepared: PreparedChangeSets, guarded: readonly GuardedChange[], outputs: ReadonlyMap<NodeId, Record<string, string>>, ctx: DeployContext,
): Promise<DeployOutcome | undefined> {
  const ending = (result: DeployOutcome['result'], nodes: DeployOutcome['nodes'] = []): DeployOutcome => ({ reviews: shown, stillUpdating: [], result, nodes, outputs: Object.fromEntries(outputs) });
  if (ctx.signal?.aborted) {
    // interrupted while the change sets were being made: nothing has run, leave nothing behind
    await prepared.discard();
    return ending('interrupted');
  }
  if (ctx.dryRun) {
    await prepared.discard();
    // what the real run would stop at, with the flags it would need
    const refusal = guardedChangeRefusal(guarded, ctx.allowReplace ?? [], { where: 'dry run', outcome: 'cagw deploy would stop before executing anything' });
    if (refusal) ctx.host.notify({ level: 'warn', code: 'CAGW_DEPLOY_W0310', text: `${refusal.message}\n  fix: ${refusal.fix}`, data: guarded });
    ctx.host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0410', text: `dry run: ${prepared.byNode.size} change set(s) shown and deleted; nothing changed` });
    return ending('dry-run');
  }
  if (workIn(shown).length === 0) {
    ctx.host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0200', text: 'every stack is as deployed: nothing to do' });
    return ending('no-changes', shown.map((r) => ({ node: r.node, stackName: r.stackName, state: 'unchanged' })));
  }
  return undefined;
}

/** The guarded replacements and removals the change sets shown hold (guarded-changes.ts). */
function guardedChangesShown(stacks: readonly StackPlan[], prepared: PreparedChangeSets, live: ReadonlyMap<NodeId, LiveStack | undefined>): GuardedChange[] {
  return stacks.flatMap((s) => {
    const changes = prepared.byNode.get(s.id)?.changes;
    return changes ? guardedChangesOf(s.stackName, changes, s.templateBody, live.get(s.id)?.templateBody || undefined) : [];
  });
}

/** A guarded change that --allow-replace does not name ends the deploy before the question: the change sets are deleted, as on a decline. */
async function refuseGuardedChanges(guarded: readonly GuardedChange[], prepared: PreparedChangeSets, ctx: DeployContext): Promise<void> {
  const refusal = guardedChangeRefusal(guarded, ctx.allowReplace ?? [], { where: 'the change sets shown', outcome: 'nothing was executed and the change sets were deleted' });
  if (!refusal) return;
  await prepared.discard();
  ctx.host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0410', text: 'the change sets were deleted; nothing changed' });
  throw refusal;
}

/** The one question for everything shown; a "no" deletes the change sets and ends the deploy. */
async function confirmOnce(shown: readonly NodeReview[], prepared: PreparedChangeSets, run: DeployRun): Promise<void> {
  const yes = await run.confirm({ code: 'CAGW_DEPLOY_Q0001', text: `Apply these changes to ${workIn(shown).length} stack(s)?`, defaultAnswer: false });
  if (yes) return;
  await prepared.discard();
  run.ctx.host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0410', text: 'the change sets were deleted; nothing changed' });
  throw new CagwError('DeployAborted', 'deployment cancelled', { source: 'user' });
}
