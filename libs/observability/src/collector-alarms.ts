// Alarms on the bundled collector itself. Without them a crash-looping or unreachable
// collector leaves every spend alarm blind in silence: native-mode spend alarms see no data,
// and "no data" is not a breach. Both modes get them.
import type { AlarmSpec } from './alarm-spec.ts';

const alb = 'AWS/ApplicationELB';
const tgDim = { name: 'TargetGroup', value: { resource: 'collectorTargetGroupFullName' as const } };
const lbDim = { name: 'LoadBalancer', value: { resource: 'collectorLoadBalancerFullName' as const } };
const serviceDims = [
  { name: 'ClusterName', value: { resource: 'collectorClusterName' as const } },
  { name: 'ServiceName', value: { resource: 'collectorServiceName' as const } },
];

/** Minutes a collector may stay without a healthy target or a running task: a deploy swaps tasks in under this. */
export const COLLECTOR_OUTAGE_MINUTES = 5;

export function collectorHealthAlarms(): AlarmSpec[] {
  return [
    {
      id: 'CollectorNoHealthyTargets', name: 'collector-no-healthy-targets', area: 'telemetry', kind: 'metric',
      description: `the collector load balancer had no healthy target for ${COLLECTOR_OUTAGE_MINUTES} minutes: telemetry is lost and the spend alarms see nothing; check the collector service's stopped tasks and log`,
      metric: { namespace: alb, metric: 'HealthyHostCount', dimensions: [tgDim, lbDim], stat: 'Minimum', periodSeconds: 60 },
      when: { comparison: 'LessThanThreshold', threshold: 1, evaluationPeriods: COLLECTOR_OUTAGE_MINUTES },
      // ELB publishes the count every minute; no data means no load balancer at all
      missingData: 'breaching',
    },
    {
      id: 'CollectorUnhealthyTargets', name: 'collector-unhealthy-targets', area: 'telemetry', kind: 'metric',
      description: `a collector task failed its load balancer health check for ${COLLECTOR_OUTAGE_MINUTES} minutes; check the health_check extension (port 13133) and the collector log`,
      metric: { namespace: alb, metric: 'UnHealthyHostCount', dimensions: [tgDim, lbDim], stat: 'Maximum', periodSeconds: 60 },
      when: { comparison: 'GreaterThanThreshold', threshold: 0, evaluationPeriods: COLLECTOR_OUTAGE_MINUTES },
      missingData: 'notBreaching',
    },
    {
      id: 'CollectorNoRunningTasks', name: 'collector-no-running-tasks', area: 'telemetry', kind: 'metric',
      description: `no collector task ran for ${COLLECTOR_OUTAGE_MINUTES} minutes (a crash loop, or tasks that cannot start); check the collector service events and stopped tasks`,
      metric: { namespace: 'ECS/ContainerInsights', metric: 'RunningTaskCount', dimensions: serviceDims, stat: 'Maximum', periodSeconds: 60 },
      when: { comparison: 'LessThanThreshold', threshold: 1, evaluationPeriods: COLLECTOR_OUTAGE_MINUTES },
      missingData: 'breaching',
    },
  ];
}
