// Alarms on the gateway itself (load balancer, service, database, certificate), on what its
// audit log says, and on telemetry going missing. Thresholds that are not in the profile are
// named constants here, with the reason for each.
import type { AlarmSpec, MetricStat } from './alarm-spec.ts';
import type { AlarmSet } from './spend-alarms.ts';
import { collectorHealthAlarms } from './collector-alarms.ts';
import type { ObservabilityInput } from './observability-input.ts';
import {
  CLIENT_METRICS,
  COLLECTOR_LOG_METRICS,
  EMF_OTEL_LIB,
  emfNamespace,
  GATEWAY_LOG_METRICS,
  gatewayLogNamespace,
  promLabel,
} from './telemetry-catalog.ts';

/** Below this many requests in 5 minutes a 5xx rate is noise (one failure in three is not an outage). */
export const MIN_REQUESTS_FOR_ERROR_RATE = 20;
export const ALB_5XX_RATE_PERCENT = 5;
/** 2 GiB: room for a few days of audit and spend rows while someone grows the volume. */
export const RDS_MIN_FREE_STORAGE_BYTES = 2 * 1024 ** 3;
export const RDS_MAX_CPU_PERCENT = 80;
export const CERT_MIN_DAYS_TO_EXPIRY = 30;
export const UPSTREAM_ERRORS_PER_5_MIN = 10;
export const TOOL_REJECTIONS_PER_HOUR = 25;
/** The gateway served this many requests in an hour, so telemetry should have arrived. */
export const BUSY_REQUESTS_PER_HOUR = 20;
/**
 * At least this many Claude Code policy fetches in the hour: the traffic comes from clients that
 * send telemetry. Claude Desktop sends none, and its requests alone must not page.
 */
export const CLI_POLICY_FETCHES_PER_HOUR = 3;

const alb = 'AWS/ApplicationELB';
const lbDim = { name: 'LoadBalancer', value: { resource: 'loadBalancerFullName' as const } };
const tgDim = { name: 'TargetGroup', value: { resource: 'targetGroupFullName' as const } };
const serviceDims = [
  { name: 'ClusterName', value: { resource: 'clusterName' as const } },
  { name: 'ServiceName', value: { resource: 'serviceName' as const } },
];

const albMetric = (metric: string, stat: MetricStat['stat'] = 'Sum'): MetricStat => ({
  namespace: alb, metric, dimensions: [lbDim], stat, periodSeconds: 300,
});
const gatewayLog = (input: ObservabilityInput, metric: string, periodSeconds: number): MetricStat => ({
  namespace: gatewayLogNamespace(input.stackPrefix), metric, dimensions: [], stat: 'Sum', periodSeconds,
});

export function gatewayAlarms(input: ObservabilityInput): AlarmSet {
  const alarms: AlarmSpec[] = [
    {
      id: 'Alb5xxRate', name: 'alb-5xx-rate', area: 'gateway', kind: 'math',
      description: `over ${ALB_5XX_RATE_PERCENT} % of requests got a 5xx (gateway or load balancer) in 2 of 3 five-minute periods; check the gateway log group and target health`,
      expression: `IF(requests >= ${MIN_REQUESTS_FOR_ERROR_RATE}, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)`,
      label: '5xx %',
      metrics: {
        requests: albMetric('RequestCount'),
        target5xx: albMetric('HTTPCode_Target_5XX_Count'),
        elb5xx: albMetric('HTTPCode_ELB_5XX_Count'),
      },
      periodSeconds: 300,
      when: { comparison: 'GreaterThanThreshold', threshold: ALB_5XX_RATE_PERCENT, evaluationPeriods: 3, datapointsToAlarm: 2 },
      missingData: 'notBreaching',
    },
    {
      id: 'UnhealthyTargets', name: 'unhealthy-targets', area: 'gateway', kind: 'metric',
      description: 'a gateway task failed its load balancer health check for 3 minutes; check /healthz and the task log',
      metric: { namespace: alb, metric: 'UnHealthyHostCount', dimensions: [tgDim, lbDim], stat: 'Maximum', periodSeconds: 60 },
      when: { comparison: 'GreaterThanThreshold', threshold: 0, evaluationPeriods: 3 },
      missingData: 'notBreaching',
    },
    {
      id: 'TasksBelowDesired', name: 'tasks-below-desired', area: 'gateway', kind: 'math',
      description: 'fewer gateway tasks running than desired for 10 minutes: a crash loop or tasks that cannot start; check stopped tasks and the gateway log',
      expression: 'desired - running',
      label: 'missing tasks',
      metrics: {
        desired: { namespace: 'ECS/ContainerInsights', metric: 'DesiredTaskCount', dimensions: serviceDims, stat: 'Maximum', periodSeconds: 60 },
        running: { namespace: 'ECS/ContainerInsights', metric: 'RunningTaskCount', dimensions: serviceDims, stat: 'Minimum', periodSeconds: 60 },
      },
      periodSeconds: 60,
      when: { comparison: 'GreaterThanThreshold', threshold: 0, evaluationPeriods: 10 },
      missingData: 'notBreaching',
    },
    {
      id: 'RdsFreeStorageLow', name: 'rds-free-storage-low', area: 'gateway', kind: 'metric',
      description: 'the gateway database has under 2 GiB free; grow the allocated storage before writes fail',
      metric: { namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: [{ name: 'DBInstanceIdentifier', value: { resource: 'dbInstanceIdentifier' } }], stat: 'Minimum', periodSeconds: 300 },
      when: { comparison: 'LessThanThreshold', threshold: RDS_MIN_FREE_STORAGE_BYTES, evaluationPeriods: 2 },
      missingData: 'missing',
    },
    {
      id: 'RdsCpuHigh', name: 'rds-cpu-high', area: 'gateway', kind: 'metric',
      description: `the gateway database CPU stayed over ${RDS_MAX_CPU_PERCENT} % for 15 minutes; check connections and the instance class`,
      metric: { namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: { resource: 'dbInstanceIdentifier' } }], stat: 'Average', periodSeconds: 300 },
      when: { comparison: 'GreaterThanThreshold', threshold: RDS_MAX_CPU_PERCENT, evaluationPeriods: 3 },
      missingData: 'missing',
    },
    {
      id: 'UpstreamErrors', name: 'upstream-errors', area: 'gateway', kind: 'metric',
      description: `more than ${UPSTREAM_ERRORS_PER_5_MIN} upstream answers with status 400+ in 5 minutes (gateway audit log, evt=inference); see "upstream errors by model" in the saved queries`,
      metric: gatewayLog(input, GATEWAY_LOG_METRICS.upstreamErrors.name, 300),
      when: { comparison: 'GreaterThanThreshold', threshold: UPSTREAM_ERRORS_PER_5_MIN, evaluationPeriods: 1 },
      missingData: 'notBreaching',
    },
  ];
  const notes: string[] = [];

  if (input.certificateInAcm) {
    alarms.push({
      id: 'CertificateExpiring', name: 'certificate-expiring', area: 'gateway', kind: 'metric',
      description: `the gateway certificate expires in under ${CERT_MIN_DAYS_TO_EXPIRY} days; renew it and publish the new fingerprint to clients first`,
      metric: { namespace: 'AWS/CertificateManager', metric: 'DaysToExpiry', dimensions: [{ name: 'CertificateArn', value: { resource: 'certificateArn' } }], stat: 'Minimum', periodSeconds: 86_400 },
      when: { comparison: 'LessThanThreshold', threshold: CERT_MIN_DAYS_TO_EXPIRY, evaluationPeriods: 1 },
      missingData: 'missing',
    });
  } else {
    notes.push('no certificate expiry alarm: the certificate is not in ACM (self-signed mode); watch its expiry yourself');
  }

  if (input.bundledCollector) alarms.push(...collectorHealthAlarms(), ...telemetryAlarms(input));
  if (input.bundledCollector && input.collectorMode === 'native') {
    notes.push('native mode watches telemetry through collector export failures: OTLP metrics cannot be compared with the gateway log in one alarm');
  }
  return { alarms, notes };
}

function telemetryAlarms(input: ObservabilityInput): AlarmSpec[] {
  const exportFailures: AlarmSpec = {
    id: 'TelemetryExportFailures', name: 'telemetry-export-failures', area: 'telemetry', kind: 'metric',
    description: 'the collector dropped telemetry it could not export to CloudWatch in the last 15 minutes; check the collector log and its task role',
    metric: gatewayLog(input, COLLECTOR_LOG_METRICS.exportFailures.name, 900),
    when: { comparison: 'GreaterThanThreshold', threshold: 0, evaluationPeriods: 1 },
    missingData: 'notBreaching',
  };
  const rejections: AlarmSpec =
    input.collectorMode === 'native'
      ? {
          id: 'ToolRejections', name: 'tool-rejections', area: 'governance', kind: 'promql',
          description: `more than ${TOOL_REJECTIONS_PER_HOUR} edit-tool rejections in an hour; see the governance dashboard`,
          query: { metric: CLIENT_METRICS.toolDecision.name, matchers: [{ label: promLabel('decision'), op: '=', value: 'reject' }], rangeSeconds: 3_600, by: [], threshold: TOOL_REJECTIONS_PER_HOUR },
          evaluationIntervalSeconds: 300, pendingSeconds: 0, recoverySeconds: 3_600,
        }
      : {
          id: 'ToolRejections', name: 'tool-rejections', area: 'governance', kind: 'metric',
          description: `more than ${TOOL_REJECTIONS_PER_HOUR} edit-tool rejections in an hour; see the governance dashboard`,
          metric: {
            namespace: emfNamespace(input.stackPrefix), metric: CLIENT_METRICS.toolDecision.name,
            dimensions: [{ name: 'decision', value: 'reject' }, { name: 'OTelLib', value: EMF_OTEL_LIB }], stat: 'Sum', periodSeconds: 3_600,
          },
          when: { comparison: 'GreaterThanThreshold', threshold: TOOL_REJECTIONS_PER_HOUR, evaluationPeriods: 1 },
          missingData: 'notBreaching',
        };
  if (input.collectorMode === 'native') return [exportFailures, rejections];
  // Silence is only suspicious while the gateway is busy: quiet nights and weekends have no
  // inference, so this never fires then (the original alarmed on any 3 quiet hours).
  const missing: AlarmSpec = {
    id: 'TelemetryMissing', name: 'telemetry-missing', area: 'telemetry', kind: 'math',
    description: `the gateway served ${BUSY_REQUESTS_PER_HOUR}+ requests an hour to Claude Code sessions (${CLI_POLICY_FETCHES_PER_HOUR}+ policy fetches) for 2 hours but no cost telemetry arrived; check the collector and the gateway's telemetry block (Claude Desktop traffic alone never trips this: it sends no telemetry)`,
    expression: `IF(FILL(inference, 0) >= ${BUSY_REQUESTS_PER_HOUR} AND FILL(cli, 0) >= ${CLI_POLICY_FETCHES_PER_HOUR} AND FILL(telemetry, 0) == 0, 1, 0)`,
    label: 'busy without telemetry',
    metrics: {
      inference: gatewayLog(input, GATEWAY_LOG_METRICS.inferenceRequests.name, 3_600),
      cli: gatewayLog(input, GATEWAY_LOG_METRICS.cliPolicyFetches.name, 3_600),
      telemetry: {
        namespace: emfNamespace(input.stackPrefix), metric: CLIENT_METRICS.costUsage.name,
        dimensions: [{ name: 'OTelLib', value: EMF_OTEL_LIB }], stat: 'SampleCount', periodSeconds: 3_600,
      },
    },
    periodSeconds: 3_600,
    when: { comparison: 'GreaterThanThreshold', threshold: 0, evaluationPeriods: 2 },
    missingData: 'notBreaching',
  };
  return [exportFailures, rejections, missing];
}
