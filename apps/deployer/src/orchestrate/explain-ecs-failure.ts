// When the ECS deployment circuit breaker fails the gateway service, CloudFormation only says
// the service did not stabilize; the cause is in the stopped tasks. This reads the newest
// stopped task of the service and returns its reason (and its container's), for the report.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { DescribeTasksCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';

export function explainEcsFailure(ecs: ECSClient): (stackName: string, event: StackEvent) => Promise<string | undefined> {
  return async (_stackName, event) => {
    if (event.ResourceType !== 'AWS::ECS::Service' || !event.PhysicalResourceId) return undefined;
    // arn:aws:ecs:<region>:<account>:service/<cluster>/<service>
    const [, cluster, service] = event.PhysicalResourceId.split(':').pop()?.split('/') ?? [];
    if (!cluster || !service) return undefined;
    const listed = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }));
    if (!listed.taskArns?.length) return undefined;
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: listed.taskArns.slice(0, 10) }));
    const newest = [...(tasks ?? [])].sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))[0];
    if (!newest) return undefined;
    const container = newest.containers?.find((c) => c.reason || (c.exitCode ?? 0) !== 0);
    const containerPart = container ? `; container ${container.name}: ${container.reason ?? `exit code ${container.exitCode}`}` : '';
    return `stopped task: ${newest.stoppedReason ?? 'no reason given'}${containerPart}`;
  };
}
