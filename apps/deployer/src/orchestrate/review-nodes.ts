// Before anything runs, every node is reviewed in dependency order with the outputs known so
// far: a step is reused or will run; a stack goes through the guard ladder (deploy-reason.ts).
// A node whose inputs come from a node not deployed yet is pending; a stack created from
// nothing is shown from its template. Every busy stack is refused at once, before any change set.
import { parseTemplate } from '@cagw/cloudformation';
import { CagwError } from '@cagw/errors';
import type { ResourceChange } from './change-set.ts';
import type { DeployContext } from './deploy-context.ts';
import { decideStackAction } from './deploy-reason.ts';
import type { Progress } from './deploy-run.ts';
import type { LiveStack } from './live-stack.ts';
import type { NodeReview } from './node-review.ts';
import { resolveParameters, type WillProduce } from './resolve-parameters.ts';
import type { NodeId, PlanNode, StackPlan, StepPlan } from './stack-plan.ts';

/** Reviews the nodes (given in dependency order); a step found already made adds its outputs. */
export async function reviewNodes(
  order: readonly PlanNode[], live: ReadonlyMap<NodeId, LiveStack | undefined>, outputs: Map<NodeId, Record<string, string>>,
  ctx: DeployContext, progress: Progress,
): Promise<Map<NodeId, NodeReview>> {
  const reviews = new Map<NodeId, NodeReview>();
  const willProduce = pendingOutputs(order, reviews);
  const busy: CagwError[] = [];
  for (const node of order) {
    if (node.kind === 'step') {
      reviews.set(node.id, await reviewStep(node, outputs, ctx, willProduce));
      continue;
    }
    try {
      const review = reviewStack(node, live.get(node.id), outputs, willProduce);
      reviews.set(node.id, review);
      if (review.action === 'unchanged') progress(node, 'unchanged');
    } catch (e) {
      if (CagwError.is(e) && e.code === 'StackBusy') busy.push(e);
      else throw e;
    }
  }
  if (busy.length > 0) {
    throw new CagwError('StackBusy', busy.map((e) => e.message).join('; '), { source: 'user', where: busy.map((e) => e.where).join(', '), fix: busy[0]?.fix });
  }
  return reviews;
}

/**
 * An output an upstream node lacks today but its own pending change adds (BUILD_IMAGE or a
 * private zone switched on): the input is pending, not missing.
 */
function pendingOutputs(nodes: readonly PlanNode[], reviews: ReadonlyMap<NodeId, NodeReview>): WillProduce {
  return (id, name) => {
    const upstream = nodes.find((n) => n.id === id);
    const r = reviews.get(id);
    if (!upstream || !r || r.action === 'unchanged' || r.action === 'reuse') return false;
    return upstream.kind === 'step' ? upstream.outputs.includes(name) : declaredOutputs(upstream.templateBody).includes(name);
  };
}

function reviewStack(node: StackPlan, live: LiveStack | undefined, outputs: ReadonlyMap<NodeId, Record<string, string>>, willProduce: WillProduce): NodeReview {
  const params = resolveParameters(node.stackName, node.parameters, outputs, willProduce);
  const decision = decideStackAction(node.stackName, live, { templateBody: node.templateBody, parameters: params, tags: node.tags });
  // a stack whose inputs are pending, or that is created again, is shown from its template
  const fromTemplate = params === undefined || decision.action === 'recreate';
  return {
    node: node.id, stackName: node.stackName, kind: 'stack', action: params === undefined && decision.action !== 'recreate' ? 'pending' : decision.action,
    reason: decision.reason, changes: fromTemplate && (decision.action === 'create' || decision.action === 'recreate') ? templateResources(node.templateBody) : [],
    plannedFromTemplate: fromTemplate, exists: decision.action === 'update' || decision.action === 'unchanged', parameters: params,
  };
}

async function reviewStep(node: StepPlan, outputs: Map<NodeId, Record<string, string>>, ctx: DeployContext, willProduce: WillProduce): Promise<NodeReview> {
  const runner = ctx.steps?.[node.id];
  if (!runner) throw new CagwError('StepUnavailable', `no way to ${node.summary} was given`, { source: 'internal', where: node.id });
  const inputs = resolveParameters(node.id, node.inputs, outputs, willProduce);
  const found = inputs ? await runner.find(inputs) : undefined;
  if (found) {
    outputs.set(node.id, found);
    return { node: node.id, stackName: node.id, kind: 'step', action: 'reuse', reason: 'exists already: reused', changes: [], plannedFromTemplate: false, exists: true };
  }
  return { node: node.id, stackName: node.id, kind: 'step', action: inputs ? 'run' : 'pending', reason: node.summary, changes: [], plannedFromTemplate: !inputs, exists: false };
}

/** A new stack's resources, from its template, shown as additions. */
function templateResources(templateBody: string): ResourceChange[] {
  const resources = parseTemplate(templateBody, 'template').body.Resources;
  return Object.entries((resources ?? {}) as Record<string, { Type?: string }>).map(([logicalId, r]) => ({ action: 'Add', logicalId, type: String(r?.Type), replacement: undefined }));
}

/** The output names a template declares (conditional ones included). */
function declaredOutputs(templateBody: string): string[] {
  return Object.keys((parseTemplate(templateBody, 'template').body.Outputs ?? {}) as Record<string, unknown>);
}
