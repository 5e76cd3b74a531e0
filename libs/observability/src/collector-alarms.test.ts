// A collector that crash-loops or loses its targets pages someone, in both modes: its load
// balancer, target group, cluster and service reach the observability stack as parameters.
import { describe, expect, test } from 'vitest';
import { checkAlarmAgainstCatalog } from './check-alarm-against-catalog.ts';
import { buildAlarms } from './alarms.ts';
import { observabilityParameters, renderObservabilityTemplate } from './observability-template.ts';
import { sampleInput } from './testing/sample-input.ts';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rendered template

describe('collector health alarms', () => {
  test.each(['native', 'emf'] as const)('%s mode alarms on no healthy target, unhealthy targets and no running task of the collector', (mode) => {
    const template = renderObservabilityTemplate(sampleInput(mode)) as Rec;
    const noHealthy = template.Resources.AlarmCollectorNoHealthyTargets.Properties;
    expect(noHealthy).toEqual(expect.objectContaining({ Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching' }));
    expect(noHealthy.Dimensions).toEqual([
      { Name: 'TargetGroup', Value: { Ref: 'CollectorTargetGroupFullName' } },
      { Name: 'LoadBalancer', Value: { Ref: 'CollectorLoadBalancerFullName' } },
    ]);
    expect(template.Resources.AlarmCollectorUnhealthyTargets.Properties.MetricName).toBe('UnHealthyHostCount');
    const tasks = template.Resources.AlarmCollectorNoRunningTasks.Properties;
    expect(tasks.Dimensions).toEqual([
      { Name: 'ClusterName', Value: { Ref: 'CollectorClusterName' } },
      { Name: 'ServiceName', Value: { Ref: 'CollectorServiceName' } },
    ]);
    for (const p of ['CollectorLoadBalancerFullName', 'CollectorTargetGroupFullName', 'CollectorClusterName', 'CollectorServiceName']) {
      expect(template.Parameters[p], p).toBeDefined();
    }
  });

  test('the alarms read metrics AWS publishes under those dimensions', () => {
    const input = sampleInput('native');
    const collector = buildAlarms(input).alarms.filter((a) => a.id.startsWith('Collector'));
    expect(collector.map((a) => a.id)).toEqual(['CollectorNoHealthyTargets', 'CollectorUnhealthyTargets', 'CollectorNoRunningTasks']);
    for (const alarm of collector) expect(checkAlarmAgainstCatalog(alarm, input), alarm.id).toEqual([]);
  });

  test("a read mixing the collector's target group with the gateway's load balancer is refused", () => {
    const input = sampleInput('native');
    const alarm = buildAlarms(input).alarms.find((a) => a.id === 'CollectorUnhealthyTargets')!;
    if (alarm.kind !== 'metric') throw new Error('CollectorUnhealthyTargets is a metric alarm');
    const mixed = { ...alarm, metric: { ...alarm.metric, dimensions: [alarm.metric.dimensions[0]!, { name: 'LoadBalancer', value: { resource: 'loadBalancerFullName' as const } }] } };
    expect(checkAlarmAgainstCatalog(mixed, input)).toEqual([expect.stringContaining('LoadBalancer must take its value from collectorLoadBalancerFullName')]);
  });

  test('without the bundled collector there is no collector alarm and no collector parameter', () => {
    const input = sampleInput('native', { bundledCollector: false });
    expect(buildAlarms(input).alarms.filter((a) => a.id.startsWith('Collector'))).toEqual([]);
    expect(observabilityParameters(input).filter((r) => r.startsWith('collector'))).toEqual([]);
  });
});
