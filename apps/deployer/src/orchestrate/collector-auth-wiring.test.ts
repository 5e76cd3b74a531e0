// The collector trusts the gateway tasks only: its load balancer admits their security group,
// and the gateway task gets the collector's token secret by ARN (never the token itself). The
// observability stack watches the collector through its outputs.
import { loadTemplate, parseTemplate } from '@cagw/cloudformation';
import { CagwError } from '@cagw/errors';
import { expect, test } from 'vitest';
import { planFromSettings } from './plan-from-settings.ts';
import type { StackPlan } from './stack-plan.ts';
import { loadShippedProfile, planForProfile } from './testing/profile-fixture.ts';

const stackOf = (nodes: { kind: string; id: string }[], id: string) => nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === id);

test('with the collector, its ingress is the gateway task security group and the gateway reads its token secret', async () => {
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env');
  const collector = stackOf(plan.nodes, 'collector')!;
  expect(collector.parameters.GatewayTaskSecurityGroupId).toEqual({ kind: 'output', node: 'network', output: 'TaskSecurityGroupId' });
  expect(collector.parameters.VpcCidr).toBeUndefined();
  const gateway = stackOf(plan.nodes, 'gateway')!;
  expect(gateway.parameters.CollectorTokenSecretArn).toEqual({ kind: 'output', node: 'collector', output: 'GatewayTokenSecretArn' });
});

test('without the collector, the gateway gets no collector token', async () => {
  const { plan } = await planForProfile('managed-newcognito-notelemetry.env');
  expect(stackOf(plan.nodes, 'gateway')!.parameters.CollectorTokenSecretArn).toBeUndefined();
});

test("the observability stack reads the collector's load balancer, target group, cluster and service from its outputs", async () => {
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env');
  const observability = stackOf(plan.nodes, 'observability')!;
  const collectorOutputs = Object.keys((parseTemplate((await loadTemplate('collector')).body, 'collector.yaml').body as { Outputs: object }).Outputs);
  for (const [parameter, output] of [
    ['CollectorLoadBalancerFullName', 'LoadBalancerFullName'], ['CollectorTargetGroupFullName', 'TargetGroupFullName'],
    ['CollectorClusterName', 'ClusterName'], ['CollectorServiceName', 'ServiceName'],
  ] as const) {
    expect(observability.parameters[parameter], parameter).toEqual({ kind: 'output', node: 'collector', output });
    expect(collectorOutputs).toContain(output);
  }
  expect(observability.templateBody).toContain('AlarmCollectorNoHealthyTargets');
});

test('cagw gateway (the gateway alone) refuses ENABLE_COLLECTOR, whose token only the full deploy wires', async () => {
  const settings = loadShippedProfile('byo-oidc-notelemetry.env', { ENABLE_COLLECTOR: 'true', COLLECTOR_HOST: 'claude-otel.example.com' });
  const error = await planFromSettings(settings, { gatewayOnly: true, requireCollectorImage: false }).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('GatewayOnlyWithCollector');
  expect((error as CagwError).where).toBe('ENABLE_COLLECTOR');
});
