// How cagw follows one stack operation: resource events counted as progress, and a failed
// resource explained the moment its event arrives. The rollback that follows deletes what
// holds the cause (an ECS service and its stopped tasks) long before the waiter ends, so the
// root cause asks for the explanation already under way.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { DeployRun } from './deploy-run.ts';
import type { StackPlan } from './stack-plan.ts';
import type { WaitOptions } from './wait-for-stack.ts';

/** `total`: the resources the operation changes, for "done / total". */
export function stackWaitOptions(node: StackPlan, total: number, run: DeployRun): WaitOptions {
  const { ctx } = run;
  const done = new Set<string>();
  const explained = new Map<string, Promise<string | undefined>>();
  const explainNow = (e: StackEvent): Promise<string | undefined> => {
    const key = e.EventId ?? `${e.LogicalResourceId}/${e.ResourceStatus}`;
    let found = explained.get(key);
    if (!found) {
      found = (ctx.explain as NonNullable<typeof ctx.explain>)(node.stackName, e).catch(() => undefined);
      explained.set(key, found);
    }
    return found;
  };
  return {
    timing: run.timing, eventPollMs: ctx.eventPollMs ?? 5000, signal: ctx.signal, awsProfile: ctx.awsProfile, fixContext: ctx.fixContext,
    explain: ctx.explain ? explainNow : undefined,
    onEvent: (event: StackEvent) => {
      if (event.ResourceType !== 'AWS::CloudFormation::Stack' && /_COMPLETE$/.test(event.ResourceStatus ?? '')) done.add(event.LogicalResourceId ?? '');
      if (ctx.explain && event.ResourceType !== 'AWS::CloudFormation::Stack' && /_FAILED$/.test(event.ResourceStatus ?? '')) void explainNow(event);
      run.progress(node, 'deploying', { resourcesDone: done.size, resourcesTotal: total, event });
    },
  };
}
