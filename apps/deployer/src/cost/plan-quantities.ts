// What a deployment plan really creates, counted from its templates under its parameter values
// (conditions evaluated by the strict fake's template model, as CloudFormation would): the
// quantities `cagw cost` prices. Nothing here is re-guessed from the profile: a NAT gateway is
// counted because the network template creates it under the plan's NatMode, an alarm because
// the generated observability template holds it.
// the template model alone: the fake's index would load the AWS SDK, which plain cagw plan never needs
import { modelTemplate, resolveProperties, type ModelResource } from '@cagw/strict-cloudformation/template-model';
import { stacksOf, type DeploymentPlan, type StackPlan } from '../orchestrate/stack-plan.ts';

export interface FargateService {
  stack: string;
  vcpu: number;
  memoryGb: number;
  arch: 'X86_64' | 'ARM64';
  /** tasks at rest: DesiredCount, or the autoscaling minimum */
  minTasks: number;
  /** tasks under load: the autoscaling maximum, or DesiredCount */
  maxTasks: number;
}

export interface PlanQuantities {
  loadBalancers: number;
  /** zonal NAT gateways, or 1 regional */
  natGateways: { count: number; mode: 'regional' | 'zonal' };
  /** interface endpoints times the subnets (Availability Zones) each sits in */
  interfaceEndpointAzs: number;
  /** Elastic IP addresses the plan allocates (zonal NAT) */
  elasticIps: number;
  fargate: FargateService[];
  databases: { instanceClass: string; storageGiB: number; multiAz: boolean; backupRetentionDays: number }[];
  vpnEndpoints: number;
  vpnAssociations: number;
  metricFilters: number;
  alarms: number;
  logGroups: number;
  secrets: number;
  kmsKeys: number;
  buckets: number;
  hostedZones: number;
}

interface ResolvedResource { stack: StackPlan; type: string; logicalId: string; properties: Record<string, unknown> }

/** Every resource the plan's stacks create, with properties resolved where the plan knows them. */
function resolvedResources(plan: DeploymentPlan): ResolvedResource[] {
  return stacksOf(plan).flatMap((stack) => {
    // a value another stack makes is unknown here; no cagw condition tests one
    const values = Object.fromEntries(Object.entries(stack.parameters).map(([k, v]) => [k, v.kind === 'value' ? v.value : `<${v.node}.${v.output}>`]));
    const model = modelTemplate(stack.templateBody, values);
    const lookup = { parameter: (n: string) => model.values[n], resource: () => undefined, attribute: () => undefined, pseudo: () => undefined };
    return model.resources.map((r: ModelResource) => ({
      stack, type: r.type, logicalId: r.logicalId,
      properties: resolveProperties((r.body as { Properties?: unknown }).Properties ?? {}, lookup) as Record<string, unknown>,
    }));
  });
}

const num = (v: unknown, fallback: number): number => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : fallback);

export function planQuantities(plan: DeploymentPlan): PlanQuantities {
  const all = resolvedResources(plan);
  const ofType = (type: string) => all.filter((r) => r.type === type);
  const count = (type: string) => ofType(type).length;

  const nats = ofType('AWS::EC2::NatGateway');
  // the network template's RegionalNatGateway (AvailabilityMode regional), or one per AZ
  const regional = nats.some((n) => n.properties.AvailabilityMode === 'regional');

  const fargate = ofType('AWS::ECS::Service').flatMap((service): FargateService[] => {
    // the service's TaskDefinition is a Ref to the task definition of its own stack
    const ref = (service.properties.TaskDefinition as { Ref?: string } | undefined)?.Ref;
    const task = all.find((r) => r.stack === service.stack && r.type === 'AWS::ECS::TaskDefinition' && r.logicalId === ref);
    if (!task) return [];
    const scaling = all.find((r) => r.stack === service.stack && r.type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    const desired = service.properties.DesiredCount;
    const min = scaling ? num(scaling.properties.MinCapacity, 1) : num(desired, 1);
    const max = scaling ? num(scaling.properties.MaxCapacity, min) : min;
    const platform = (task.properties.RuntimePlatform ?? {}) as { CpuArchitecture?: string };
    return [{
      stack: service.stack.id, vcpu: num(task.properties.Cpu, 256) / 1024, memoryGb: num(task.properties.Memory, 512) / 1024,
      arch: platform.CpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64', minTasks: min, maxTasks: max,
    }];
  });

  const databases = ofType('AWS::RDS::DBInstance').map((db) => ({
    instanceClass: String(db.properties.DBInstanceClass),
    storageGiB: num(db.properties.AllocatedStorage, 20),
    multiAz: db.properties.MultiAZ === true || db.properties.MultiAZ === 'true',
    backupRetentionDays: num(db.properties.BackupRetentionPeriod, 1),
  }));

  return {
    loadBalancers: count('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    natGateways: { count: nats.length, mode: regional ? 'regional' : 'zonal' },
    interfaceEndpointAzs: ofType('AWS::EC2::VPCEndpoint').filter((e) => e.properties.VpcEndpointType === 'Interface')
      .reduce((n, e) => n + (Array.isArray(e.properties.SubnetIds) ? e.properties.SubnetIds.length : 1), 0),
    elasticIps: count('AWS::EC2::EIP'),
    fargate,
    databases,
    vpnEndpoints: count('AWS::EC2::ClientVpnEndpoint'),
    vpnAssociations: count('AWS::EC2::ClientVpnTargetNetworkAssociation'),
    metricFilters: ofType('AWS::Logs::MetricFilter').reduce((n, f) => n + (Array.isArray(f.properties.MetricTransformations) ? f.properties.MetricTransformations.length : 1), 0),
    alarms: count('AWS::CloudWatch::Alarm'),
    logGroups: count('AWS::Logs::LogGroup'),
    secrets: count('AWS::SecretsManager::Secret'),
    kmsKeys: count('AWS::KMS::Key'),
    buckets: count('AWS::S3::Bucket'),
    hostedZones: count('AWS::Route53::HostedZone'),
  };
}
