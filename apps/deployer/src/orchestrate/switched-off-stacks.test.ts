// Which stacks of a switched-off part still run, and what cagw says happens to each; a stack of
// the same name that cagw did not tag as that part is left alone.
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { loadTemplate } from '@cagw/cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { findSwitchedOffStacks } from './switched-off-stacks.ts';
import { planForProfile } from './testing/profile-fixture.ts';

const cfnMock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'us-east-1' });
let live: Map<string, { tags: Record<string, string>; template: string }>;

beforeEach(() => {
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  live = new Map();
  // DescribeStacks of a stack that does not exist: ValidationError "Stack with id X does not exist" (CloudFormation API reference)
  const missing = (name: string) => new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `Stack with id ${name} does not exist` });
  cfnMock.on(DescribeStacksCommand).callsFake(async (i) => {
    const s = live.get(i.StackName ?? '');
    if (!s) throw missing(i.StackName ?? '');
    return { Stacks: [{ StackName: i.StackName, StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${i.StackName}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })) }] };
  });
  cfnMock.on(GetTemplateCommand).callsFake(async (i) => {
    const s = live.get(i.StackName ?? '');
    if (!s) throw missing(i.StackName ?? '');
    return { TemplateBody: s.template };
  });
});

const cagw = (part: string) => ({ 'cagw:prefix': 'claude-gateway', 'cagw:part': part, project: 'claude-apps-gateway' });

test('a collector, VPN and Cognito pool still running after the profile switched them off are found, each saying what happens', async () => {
  live.set('claude-gateway-collector', { tags: cagw('collector'), template: (await loadTemplate('collector')).body });
  live.set('claude-gateway-vpn', { tags: cagw('vpn'), template: (await loadTemplate('client-vpn')).body });
  live.set('claude-gateway-idp', { tags: cagw('idp'), template: (await loadTemplate('idp-cognito-new')).body });
  const { plan, settings } = await planForProfile('byo-oidc-notelemetry.env');
  const found = await findSwitchedOffStacks(cfn, settings, plan);
  expect(found.map((f) => [f.stackName, f.variable, f.plan.dependsOn])).toEqual([
    ['claude-gateway-collector', 'ENABLE_COLLECTOR', ['network']],
    ['claude-gateway-vpn', 'ENABLE_VPN', ['network']],
    ['claude-gateway-idp', 'IDP_MODE', []],
  ]);
  expect(found[0]?.whatHappens).toContain('keeps running');
  expect(found[1]?.whatHappens).toContain('every .ovpn file stops working');
  expect(found[2]?.whatHappens).toContain('keeps the user pool with its users');
});

test('an app client on an existing pool is said to go without the pool', async () => {
  live.set('claude-gateway-idp', { tags: cagw('idp'), template: (await loadTemplate('idp-cognito-existing')).body });
  const { plan, settings } = await planForProfile('byo-oidc-notelemetry.env');
  const [idp] = await findSwitchedOffStacks(cfn, settings, plan);
  expect(idp?.whatHappens).toContain('deletes those, not the pool');
});

test('a stack of that name cagw did not tag as the part, and a part the profile still has, are left alone', async () => {
  live.set('claude-gateway-vpn', { tags: { team: 'network' }, template: 'Resources: {}\n' });
  live.set('claude-gateway-idp', { tags: cagw('idp'), template: (await loadTemplate('idp-cognito-new')).body });
  const { plan, settings } = await planForProfile('managed-newcognito-notelemetry.env');
  expect(await findSwitchedOffStacks(cfn, settings, plan)).toEqual([]);
});
