// The observability stack and dashboards of a deployment, from @cagw/observability: the
// generated template with its parameters wired to the gateway, database and collector outputs,
// and after the deploy the dashboards with the real resource names (PutDashboard).
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  buildDashboards, observabilityInputFromSettings, observabilityParameters, parameterNameOf, renderObservabilityTemplateYaml,
  type ObservabilityInput, type ObservabilitySettings, type ObservedResources,
} from '@cagw/observability';
import type { StackPart } from '@cagw/profile';
import { callAws } from './aws-call.ts';

/** Which stack output feeds each resource name the observability stack and dashboards need. */
const SOURCES: Record<keyof ObservedResources, { node: StackPart; output: string }> = {
  loadBalancerFullName: { node: 'gateway', output: 'LoadBalancerFullName' },
  targetGroupFullName: { node: 'gateway', output: 'TargetGroupFullName' },
  clusterName: { node: 'gateway', output: 'ClusterName' },
  serviceName: { node: 'gateway', output: 'ServiceName' },
  gatewayLogGroupName: { node: 'gateway', output: 'GatewayLogGroupName' },
  certificateArn: { node: 'gateway', output: 'CertificateArn' },
  dbInstanceIdentifier: { node: 'database', output: 'DbInstanceIdentifier' },
  collectorLogGroupName: { node: 'collector', output: 'CollectorLogGroupName' },
  // the collector health alarms
  collectorLoadBalancerFullName: { node: 'collector', output: 'LoadBalancerFullName' },
  collectorTargetGroupFullName: { node: 'collector', output: 'TargetGroupFullName' },
  collectorClusterName: { node: 'collector', output: 'ClusterName' },
  collectorServiceName: { node: 'collector', output: 'ServiceName' },
  eventsLogGroupName: { node: 'collector', output: 'EventsLogGroupName' },
  emfLogGroupName: { node: 'collector', output: 'MetricsLogGroupName' },
};

export function observabilityStack(settings: ObservabilitySettings): { input: ObservabilityInput; templateBody: string; parameters: Record<string, { node: StackPart; output: string }> } {
  const input = observabilityInputFromSettings(settings);
  const parameters = Object.fromEntries(observabilityParameters(input).map((r) => [parameterNameOf(r), SOURCES[r]]));
  return { input, templateBody: renderObservabilityTemplateYaml(input), parameters };
}

/** The resource names, read from the deployed stacks' outputs. */
export function observedResources(outputs: Record<string, Record<string, string> | undefined>): ObservedResources {
  const read = (r: keyof ObservedResources) => outputs[SOURCES[r].node]?.[SOURCES[r].output];
  const names = Object.fromEntries((Object.keys(SOURCES) as (keyof ObservedResources)[]).map((r) => [r, read(r) ?? ''])) as unknown as ObservedResources;
  if (!read('certificateArn')) delete names.certificateArn;
  for (const r of ['collectorLogGroupName', 'collectorLoadBalancerFullName', 'collectorTargetGroupFullName', 'collectorClusterName', 'collectorServiceName'] as const) {
    if (!read(r)) delete names[r];
  }
  return names;
}

/** Puts every dashboard in place; returns their names. */
export async function putDashboards(cloudwatch: CloudWatchClient, input: ObservabilityInput, resources: ObservedResources, awsProfile?: string): Promise<string[]> {
  // imported here, not at the top: `cagw plan` reads this module and must not load the AWS SDK
  const { PutDashboardCommand } = await import('@aws-sdk/client-cloudwatch');
  const dashboards = buildDashboards(input, resources);
  for (const d of dashboards) {
    await callAws(`putting dashboard ${d.name}`, () => cloudwatch.send(new PutDashboardCommand({ DashboardName: d.name, DashboardBody: JSON.stringify(d.body) })), { awsProfile });
  }
  return dashboards.map((d) => d.name);
}
