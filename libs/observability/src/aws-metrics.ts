// The AWS-vended metrics the operations dashboard and alarms read, with the dimension names
// AWS publishes them under, and which cagw resource supplies each dimension's value.
import type { ObservedResources } from './observability-input.ts';
import type { SeriesShape } from './telemetry-catalog.ts';

/** Which resource name fills a dimension, per AWS dimension name. */
export const DIMENSION_SOURCES = {
  LoadBalancer: 'loadBalancerFullName',
  TargetGroup: 'targetGroupFullName',
  ClusterName: 'clusterName',
  ServiceName: 'serviceName',
  DBInstanceIdentifier: 'dbInstanceIdentifier',
  CertificateArn: 'certificateArn',
} as const satisfies Record<string, keyof ObservedResources>;

/** The same dimensions of the bundled collector's load balancer and service (its health alarms). */
export const COLLECTOR_DIMENSION_SOURCES = {
  LoadBalancer: 'collectorLoadBalancerFullName',
  TargetGroup: 'collectorTargetGroupFullName',
  ClusterName: 'collectorClusterName',
  ServiceName: 'collectorServiceName',
} as const satisfies Partial<Record<keyof typeof DIMENSION_SOURCES, keyof ObservedResources>>;

const alb = 'AWS/ApplicationELB';
const lb = ['LoadBalancer'];
const tgLb = ['TargetGroup', 'LoadBalancer'];
const service = ['ClusterName', 'ServiceName'];

export const AWS_SERIES: readonly SeriesShape[] = [
  ...['RequestCount', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime'].flatMap((metric) => [
    { namespace: alb, metric, dimensions: lb },
    { namespace: alb, metric, dimensions: tgLb },
  ]),
  { namespace: alb, metric: 'HTTPCode_ELB_5XX_Count', dimensions: lb },
  { namespace: alb, metric: 'HealthyHostCount', dimensions: tgLb },
  { namespace: alb, metric: 'UnHealthyHostCount', dimensions: tgLb },
  { namespace: 'AWS/ECS', metric: 'CPUUtilization', dimensions: service },
  { namespace: 'AWS/ECS', metric: 'MemoryUtilization', dimensions: service },
  // Container Insights must be on for the cluster (the gateway stack enables it).
  { namespace: 'ECS/ContainerInsights', metric: 'RunningTaskCount', dimensions: service },
  { namespace: 'ECS/ContainerInsights', metric: 'DesiredTaskCount', dimensions: service },
  { namespace: 'ECS/ContainerInsights', metric: 'PendingTaskCount', dimensions: service },
  { namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: ['DBInstanceIdentifier'] },
  { namespace: 'AWS/RDS', metric: 'DatabaseConnections', dimensions: ['DBInstanceIdentifier'] },
  { namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: ['DBInstanceIdentifier'] },
  { namespace: 'AWS/CertificateManager', metric: 'DaysToExpiry', dimensions: ['CertificateArn'] },
];
