import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { buildAlarms } from './alarms.ts';
import { checkLogsInsightsQuery } from './check-logs-insights-query.ts';
import { observabilityParameters, renderObservabilityTemplate, renderObservabilityTemplateYaml } from './observability-template.ts';
import { sampleInput } from './testing/sample-input.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
const resourcesOf = (t: Record<string, unknown>) => t.Resources as Record<string, Resource>;

// Every {Ref: X} anywhere in a value.
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

const variants = {
  'native, collector, events, ACM': sampleInput('native'),
  'emf, collector, events, ACM': sampleInput('emf'),
  'native, no collector, self-signed, no email': sampleInput('native', { bundledCollector: false, certificateInAcm: false, alarmEmail: undefined }),
  'emf, collector, no FORWARD_LOGS': sampleInput('emf', { forwardLogs: false }),
};

describe.each(Object.entries(variants))('%s', (_name, input) => {
  const template = renderObservabilityTemplate(input);
  const resources = resourcesOf(template);
  const parameters = Object.keys(template.Parameters as object);

  test('every Ref names a parameter or a resource, and every parameter is used', () => {
    const used = refs(template.Resources);
    for (const name of used) expect([...parameters, ...Object.keys(resources)]).toContain(name);
    for (const name of parameters) expect(used).toContain(name);
  });

  test('has one alarm resource per alarm spec, each notifying the alarm topic', () => {
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(buildAlarms(input).alarms.length);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
  });

  test('saved queries pass the grammar check and read a log group parameter', () => {
    for (const r of Object.values(resources).filter((x) => x.Type === 'AWS::Logs::QueryDefinition')) {
      expect(checkLogsInsightsQuery(r.Properties.QueryString as string)).toEqual([]);
      expect(parameters).toContain((r.Properties.LogGroupNames as { Ref: string }[])[0]!.Ref);
    }
  });

  test('fits the 51,200-byte inline template limit and survives a YAML round trip', () => {
    const yaml = renderObservabilityTemplateYaml(input);
    expect(Buffer.byteLength(yaml)).toBeLessThan(51_200);
    expect(parse(yaml)).toEqual(template);
  });
});

test('ALARM_EMAIL becomes an email subscription of the alarm topic; without it there is none', () => {
  const withEmail = resourcesOf(renderObservabilityTemplate(sampleInput('native')));
  expect(withEmail.AlarmEmailSubscription?.Properties).toEqual({ TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'oncall@example.com' });
  const without = resourcesOf(renderObservabilityTemplate(sampleInput('native', { alarmEmail: undefined })));
  expect(without.AlarmEmailSubscription).toBeUndefined();
});

test('metric filters read the gateway log group from the parameter, never a literal name', () => {
  const resources = resourcesOf(renderObservabilityTemplate(sampleInput('native')));
  const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
  expect(filters.length).toBeGreaterThan(0);
  for (const f of filters) expect(f.Properties.LogGroupName).toMatchObject({ Ref: expect.stringMatching(/^(GatewayLogGroupName|CollectorLogGroupName)$/) });
});

test('parameters follow what the deployment has', () => {
  expect(observabilityParameters(sampleInput('native'))).toEqual([
    'loadBalancerFullName', 'targetGroupFullName', 'clusterName', 'serviceName', 'gatewayLogGroupName', 'certificateArn',
    'dbInstanceIdentifier', 'collectorLogGroupName', 'collectorLoadBalancerFullName', 'collectorTargetGroupFullName',
    'collectorClusterName', 'collectorServiceName', 'eventsLogGroupName',
  ]);
  expect(observabilityParameters(sampleInput('native', { bundledCollector: false, certificateInAcm: false }))).toEqual([
    'loadBalancerFullName', 'targetGroupFullName', 'clusterName', 'serviceName', 'gatewayLogGroupName', 'dbInstanceIdentifier',
  ]);
});

test('a PromQL alarm renders as EvaluationCriteria with an evaluation interval, no classic metric fields', () => {
  const resources = resourcesOf(renderObservabilityTemplate(sampleInput('native')));
  const daily = resources.AlarmDailyCost!.Properties;
  expect(daily.EvaluationCriteria).toEqual({
    PromQLCriteria: { Query: 'sum (sum_over_time({"claude_code.cost.usage"}[1d])) > 500', PendingPeriod: 0, RecoveryPeriod: 3600 },
  });
  expect(daily.EvaluationInterval).toBe(300);
  expect(daily.MetricName).toBeUndefined();
});
