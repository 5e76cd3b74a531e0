// Renders alarm specs as CloudFormation resources. Dimension values that name another
// stack's resource become Refs to the observability template's parameters.
import type { AlarmSpec, Dimension, MetricStat } from './alarm-spec.ts';
import { describeWithRunbook } from './alarm-runbooks.ts';
import type { ObservedResources } from './observability-input.ts';
import { renderPromQuery } from './promql.ts';

export type CfnValue = string | number | boolean | { Ref: string } | CfnValue[] | { [key: string]: CfnValue };

/** The observability template's parameter for each resource: named exactly as the owning stack's output. */
export const PARAMETER_NAMES = {
  loadBalancerFullName: 'LoadBalancerFullName',
  targetGroupFullName: 'TargetGroupFullName',
  clusterName: 'ClusterName',
  serviceName: 'ServiceName',
  gatewayLogGroupName: 'GatewayLogGroupName',
  dbInstanceIdentifier: 'DBInstanceIdentifier',
  certificateArn: 'CertificateArn',
  collectorLogGroupName: 'CollectorLogGroupName',
  collectorLoadBalancerFullName: 'CollectorLoadBalancerFullName',
  collectorTargetGroupFullName: 'CollectorTargetGroupFullName',
  collectorClusterName: 'CollectorClusterName',
  collectorServiceName: 'CollectorServiceName',
  eventsLogGroupName: 'EventsLogGroupName',
  emfLogGroupName: 'EmfLogGroupName',
} as const satisfies Record<keyof ObservedResources, string>;

export function parameterNameOf(resource: keyof ObservedResources): string {
  return PARAMETER_NAMES[resource];
}

export function alarmLogicalId(alarm: AlarmSpec): string {
  return `Alarm${alarm.id}`;
}

function dimensionsOf(dimensions: Dimension[]): CfnValue[] {
  return dimensions.map((d) => ({
    Name: d.name,
    Value: typeof d.value === 'string' ? d.value : { Ref: parameterNameOf(d.value.resource) },
  }));
}

function metricStat(stat: MetricStat): CfnValue {
  return {
    Metric: { Namespace: stat.namespace, MetricName: stat.metric, Dimensions: dimensionsOf(stat.dimensions) },
    Period: stat.periodSeconds,
    Stat: stat.stat,
  };
}

export function renderAlarmResource(alarm: AlarmSpec, stackPrefix: string, topic: CfnValue): CfnValue {
  const common = {
    AlarmName: `${stackPrefix}-${alarm.name}`,
    AlarmDescription: describeWithRunbook(alarm),
    ActionsEnabled: true,
    AlarmActions: [topic],
  };
  if (alarm.kind === 'promql') {
    return {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ...common,
        EvaluationCriteria: {
          PromQLCriteria: { Query: renderPromQuery(alarm.query), PendingPeriod: alarm.pendingSeconds, RecoveryPeriod: alarm.recoverySeconds },
        },
        EvaluationInterval: alarm.evaluationIntervalSeconds,
      },
    };
  }
  const condition = {
    ComparisonOperator: alarm.when.comparison,
    Threshold: alarm.when.threshold,
    EvaluationPeriods: alarm.when.evaluationPeriods,
    ...(alarm.when.datapointsToAlarm === undefined ? {} : { DatapointsToAlarm: alarm.when.datapointsToAlarm }),
    TreatMissingData: alarm.missingData,
  };
  if (alarm.kind === 'metric') {
    const m = alarm.metric;
    return {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ...common,
        Namespace: m.namespace,
        MetricName: m.metric,
        Dimensions: dimensionsOf(m.dimensions),
        Statistic: m.stat,
        Period: m.periodSeconds,
        ...condition,
      },
    };
  }
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      ...common,
      Metrics: [
        { Id: 'result', Expression: alarm.expression, Label: alarm.label, ReturnData: true },
        ...Object.entries(alarm.metrics).map(([id, stat]) => ({ Id: id, MetricStat: metricStat(stat), ReturnData: false })),
      ],
      ...condition,
    },
  };
}
