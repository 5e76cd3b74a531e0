// What every phase of one deploy shares: its context, the waits, this run's change set name,
// progress per node, each template's URL, and the questions, put to the host one at a time.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { DeployContext } from './deploy-context.ts';
import type { DeployHost, StackPhase } from './deploy-host.ts';
import { oneQuestionAtATime } from './one-question-at-a-time.ts';
import type { WaiterTiming } from './run-waiter.ts';
import type { PlanNode } from './stack-plan.ts';
import { templateUrls, type TemplateUrlOf } from './template-urls.ts';

export type Progress = (n: PlanNode, phase: StackPhase, extra?: { resourcesDone?: number; resourcesTotal?: number; event?: StackEvent }) => void;

export interface DeployRun {
  ctx: DeployContext;
  timing: WaiterTiming;
  /** cagw-<run id>: every change set of this run has it */
  changeSetName: string;
  progress: Progress;
  templateUrl: TemplateUrlOf;
  confirm: DeployHost['confirm'];
}

const DEFAULT_TIMING: WaiterTiming = { minDelay: 5, maxDelay: 30, maxWaitTime: 3 * 3600 };

/** A stack by its stack name, a step by its id. */
export const nameOf = (n: PlanNode): string => (n.kind === 'stack' ? n.stackName : n.id);

export function startDeployRun(ctx: DeployContext): DeployRun {
  const { host } = ctx;
  return {
    ctx,
    timing: ctx.timing ?? DEFAULT_TIMING,
    changeSetName: `cagw-${ctx.runId ?? new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}`,
    progress: (n, phase, extra = {}) => host.progress({ node: n.id, stackName: nameOf(n), phase, since: Date.now(), ...extra }),
    templateUrl: templateUrls(ctx.templateStore),
    confirm: oneQuestionAtATime((request) => host.confirm(request)),
  };
}
