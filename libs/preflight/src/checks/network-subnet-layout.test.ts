// A running deployment's VPC and subnets are never replaced: a changed VPC_CIDR, or a /22 VPC
// made with four /24 subnets that cannot also hold the load-balancer subnets, fails first.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { networkSubnetLayout } from './network-subnet-layout.ts';

const cfn = mockClient(CloudFormationClient);
const liveNetwork = (parameters: Record<string, string>) => cfn.on(DescribeStacksCommand, { StackName: 'claude-gateway-network' }).resolves({
  Stacks: [{
    StackName: 'claude-gateway-network', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-09-14T10:00:00Z'),
    Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
  }],
});

beforeEach(() => {
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id claude-gateway-network does not exist'));
});

describe('network.subnet-layout', () => {
  test('a first deploy passes', async () => {
    expect((await runOne(networkSubnetLayout, settingsFrom({ VPC_CIDR: '10.20.0.0/22' }))).status).toBe('pass');
  });

  test('a /16 deployed before the load-balancer subnets keeps its /24 subnets', async () => {
    liveNetwork({ VpcCidr: '10.20.0.0/16' }); // SubnetHostBits was never passed: its default 8
    expect((await runOne(networkSubnetLayout, settingsFrom({ VPC_CIDR: '10.20.0.0/16' }))).status).toBe('pass');
  });

  test('a /22 deployed with four /24 subnets cannot gain the load-balancer subnets in place', async () => {
    liveNetwork({ VpcCidr: '10.20.0.0/22', SubnetHostBits: '8' });
    const r = await runOne(networkSubnetLayout, settingsFrom({ VPC_CIDR: '10.20.0.0/22' }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('must be /25') });
    expect(r.fix).toContain('/21 or larger');
  });

  test('a changed VPC_CIDR fails before the VPC is replaced; an error names the API', async () => {
    liveNetwork({ VpcCidr: '10.20.0.0/16', SubnetHostBits: '8' });
    expect(await runOne(networkSubnetLayout, settingsFrom({ VPC_CIDR: '10.40.0.0/16' }))).toMatchObject({ status: 'fail', fix: expect.stringContaining('VPC_CIDR=10.20.0.0/16') });
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied'));
    expect(await runOne(networkSubnetLayout, settingsFrom({}))).toMatchObject({ status: 'fail', message: expect.stringMatching(/^cloudformation:DescribeStacks failed/) });
  });
});
