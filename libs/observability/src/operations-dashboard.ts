// "Is the gateway healthy?": load balancer traffic and errors, ECS tasks, the database and
// the certificate, plus the telemetry path when the bundled collector runs.
import type { Dimension } from './alarm-spec.ts';
import type { Dashboard } from './dashboard-body.ts';
import { flowLayout, logWidget, metricRow, metricWidget, textWidget, type WidgetDraft } from './dashboard-widgets.ts';
import { WIDGET_QUERIES } from './logs-queries.ts';
import type { ObservabilityInput, ObservedResources } from './observability-input.ts';
import { COLLECTOR_LOG_METRICS, GATEWAY_LOG_METRICS, gatewayLogNamespace } from './telemetry-catalog.ts';

const lb: Dimension = { name: 'LoadBalancer', value: { resource: 'loadBalancerFullName' } };
const tg: Dimension = { name: 'TargetGroup', value: { resource: 'targetGroupFullName' } };
const service: Dimension[] = [
  { name: 'ClusterName', value: { resource: 'clusterName' } },
  { name: 'ServiceName', value: { resource: 'serviceName' } },
];
const db: Dimension[] = [{ name: 'DBInstanceIdentifier', value: { resource: 'dbInstanceIdentifier' } }];

export function operationsDashboard(input: ObservabilityInput, resources: ObservedResources): Dashboard {
  const region = input.region;
  const row = (ns: string, metric: string, dims: Dimension[], options?: { label?: string; stat?: string }) => metricRow(ns, metric, dims, resources, options);
  const alb = 'AWS/ApplicationELB';
  const widgets: WidgetDraft[] = [
    textWidget(`# ${input.stackPrefix}: operations\n\nLoad balancer, gateway tasks, database${input.certificateInAcm ? ', certificate' : ''} and telemetry path.`, 24, 2),
    metricWidget({ title: 'ALB requests', region, stat: 'Sum', period: 60, metrics: [row(alb, 'RequestCount', [lb], { label: 'requests' })] }),
    metricWidget({
      title: 'ALB 4xx and 5xx', region, stat: 'Sum', period: 60,
      metrics: [
        row(alb, 'HTTPCode_Target_4XX_Count', [lb], { label: 'gateway 4xx' }),
        row(alb, 'HTTPCode_Target_5XX_Count', [lb], { label: 'gateway 5xx' }),
        row(alb, 'HTTPCode_ELB_5XX_Count', [lb], { label: 'load balancer 5xx' }),
      ],
    }),
    metricWidget({
      title: 'Target response time (seconds)', region, stat: 'p50', period: 60,
      metrics: [row(alb, 'TargetResponseTime', [lb], { label: 'p50', stat: 'p50' }), row(alb, 'TargetResponseTime', [lb], { label: 'p99', stat: 'p99' })],
    }),
    metricWidget({
      title: 'Healthy and unhealthy targets', region, stat: 'Minimum', period: 60,
      metrics: [row(alb, 'HealthyHostCount', [tg, lb], { label: 'healthy', stat: 'Minimum' }), row(alb, 'UnHealthyHostCount', [tg, lb], { label: 'unhealthy', stat: 'Maximum' })],
    }),
    metricWidget({
      title: 'Gateway tasks: running vs desired', region, stat: 'Average', period: 60,
      metrics: [
        row('ECS/ContainerInsights', 'RunningTaskCount', service, { label: 'running' }),
        row('ECS/ContainerInsights', 'DesiredTaskCount', service, { label: 'desired' }),
        row('ECS/ContainerInsights', 'PendingTaskCount', service, { label: 'pending' }),
      ],
    }),
    metricWidget({
      title: 'Gateway CPU and memory (%)', region, stat: 'Average', period: 60,
      metrics: [row('AWS/ECS', 'CPUUtilization', service, { label: 'CPU' }), row('AWS/ECS', 'MemoryUtilization', service, { label: 'memory' })],
    }),
    logWidget(WIDGET_QUERIES.taskStarts, { region, resources }, 'timeSeries', 8),
    metricWidget({ title: 'Database CPU (%)', region, stat: 'Average', period: 300, metrics: [row('AWS/RDS', 'CPUUtilization', db, { label: 'CPU' })] }),
    metricWidget({ title: 'Database connections', region, stat: 'Maximum', period: 300, metrics: [row('AWS/RDS', 'DatabaseConnections', db, { label: 'connections' })] }),
    metricWidget({ title: 'Database free storage (bytes)', region, stat: 'Minimum', period: 300, metrics: [row('AWS/RDS', 'FreeStorageSpace', db, { label: 'free' })] }),
  ];
  if (input.certificateInAcm) {
    widgets.push(
      metricWidget({
        title: 'Certificate days to expiry', region, stat: 'Minimum', period: 86_400, view: 'singleValue',
        metrics: [row('AWS/CertificateManager', 'DaysToExpiry', [{ name: 'CertificateArn', value: { resource: 'certificateArn' } }], { label: 'days' })],
      }),
    );
  }
  const logNs = gatewayLogNamespace(input.stackPrefix);
  const telemetry = [row(logNs, GATEWAY_LOG_METRICS.inferenceRequests.name, [], { label: GATEWAY_LOG_METRICS.inferenceRequests.what })];
  if (input.bundledCollector) telemetry.push(row(logNs, COLLECTOR_LOG_METRICS.exportFailures.name, [], { label: COLLECTOR_LOG_METRICS.exportFailures.what }));
  widgets.push(metricWidget({ title: input.bundledCollector ? 'Inference requests and dropped telemetry' : 'Inference requests', region, stat: 'Sum', period: 300, metrics: telemetry }));
  return { name: `${input.stackPrefix}-operations`, body: { start: '-PT12H', periodOverride: 'inherit', widgets: flowLayout(widgets) } };
}
