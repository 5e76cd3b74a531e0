// The `observability` stack as data: alarm topic (+ ALARM_EMAIL), metric filters over the
// gateway's and collector's logs, every alarm, and the saved Logs Insights queries. Its
// parameters are other stacks' outputs; thresholds come from the profile and are baked in,
// because the template is generated per profile anyway. Dashboards are not here: the
// deployer puts them in place with PutDashboard (see README).
import { stringify } from 'yaml';
import { alarmLogicalId, parameterNameOf, renderAlarmResource, type CfnValue } from './alarm-resources.ts';
import { buildAlarms } from './alarms.ts';
import { availableQueries, LOG_SOURCE_GROUP, SAVED_QUERIES, teamSpendQuery, type LogsQuery } from './logs-queries.ts';
import type { ObservabilityInput, ObservedResources } from './observability-input.ts';
import { COLLECTOR_LOG_METRICS, GATEWAY_LOG_METRICS, gatewayLogNamespace } from './telemetry-catalog.ts';

interface ParameterInfo {
  resource: keyof ObservedResources;
  label: string;
  description: string;
  group: 'Gateway stack' | 'Database stack' | 'Collector stack';
}

const PARAMETERS: ParameterInfo[] = [
  { resource: 'loadBalancerFullName', group: 'Gateway stack', label: 'Load balancer full name', description: 'LoadBalancerFullName output of the cagw gateway stack (app/<name>/<id>), the LoadBalancer dimension of ALB metrics.' },
  { resource: 'targetGroupFullName', group: 'Gateway stack', label: 'Target group full name', description: 'TargetGroupFullName output of the cagw gateway stack (targetgroup/<name>/<id>), the TargetGroup dimension of ALB metrics.' },
  { resource: 'clusterName', group: 'Gateway stack', label: 'ECS cluster name', description: 'ClusterName output of the cagw gateway stack.' },
  { resource: 'serviceName', group: 'Gateway stack', label: 'ECS service name', description: 'ServiceName output of the cagw gateway stack.' },
  { resource: 'gatewayLogGroupName', group: 'Gateway stack', label: 'Gateway log group', description: "GatewayLogGroupName output of the cagw gateway stack: the gateway's audit and operational log." },
  { resource: 'certificateArn', group: 'Gateway stack', label: 'Certificate ARN', description: 'CertificateArn output of the cagw gateway stack: the ACM certificate the load balancer serves.' },
  { resource: 'dbInstanceIdentifier', group: 'Database stack', label: 'Database instance', description: 'DBInstanceIdentifier output of the cagw database stack.' },
  { resource: 'collectorLogGroupName', group: 'Collector stack', label: 'Collector log group', description: "CollectorLogGroupName output of the cagw collector stack: the collector's own log." },
  { resource: 'collectorLoadBalancerFullName', group: 'Collector stack', label: 'Collector load balancer full name', description: 'LoadBalancerFullName output of the cagw collector stack, for the collector health alarms.' },
  { resource: 'collectorTargetGroupFullName', group: 'Collector stack', label: 'Collector target group full name', description: 'TargetGroupFullName output of the cagw collector stack, for the collector health alarms.' },
  { resource: 'collectorClusterName', group: 'Collector stack', label: 'Collector ECS cluster name', description: 'ClusterName output of the cagw collector stack.' },
  { resource: 'collectorServiceName', group: 'Collector stack', label: 'Collector ECS service name', description: 'ServiceName output of the cagw collector stack.' },
  { resource: 'eventsLogGroupName', group: 'Collector stack', label: 'Events log group', description: 'EventsLogGroupName output of the cagw collector stack: client events forwarded with FORWARD_LOGS.' },
];

/** Which stack outputs this deployment's observability stack takes as parameters. */
export function observabilityParameters(input: ObservabilityInput): (keyof ObservedResources)[] {
  const used = new Set<keyof ObservedResources>(['loadBalancerFullName', 'targetGroupFullName', 'clusterName', 'serviceName', 'gatewayLogGroupName', 'dbInstanceIdentifier']);
  if (input.certificateInAcm) used.add('certificateArn');
  if (input.bundledCollector) {
    for (const r of ['collectorLogGroupName', 'collectorLoadBalancerFullName', 'collectorTargetGroupFullName', 'collectorClusterName', 'collectorServiceName'] as const) used.add(r);
  }
  if (eventsAvailable(input)) used.add('eventsLogGroupName');
  return PARAMETERS.map((p) => p.resource).filter((r) => used.has(r));
}

/** Client events reach this account only through the bundled collector with FORWARD_LOGS. */
export function eventsAvailable(input: ObservabilityInput): boolean {
  return input.bundledCollector && input.forwardLogs;
}

/** The saved queries of this deployment (team queries per configured team). */
export function savedQueries(input: ObservabilityInput): LogsQuery[] {
  const teams = input.thresholds.teams.map((t) => teamSpendQuery(t.group));
  return availableQueries([...SAVED_QUERIES, ...teams], eventsAvailable(input));
}

const ref = (resource: keyof ObservedResources) => ({ Ref: parameterNameOf(resource) });
const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

export function renderObservabilityTemplate(input: ObservabilityInput): Record<string, unknown> {
  const prefix = input.stackPrefix;
  const used = observabilityParameters(input);
  const infos = PARAMETERS.filter((p) => used.includes(p.resource));
  const groups = [...new Set(infos.map((p) => p.group))];

  const parameters = Object.fromEntries(
    infos.map((p) => [parameterNameOf(p.resource), { Type: 'String', Description: p.description, MinLength: 1 }]),
  );

  const resources: Record<string, CfnValue> = {
    AlarmTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: `${prefix}-alarms`, DisplayName: `cagw ${prefix} alarms` },
    },
  };
  if (input.alarmEmail) {
    resources.AlarmEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: input.alarmEmail },
    };
  }

  const metricFilter = (logGroup: keyof ObservedResources, metric: { name: string; pattern: string }): CfnValue => ({
    Type: 'AWS::Logs::MetricFilter',
    Properties: {
      LogGroupName: ref(logGroup),
      FilterName: `${prefix}-${metric.name}`,
      FilterPattern: metric.pattern,
      MetricTransformations: [{ MetricNamespace: gatewayLogNamespace(prefix), MetricName: metric.name, MetricValue: '1', DefaultValue: 0 }],
    },
  });
  for (const metric of Object.values(GATEWAY_LOG_METRICS)) resources[`Filter${metric.name}`] = metricFilter('gatewayLogGroupName', metric);
  if (input.bundledCollector) {
    for (const metric of Object.values(COLLECTOR_LOG_METRICS)) resources[`Filter${metric.name}`] = metricFilter('collectorLogGroupName', metric);
  }

  for (const alarm of buildAlarms(input).alarms) {
    resources[alarmLogicalId(alarm)] = renderAlarmResource(alarm, prefix, { Ref: 'AlarmTopic' });
  }

  for (const query of savedQueries(input)) {
    resources[`Query${pascal(query.id)}`] = {
      Type: 'AWS::Logs::QueryDefinition',
      Properties: { Name: `${prefix}/${query.title}`, LogGroupNames: [ref(LOG_SOURCE_GROUP[query.source])], QueryString: query.query },
    };
  }

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cagw observability: alarms, alarm topic, log metric filters and saved Logs Insights queries for ${prefix} (needs the cagw gateway, database${input.bundledCollector ? ' and collector' : ''} stacks)`,
    Metadata: {
      'AWS::CloudFormation::Interface': {
        ParameterGroups: groups.map((g) => ({ Label: { default: g }, Parameters: infos.filter((p) => p.group === g).map((p) => parameterNameOf(p.resource)) })),
        ParameterLabels: Object.fromEntries(infos.map((p) => [parameterNameOf(p.resource), { default: p.label }])),
      },
    },
    Parameters: parameters,
    Resources: resources,
    Outputs: {
      AlarmTopicArn: {
        Description: 'SNS topic every cagw alarm of this deployment notifies; subscribe more endpoints to it.',
        Value: { Ref: 'AlarmTopic' },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-AlarmTopicArn' } },
      },
    },
  };
}

export function renderObservabilityTemplateYaml(input: ObservabilityInput): string {
  return stringify(renderObservabilityTemplate(input), { lineWidth: 0 });
}
