// The gateway's ECS service as upgrade and rollback see it: which task definition it runs now
// (recorded before an upgrade), and putting a recorded one back. Cluster and service come from
// the gateway stack's outputs (ClusterName, ServiceName).
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, UpdateServiceCommand, waitUntilServicesStable, type ECSClient } from '@aws-sdk/client-ecs';
import { CagwError } from '@cagw/profile';

export interface GatewayService {
  cluster: string;
  service: string;
  taskDefinition: string;
}

export async function readGatewayService(cfn: CloudFormationClient, ecs: ECSClient, stackName: string): Promise<GatewayService> {
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  const output = (key: string) => stack?.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
  const cluster = output('ClusterName');
  const service = output('ServiceName');
  if (!cluster || !service) {
    throw new CagwError('GatewayNotDeployed', `stack ${stackName} has no ClusterName/ServiceName outputs, so there is no running gateway to upgrade or roll back`, {
      source: 'user',
      where: stackName,
      fix: 'deploy it first with cagw deploy; cagw upgrade is for a running deployment',
    });
  }
  const found = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
  if (!found?.taskDefinition) {
    throw new CagwError('GatewayNotDeployed', `the ECS service ${service} is not in cluster ${cluster}`, { source: 'aws', where: stackName, fix: 'check the gateway stack in the CloudFormation console; cagw deploy recreates what is missing' });
  }
  return { cluster, service, taskDefinition: found.taskDefinition };
}

/** Puts the recorded task definition back in one rolling deployment and waits until it is stable. */
export async function rollBackService(ecs: ECSClient, to: GatewayService, maxWaitSeconds = 1800): Promise<void> {
  await ecs.send(new UpdateServiceCommand({ cluster: to.cluster, service: to.service, taskDefinition: to.taskDefinition }));
  await waitUntilServicesStable({ client: ecs, maxWaitTime: maxWaitSeconds, minDelay: 15 }, { cluster: to.cluster, services: [to.service] });
}
