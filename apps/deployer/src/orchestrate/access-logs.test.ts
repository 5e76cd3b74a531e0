// ALB_ACCESS_LOGS (default true): the gateway load balancer logs every request to a bucket only
// ELB log delivery may write to, named as the region requires; false leaves no bucket.
import { renderGatewayConfig } from '@cagw/config-render';
import type { Settings } from '@cagw/profile';
import { expect, test } from 'vitest';
import { planDeployment } from './plan-deployment.ts';
import type { StackPlan } from './stack-plan.ts';
import { loadShippedProfile, realTemplates } from './testing/profile-fixture.ts';
import { templateResolver } from '@cagw/strict-cloudformation';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resolved template values

async function gatewayAsDeployed(settings: Settings) {
  const plan = planDeployment(settings, { packedConfig: renderGatewayConfig(settings).packed, templates: await realTemplates() });
  const gateway = plan.nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === 'gateway')!;
  const parameters = Object.fromEntries(Object.entries(gateway.parameters).flatMap(([k, p]) => (p.kind === 'value' ? [[k, p.value]] : [])));
  return templateResolver(gateway.templateBody, { parameters, region: settings.AWS_REGION });
}
const attributes = (lb: Rec) => Object.fromEntries((lb.Properties.LoadBalancerAttributes as Rec[]).map((a) => [a.Key, a.Value]));

test('by default the load balancer logs to its bucket, which the regional ELB account may write to over TLS only', async () => {
  const stack = await gatewayAsDeployed(loadShippedProfile('managed-newcognito-collector-vpn.env'));
  expect(stack.holds('HasAccessLogs')).toBe(true);
  expect(attributes(stack.resource('LoadBalancer') as Rec)).toEqual(expect.objectContaining({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': '<AccessLogsBucket>' }));
  const policy = (stack.resource('AccessLogsBucketPolicy') as Rec).Properties.PolicyDocument.Statement as Rec[];
  expect(policy[0]).toEqual(expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutObject', Resource: '<AccessLogsBucket.Arn>/AWSLogs/123456789012/*' }));
  expect(policy[1]).toEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  const bucket = stack.resource('AccessLogsBucket') as Rec;
  expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
});

test('a region opened after August 2022 grants the log delivery service principal instead', async () => {
  const stack = await gatewayAsDeployed(loadShippedProfile('managed-newcognito-collector-vpn.env', { AWS_REGION: 'mx-central-1' }));
  const policy = (stack.resource('AccessLogsBucketPolicy') as Rec).Properties.PolicyDocument.Statement as Rec[];
  expect(policy[0]?.Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
});

test('ALB_ACCESS_LOGS=false makes no bucket and switches the log off', async () => {
  const stack = await gatewayAsDeployed(loadShippedProfile('managed-newcognito-collector-vpn.env', { ALB_ACCESS_LOGS: 'false' }));
  expect(stack.holds('HasAccessLogs')).toBe(false);
  const attrs = attributes(stack.resource('LoadBalancer') as Rec);
  expect(attrs['access_logs.s3.enabled']).toBe('false');
  expect(attrs['access_logs.s3.bucket']).toBeUndefined();
});
