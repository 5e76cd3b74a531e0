// One pass over the stack graph. First every stack is reviewed (guard ladder, then a change
// set where its inputs are known) and all changes are shown and confirmed once; then the
// graph runs: each node starts when its dependencies are done, independent ones at the same
// time. A failure stops new work and names its root cause; an interrupt stops following.
import type { CloudFormationClient, StackEvent } from '@aws-sdk/client-cloudformation';
import { DeleteStackCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '@cagw/cloudformation';
import { CagwError } from '@cagw/profile';
import { callAws } from './aws-call.ts';
import { createChangeSet, deleteChangeSet, type CreatedChangeSet, type ResourceChange } from './change-set.ts';
import { decideStackAction } from './deploy-reason.ts';
import type { DeployHost, StackPhase } from './deploy-host.ts';
import { confirmLateChangeSet } from './late-change-set.ts';
import { isRecoverableFailure, isStableSuccess, readLiveStack, type LiveStack } from './live-stack.ts';
import type { NodeReview } from './node-review.ts';
import { oneQuestionAtATime } from './one-question-at-a-time.ts';
import { resolveParameters, type WillProduce } from './resolve-parameters.ts';
import type { WaiterTiming } from './run-waiter.ts';
import { StackGraph, type NodeState } from './stack-graph.ts';
import type { DeploymentPlan, NodeId, PlanNode, StackPlan, StepPlan } from './stack-plan.ts';
import type { StepRunner } from './step-runner.ts';
import { assertDeliverable, templateDelivery, type TemplateStore } from './template-delivery.ts';
import { waitForStack } from './wait-for-stack.ts';

export interface DeployContext {
  cfn: CloudFormationClient;
  host: DeployHost;
  steps?: Partial<Record<StepPlan['id'], StepRunner>>;
  signal?: AbortSignal | undefined;
  awsProfile?: string | undefined;
  /** stacks deployed at the same time (default 4) */
  concurrency?: number;
  /** show the change sets, then delete them; change nothing */
  dryRun?: boolean;
  timing?: WaiterTiming;
  eventPollMs?: number;
  fixContext?: { gatewayHost?: string | undefined; zoneId?: string | undefined };
  /** why a failed resource failed, from another service (ECS stopped tasks) */
  explain?: (stackName: string, event: StackEvent) => Promise<string | undefined>;
  /** change set names are cagw-<this>; default the current time */
  runId?: string;
  /** where templates over the inline limit are uploaded (the S3 staging bucket) */
  templateStore?: TemplateStore | undefined;
}

export type { NodeReview } from './node-review.ts';

export interface NodeResult {
  node: NodeId;
  stackName: string;
  state: NodeState | 'unchanged';
  error?: CagwError;
}

export interface DeployOutcome {
  result: 'deployed' | 'no-changes' | 'dry-run' | 'failed' | 'interrupted';
  reviews: NodeReview[];
  nodes: NodeResult[];
  /** outputs of every node that has them (stacks and steps) */
  outputs: Record<string, Record<string, string>>;
  /** the first failure (its root cause) */
  failure?: CagwError;
  /** stacks CloudFormation is still working on when cagw stopped following */
  stillUpdating: string[];
}

const DEFAULT_TIMING: WaiterTiming = { minDelay: 5, maxDelay: 30, maxWaitTime: 3 * 3600 };

export async function deployPlan(plan: DeploymentPlan, ctx: DeployContext): Promise<DeployOutcome> {
  const graph = StackGraph.of(plan.nodes);
  const cycle = graph.findCycle();
  if (cycle) throw new CagwError('StackCycle', `stack dependency cycle: ${cycle.join(' -> ')}`, { source: 'internal' });
  const timing = ctx.timing ?? DEFAULT_TIMING;
  const changeSetName = `cagw-${ctx.runId ?? new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}`;
  const { host } = ctx;
  const nameOf = (n: PlanNode) => (n.kind === 'stack' ? n.stackName : n.id);
  const progress = (n: PlanNode, phase: StackPhase, extra: { resourcesDone?: number; resourcesTotal?: number; event?: StackEvent } = {}) =>
    host.progress({ node: n.id, stackName: nameOf(n), phase, since: Date.now(), ...extra });

  // 1. what exists now (every stack read at once), and what each stack needs
  const stacks = plan.nodes.filter((n): n is StackPlan => n.kind === 'stack');
  // a template that cannot be delivered stops the deploy before anything is read or made
  for (const s of stacks) {
    assertDeliverable(s.stackName, s.templateBody);
    if (templateDelivery(s.templateBody) === 's3' && !ctx.templateStore) {
      throw new CagwError('TemplateStoreMissing', `the template of ${s.stackName} is over the inline limit and no S3 staging bucket was given`, { source: 'internal', where: s.stackName });
    }
  }
  const templateUrls = new Map<NodeId, Promise<string>>();
  const templateUrl: TemplateUrlOf = (s) => {
    const store = ctx.templateStore;
    if (!store || templateDelivery(s.templateBody) === 'body') return Promise.resolve(undefined);
    let url = templateUrls.get(s.id);
    if (!url) {
      url = store.urlFor(s.stackName, s.templateBody);
      templateUrls.set(s.id, url);
    }
    return url;
  };
  const live = new Map<NodeId, LiveStack | undefined>(
    await Promise.all(stacks.map(async (s) => [s.id, await readLiveStack(ctx.cfn, s.stackName, ctx.awsProfile)] as const)),
  );
  const outputs = new Map<NodeId, Record<string, string>>();
  // A stack rolled back to its last good state still has that state's outputs: stacks after it
  // need them when its change set finds nothing to change.
  for (const [id, l] of live) if (l && (isStableSuccess(l.status) || isRecoverableFailure(l.status))) outputs.set(id, l.outputs);

  const reviews = new Map<NodeId, NodeReview>();
  const changeSets = new Map<NodeId, CreatedChangeSet>();
  const busy: CagwError[] = [];
  // an output an upstream node lacks today but its own pending change adds (BUILD_IMAGE or a
  // private zone switched on): the input is pending, not missing
  const willProduce = (id: NodeId, name: string): boolean => {
    const upstream = plan.nodes.find((n) => n.id === id);
    const r = reviews.get(id);
    if (!upstream || !r || r.action === 'unchanged' || r.action === 'reuse') return false;
    return upstream.kind === 'step' ? upstream.outputs.includes(name) : declaredOutputs(upstream.templateBody).includes(name);
  };
  for (const node of graph.order()) {
    if (node.kind === 'step') {
      reviews.set(node.id, await reviewStep(node, outputs, ctx, willProduce));
      continue;
    }
    const l = live.get(node.id);
    const params = resolveParameters(node.stackName, node.parameters, outputs, willProduce);
    try {
      const decision = decideStackAction(node.stackName, l, { templateBody: node.templateBody, parameters: params, tags: node.tags });
      // a stack whose inputs are pending, or that is created again, is shown from its template
      const fromTemplate = params === undefined || decision.action === 'recreate';
      reviews.set(node.id, {
        node: node.id, stackName: node.stackName, kind: 'stack', action: params === undefined && decision.action !== 'recreate' ? 'pending' : decision.action,
        reason: decision.reason, changes: fromTemplate && (decision.action === 'create' || decision.action === 'recreate') ? templateResources(node.templateBody) : [],
        plannedFromTemplate: fromTemplate, exists: decision.action === 'update' || decision.action === 'unchanged', parameters: params,
      });
      if (decision.action === 'unchanged') progress(node, 'unchanged');
    } catch (e) {
      if (CagwError.is(e) && e.code === 'StackBusy') busy.push(e);
      else throw e;
    }
  }
  if (busy.length > 0) {
    throw new CagwError('StackBusy', busy.map((e) => e.message).join('; '), { source: 'user', where: busy.map((e) => e.where).join(', '), fix: busy[0]?.fix });
  }

  // 2. change sets for every stack whose inputs are known, all at once
  const created: CreatedChangeSet[] = [];
  const discard = async () => {
    await Promise.all(created.filter((c) => c.changes).map((c) => deleteChangeSet(ctx.cfn, c.id, c.stackName, ctx.awsProfile).catch(() => undefined)));
    // a CREATE change set leaves an empty stack in REVIEW_IN_PROGRESS behind
    await Promise.all(created.filter((c) => c.type === 'CREATE').map((c) => callAws(`deleting empty stack ${c.stackName}`, () => ctx.cfn.send(new DeleteStackCommand({ StackName: c.stackName })), { awsProfile: ctx.awsProfile }).catch(() => undefined)));
  };
  const reviewSets = stacks.filter((s) => {
    const r = reviews.get(s.id);
    return r && (r.action === 'create' || r.action === 'update') && !r.plannedFromTemplate;
  });
  const review = async (s: StackPlan) => {
    const r = reviews.get(s.id) as NodeReview;
    progress(s, 'creating change set');
    const cs = await createChangeSet(ctx.cfn, {
      stackName: s.stackName, changeSetName, type: r.exists ? 'UPDATE' : 'CREATE', templateBody: s.templateBody, templateUrl: await templateUrl(s),
      parameters: resolveParameters(s.stackName, s.parameters, outputs) as Record<string, string>, tags: s.tags,
    }, timing, ctx.awsProfile, ctx.signal);
    created.push(cs);
    if (cs.changes === undefined) {
      reviews.set(s.id, { ...r, action: 'unchanged', reason: 'CloudFormation found nothing to change' });
      progress(s, 'unchanged');
    } else {
      changeSets.set(s.id, cs);
      reviews.set(s.id, { ...r, changes: cs.changes });
      progress(s, 'waiting');
    }
  };
  const settled = await Promise.allSettled(reviewSets.map(review));
  const firstError = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (firstError) {
    await discard();
    // Ctrl-C during a change-set wait: reported as an interrupt below, like one between waits
    const interrupted = ctx.signal?.aborted && CagwError.is(firstError.reason) && firstError.reason.code === 'DeployInterrupted';
    if (!interrupted) throw firstError.reason;
  }

  const ordered = graph.order().map((n) => reviews.get(n.id) as NodeReview);
  host.notify({ level: 'result', code: 'CAGW_DEPLOY_I0300', text: 'changes', data: ordered });
  const work = ordered.filter((r) => r.action !== 'unchanged' && r.action !== 'reuse');
  const base = { reviews: ordered, stillUpdating: [] as string[] };

  if (ctx.signal?.aborted) {
    // interrupted while the change sets were being made: nothing has run, leave nothing behind
    await discard();
    return { ...base, result: 'interrupted', nodes: [], outputs: Object.fromEntries(outputs) };
  }
  if (ctx.dryRun) {
    await discard();
    host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0410', text: `dry run: ${created.filter((c) => c.changes).length} change set(s) shown and deleted; nothing changed` });
    return { ...base, result: 'dry-run', nodes: [], outputs: Object.fromEntries(outputs) };
  }
  if (work.length === 0) {
    host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0200', text: 'every stack is as deployed: nothing to do' });
    return { ...base, result: 'no-changes', nodes: ordered.map((r) => ({ node: r.node, stackName: r.stackName, state: 'unchanged' })), outputs: Object.fromEntries(outputs) };
  }
  const confirm = oneQuestionAtATime((request) => host.confirm(request));
  const yes = await confirm({ code: 'CAGW_DEPLOY_Q0001', text: `Apply these changes to ${work.length} stack(s)?`, defaultAnswer: false });
  if (!yes) {
    await discard();
    host.notify({ level: 'info', code: 'CAGW_DEPLOY_I0410', text: 'the change sets were deleted; nothing changed' });
    throw new CagwError('DeployAborted', 'deployment cancelled', { source: 'user' });
  }

  // 3. the graph, every node as soon as its dependencies are done
  const errors = new Map<NodeId, CagwError>();
  const changed = new Set<NodeId>();
  const runNode = async (node: PlanNode): Promise<void> => {
    try {
      if (node.kind === 'step') await runStep(node, reviews.get(node.id) as NodeReview, outputs, ctx, progress);
      else if (await runStack(node, reviews.get(node.id) as NodeReview, changeSets.get(node.id), outputs, { ...ctx, timing, changeSetName, templateUrl, confirm }, progress)) changed.add(node.id);
    } catch (e) {
      const err = CagwError.is(e) ? e : new CagwError('InternalError', `${nameOf(node)}: ${(e as Error)?.message ?? String(e)}`, { source: 'internal', cause: e });
      errors.set(node.id, err);
      throw err;
    }
  };
  const states = await graph.run({ concurrency: ctx.concurrency ?? 4, signal: ctx.signal, onState: (id, state) => {
    const n = plan.nodes.find((x) => x.id === id) as PlanNode;
    if (state === 'skipped') progress(n, 'skipped');
    if (state === 'interrupted') progress(n, 'interrupted');
  } }, runNode);

  const nodes: NodeResult[] = plan.nodes.map((n) => {
    const unchanged = (reviews.get(n.id)?.action === 'unchanged' && !changed.has(n.id)) || reviews.get(n.id)?.action === 'reuse';
    const state = states.get(n.id)?.state ?? 'skipped';
    const error = errors.get(n.id);
    return { node: n.id, stackName: nameOf(n), state: unchanged && state === 'completed' ? 'unchanged' : state, ...(error ? { error } : {}) };
  });
  const interrupted = nodes.filter((n) => n.state === 'interrupted');
  // the first failure in time is the cause (errors keeps arrival order); later ones are often its echo
  const failure = [...errors.values()].find((e) => e.code !== 'DeployInterrupted');
  const result = interrupted.length > 0 || ctx.signal?.aborted ? 'interrupted' : failure ? 'failed' : 'deployed';
  return {
    ...base, result, nodes, outputs: Object.fromEntries(outputs), ...(failure ? { failure } : {}),
    stillUpdating: interrupted.filter((n) => plan.nodes.find((p) => p.id === n.node)?.kind === 'stack').map((n) => n.stackName),
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

/** The TemplateURL a stack's change set names, or undefined when the template goes inline. */
type TemplateUrlOf = (s: StackPlan) => Promise<string | undefined>;

type Progress = (n: PlanNode, phase: StackPhase, extra?: { resourcesDone?: number; resourcesTotal?: number; event?: StackEvent }) => void;

async function runStep(node: StepPlan, review: NodeReview, outputs: Map<NodeId, Record<string, string>>, ctx: DeployContext, progress: Progress): Promise<void> {
  if (review.action === 'reuse') return;
  const inputs = resolveParameters(node.id, node.inputs, outputs) as Record<string, string>;
  const runner = ctx.steps?.[node.id] as StepRunner;
  const found = await runner.find(inputs);
  progress(node, 'running step');
  outputs.set(node.id, found ?? (await runner.run(inputs, ctx.signal)));
  progress(node, 'completed');
}

async function runStack(
  node: StackPlan, reviewed: NodeReview, prepared: CreatedChangeSet | undefined, outputs: Map<NodeId, Record<string, string>>,
  ctx: DeployContext & { timing: WaiterTiming; changeSetName: string; templateUrl: TemplateUrlOf; confirm: DeployHost['confirm'] }, progress: Progress,
): Promise<boolean> {
  let review = reviewed;
  const { cfn, awsProfile } = ctx;
  if (review.action === 'unchanged') {
    // an upstream update can change an output this stack reads: then it is updated after all
    const now = resolveParameters(node.stackName, node.parameters, outputs);
    if (JSON.stringify(now) === JSON.stringify(review.parameters)) return false;
    review = { ...review, action: 'update', reason: 'an upstream output changed' };
  }
  const waitOptions = (total: number) => {
    const done = new Set<string>();
    // A failed resource is explained the moment its event arrives: the rollback that follows
    // deletes what holds the cause (an ECS service and its stopped tasks) long before the
    // waiter ends. The root cause asks for the explanation already under way.
    const explained = new Map<string, Promise<string | undefined>>();
    const explainNow = (e: StackEvent): Promise<string | undefined> => {
      const key = e.EventId ?? `${e.LogicalResourceId}/${e.ResourceStatus}`;
      let found = explained.get(key);
      if (!found) {
        found = (ctx.explain as NonNullable<DeployContext['explain']>)(node.stackName, e).catch(() => undefined);
        explained.set(key, found);
      }
      return found;
    };
    return {
      timing: ctx.timing, eventPollMs: ctx.eventPollMs ?? 5000, signal: ctx.signal, awsProfile, fixContext: ctx.fixContext,
      explain: ctx.explain ? explainNow : undefined,
      onEvent: (event: StackEvent) => {
        if (event.ResourceType !== 'AWS::CloudFormation::Stack' && /_COMPLETE$/.test(event.ResourceStatus ?? '')) done.add(event.LogicalResourceId ?? '');
        if (ctx.explain && event.ResourceType !== 'AWS::CloudFormation::Stack' && /_FAILED$/.test(event.ResourceStatus ?? '')) void explainNow(event);
        progress(node, 'deploying', { resourcesDone: done.size, resourcesTotal: total, event });
      },
    };
  };

  if (review.action === 'recreate') {
    progress(node, 'deleting');
    const since = new Date();
    await callAws(`deleting ${node.stackName}`, () => cfn.send(new DeleteStackCommand({ StackName: node.stackName })), { awsProfile });
    await waitForStack(cfn, node.stackName, 'delete', since, waitOptions(0));
  }
  const params = resolveParameters(node.stackName, node.parameters, outputs);
  if (!params) throw new CagwError('InternalError', `${node.stackName} started before its inputs were known`, { source: 'internal' });
  let cs = prepared;
  let why = lateReason(review);
  // an upstream update may have changed an output this change set was made with
  if (cs && JSON.stringify(cs.parameters) !== JSON.stringify(params)) {
    await deleteChangeSet(cfn, cs.id, node.stackName, awsProfile);
    cs = undefined;
    why = 'an upstream output it reads changed after its change set was made';
  }
  if (!cs) {
    progress(node, 'creating change set');
    const type = review.exists ? 'UPDATE' : 'CREATE';
    cs = await createChangeSet(cfn, {
      stackName: node.stackName, changeSetName: ctx.changeSetName, type, templateBody: node.templateBody, templateUrl: await ctx.templateUrl(node), parameters: params, tags: node.tags,
    }, ctx.timing, awsProfile, ctx.signal);
    if (cs.changes === undefined) {
      outputs.set(node.id, (await readLiveStack(cfn, node.stackName, awsProfile))?.outputs ?? {});
      progress(node, 'unchanged');
      return false;
    }
    await confirmLateChangeSet(review, { ...cs, changes: cs.changes }, why, { host: ctx.host, cfn, awsProfile, confirm: ctx.confirm });
  }
  const since = new Date();
  progress(node, 'deploying', { resourcesDone: 0, resourcesTotal: cs.changes?.length ?? 0 });
  const changeSet = cs;
  await callAws(`starting the change set of ${node.stackName}`, () => cfn.send(new ExecuteChangeSetCommand({
    ChangeSetName: changeSet.id, StackName: node.stackName, ClientRequestToken: `${ctx.changeSetName}-${node.id}`,
  })), { awsProfile });
  try {
    await waitForStack(cfn, node.stackName, cs.type === 'CREATE' ? 'create' : 'update', since, waitOptions(cs.changes?.length ?? 0));
  } catch (e) {
    if (!(CagwError.is(e) && e.code === 'DeployInterrupted')) progress(node, 'failed');
    throw e;
  }
  const after = await readLiveStack(cfn, node.stackName, awsProfile);
  outputs.set(node.id, after?.outputs ?? {});
  progress(node, 'completed');
  return true;
}

/** Why a stack gets its change set only after the confirmation. */
function lateReason(review: NodeReview): string {
  if (review.action === 'recreate') return 'made again once the failed stack was deleted';
  if (review.plannedFromTemplate) return review.exists ? 'its inputs were pending at review' : 'created once its inputs were known';
  return review.reason;
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
