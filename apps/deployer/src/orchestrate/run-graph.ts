// The graph after the confirmation: every node as soon as its dependencies are done, a few at
// a time. A failure stops new work and Ctrl-C stops following; what became of each node, the
// first failure in time and the stacks still updating make the outcome.
import { CagwError } from '@cagw/errors';
import { deleteChangeSet, type CreatedChangeSet } from './change-set.ts';
import type { DeployOutcome, NodeResult } from './deploy-outcome.ts';
import { nameOf, type DeployRun } from './deploy-run.ts';
import type { NodeReview } from './node-review.ts';
import { runStack } from './run-stack.ts';
import { runStep } from './run-step.ts';
import type { NodeOutcome, StackGraph } from './stack-graph.ts';
import type { DeploymentPlan, NodeId, PlanNode } from './stack-plan.ts';

export async function runGraph(
  plan: DeploymentPlan, graph: StackGraph<PlanNode>, reviews: ReadonlyMap<NodeId, NodeReview>, changeSets: ReadonlyMap<NodeId, CreatedChangeSet>,
  outputs: Map<NodeId, Record<string, string>>, run: DeployRun,
): Promise<Omit<DeployOutcome, 'reviews'>> {
  const errors = new Map<NodeId, CagwError>();
  const changed = new Set<NodeId>();
  const runNode = async (node: PlanNode): Promise<void> => {
    try {
      if (node.kind === 'step') await runStep(node, reviews.get(node.id) as NodeReview, outputs, run);
      else if (await runStack(node, reviews.get(node.id) as NodeReview, changeSets.get(node.id), outputs, run)) changed.add(node.id);
    } catch (e) {
      const err = CagwError.is(e) ? e : new CagwError('InternalError', `${nameOf(node)}: ${(e as Error)?.message ?? String(e)}`, { source: 'internal', cause: e });
      errors.set(node.id, err);
      throw err;
    }
  };
  const states = await graph.run({ concurrency: run.ctx.concurrency ?? 4, signal: run.ctx.signal, onState: (id, state) => {
    const n = plan.nodes.find((x) => x.id === id) as PlanNode;
    if (state === 'skipped') run.progress(n, 'skipped');
    if (state === 'interrupted') run.progress(n, 'interrupted');
  } }, runNode);
  await deleteUnexecuted(plan, states, changeSets, run);
  return outcomeOf(plan, reviews, states, errors, changed, outputs, run.ctx.signal);
}

/**
 * A run that stopped (a failure, a refused change set) leaves no change set it made and will
 * never execute: the stacks it did not reach keep none, so nobody executes a stale one from the
 * console, and the next run makes its own. A delete that fails changes nothing of the outcome.
 */
async function deleteUnexecuted(plan: DeploymentPlan, states: ReadonlyMap<string, NodeOutcome>, changeSets: ReadonlyMap<NodeId, CreatedChangeSet>, run: DeployRun): Promise<void> {
  const notReached = plan.nodes.filter((n) => n.kind === 'stack' && (states.get(n.id)?.state ?? 'skipped') === 'skipped');
  await Promise.all(notReached.map(async (n) => {
    const cs = changeSets.get(n.id);
    if (cs) await deleteChangeSet(run.ctx.cfn, cs.id, cs.stackName, run.ctx.awsProfile).catch(() => undefined);
  }));
}

function outcomeOf(
  plan: DeploymentPlan, reviews: ReadonlyMap<NodeId, NodeReview>, states: ReadonlyMap<string, NodeOutcome>, errors: ReadonlyMap<NodeId, CagwError>,
  changed: ReadonlySet<NodeId>, outputs: ReadonlyMap<NodeId, Record<string, string>>, signal: AbortSignal | undefined,
): Omit<DeployOutcome, 'reviews'> {
  const nodes: NodeResult[] = plan.nodes.map((n) => {
    const unchanged = (reviews.get(n.id)?.action === 'unchanged' && !changed.has(n.id)) || reviews.get(n.id)?.action === 'reuse';
    const state = states.get(n.id)?.state ?? 'skipped';
    const error = errors.get(n.id);
    return { node: n.id, stackName: nameOf(n), state: unchanged && state === 'completed' ? 'unchanged' : state, ...(error ? { error } : {}) };
  });
  const interrupted = nodes.filter((n) => n.state === 'interrupted');
  // the first failure in time is the cause (errors keeps arrival order); later ones are often its echo
  const failure = [...errors.values()].find((e) => e.code !== 'DeployInterrupted');
  const result = interrupted.length > 0 || signal?.aborted ? 'interrupted' : failure ? 'failed' : 'deployed';
  return {
    result, nodes, outputs: Object.fromEntries(outputs), ...(failure ? { failure } : {}),
    stillUpdating: interrupted.filter((n) => plan.nodes.find((p) => p.id === n.node)?.kind === 'stack').map((n) => n.stackName),
  };
}
