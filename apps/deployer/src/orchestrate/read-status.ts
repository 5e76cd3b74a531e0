// What a deployment looks like now: each stack's state and last update, the gateway service's
// tasks and rollout, its targets' health, and the URL. Read-only.
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { callAws } from './aws-call.ts';
import type { DeploymentPlan } from './stack-plan.ts';

export interface StatusClients {
  cfn: CloudFormationClient;
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
}

export interface DeploymentStatus {
  stacks: { name: string; part: string; status: string; reason?: string | undefined; lastUpdated?: string | undefined }[];
  service?: { cluster: string; name: string; running: number; desired: number; pending: number; rollout: string | undefined; rolloutReason?: string | undefined };
  targets?: { healthy: number; total: number; unhealthy: { id: string; reason: string }[] };
  gatewayUrl?: string;
}

export async function readStatus(plan: DeploymentPlan, clients: StatusClients, awsProfile?: string): Promise<DeploymentStatus> {
  const stacks = plan.nodes.filter((n) => n.kind === 'stack');
  const described = await Promise.all(stacks.map(async (s) => {
    const r = await callAws(`reading stack ${s.stackName}`, () => clients.cfn.send(new DescribeStacksCommand({ StackName: s.stackName })).catch((e: unknown) => {
      if ((e as Error).name === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
      throw e;
    }), { awsProfile });
    return { plan: s, stack: r?.Stacks?.[0] };
  }));
  const status: DeploymentStatus = {
    stacks: described.map(({ plan: p, stack }) => ({
      name: p.kind === 'stack' ? p.stackName : p.id, part: p.id, status: stack?.StackStatus ?? 'NOT_DEPLOYED',
      ...(stack?.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
      ...(stack ? { lastUpdated: (stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString() } : {}),
    })),
  };
  const gateway = described.find((d) => d.plan.id === 'gateway')?.stack;
  const outputs = Object.fromEntries((gateway?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  if (outputs.GatewayUrl) status.gatewayUrl = outputs.GatewayUrl;
  if (outputs.ClusterName && outputs.ServiceName) {
    const svc = (await callAws('reading the gateway service', () => clients.ecs.send(new DescribeServicesCommand({ cluster: outputs.ClusterName, services: [outputs.ServiceName as string] })), { awsProfile })).services?.[0];
    if (svc) {
      const primary = svc.deployments?.find((d) => d.status === 'PRIMARY');
      status.service = {
        cluster: outputs.ClusterName, name: outputs.ServiceName, running: svc.runningCount ?? 0, desired: svc.desiredCount ?? 0, pending: svc.pendingCount ?? 0,
        rollout: primary?.rolloutState, ...(primary?.rolloutStateReason ? { rolloutReason: primary.rolloutStateReason } : {}),
      };
    }
  }
  if (outputs.TargetGroupFullName) {
    // targetgroup/<name>/<id>: the API looks target groups up by name
    const name = outputs.TargetGroupFullName.split('/')[1];
    const groups = await callAws('reading the target group', () => clients.elb.send(new DescribeTargetGroupsCommand({ Names: [name as string] })), { awsProfile });
    const arn = groups.TargetGroups?.[0]?.TargetGroupArn;
    if (arn) {
      const health = await callAws('reading target health', () => clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })), { awsProfile });
      const all = health.TargetHealthDescriptions ?? [];
      status.targets = {
        healthy: all.filter((t) => t.TargetHealth?.State === 'healthy').length, total: all.length,
        unhealthy: all.filter((t) => t.TargetHealth?.State !== 'healthy').map((t) => ({ id: t.Target?.Id ?? '?', reason: `${t.TargetHealth?.State}: ${t.TargetHealth?.Description ?? t.TargetHealth?.Reason ?? ''}` })),
      };
    }
  }
  return status;
}
