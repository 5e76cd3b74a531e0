import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateNatGatewayCommand, DescribeAddressesCommand, DescribeAvailabilityZonesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { networkAzs } from './network-azs.ts';
import { networkQuotas, QUOTAS } from './network-quotas.ts';
import { networkRegionalNat } from './network-regional-nat.ts';
import { networkVpcOverlap } from './network-vpc-overlap.ts';

const ec2 = mockClient(EC2Client);
const quotas = mockClient(ServiceQuotasClient);
beforeEach(() => {
  ec2.reset();
  ec2.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  quotas.reset();
  quotas.onAnyCommand().rejects(new Error('unexpected Service Quotas call'));
});
const settings = settingsFrom({});

describe('network.azs', () => {
  test('two zones pass, one fails, an error fails', async () => {
    ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }] });
    expect((await runOne(networkAzs, settings)).status).toBe('pass');
    ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: [{ ZoneName: 'us-east-1a' }] });
    expect(await runOne(networkAzs, settings)).toMatchObject({ status: 'fail', message: expect.stringContaining('1 available zone(s) (us-east-1a)') });
    ec2.on(DescribeAvailabilityZonesCommand).rejects(awsError('RequestLimitExceeded'));
    expect(await runOne(networkAzs, settings)).toMatchObject({ status: 'fail', fix: expect.stringContaining('throttled') });
  });
});

describe('network.vpc-overlap', () => {
  test('an overlapping VPC on the second page warns; our own network stack\'s VPC is ignored', async () => {
    ec2.on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-own', CidrBlockAssociationSet: [{ CidrBlock: '10.20.0.0/16' }], Tags: [{ Key: 'aws:cloudformation:stack-name', Value: settings.stackNames.network }] }], NextToken: 'p2' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-other', CidrBlockAssociationSet: [{ CidrBlock: '10.20.128.0/17' }] }, { VpcId: 'vpc-far', CidrBlockAssociationSet: [{ CidrBlock: '172.31.0.0/16' }] }] });
    const r = await runOne(networkVpcOverlap, settings);
    expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('vpc-other (10.20.128.0/17)') });
    expect(r.message).not.toContain('vpc-own');
  });

  test('no overlap passes; an EC2 error is a warning naming the API', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-far', CidrBlockAssociationSet: [{ CidrBlock: '172.31.0.0/16' }] }] });
    expect((await runOne(networkVpcOverlap, settings)).status).toBe('pass');
    ec2.on(DescribeVpcsCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await runOne(networkVpcOverlap, settings)).toMatchObject({ status: 'warn', message: expect.stringMatching(/^ec2:DescribeVpcs failed: UnauthorizedOperation/) });
  });
});

describe('network.quotas', () => {
  const usage = (vpcs: number, eips: number, natsInA: number) => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: Array.from({ length: vpcs }, (_, i) => ({ VpcId: `vpc-${i}` })) });
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: Array.from({ length: eips }, (_, i) => ({ AllocationId: `eipalloc-${i}` })) });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: Array.from({ length: natsInA }, (_, i) => ({ NatGatewayId: `nat-${i}`, SubnetId: 'subnet-a' })) });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'us-east-1a' }] });
  };
  const limits = (vpcs: number, eips: number, nat: number) => {
    quotas.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.vpcs.QuotaCode }).resolves({ Quota: { Value: vpcs } });
    quotas.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.eips.QuotaCode }).resolves({ Quota: { Value: eips } });
    quotas.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.natPerAz.QuotaCode }).resolves({ Quota: { Value: nat } });
  };

  test('headroom everywhere passes with the figures', async () => {
    usage(2, 1, 1);
    limits(5, 5, 5);
    expect(await runOne(networkQuotas, settings)).toMatchObject({ status: 'pass', message: 'VPCs 2/5; Elastic IPs 1/5; NAT gateways per zone 1/5' });
  });

  test('no VPC left fails; too few Elastic IPs only warns (regional NAT needs none)', async () => {
    usage(5, 4, 0);
    limits(5, 5, 5);
    const r = await runOne(networkQuotas, settings);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('5 of 5 VPCs are used');
    expect(r.message).toContain('4 of 5 Elastic IPs');
    expect(r.fix).toContain('VPCs per Region');
  });

  test('an unchanged quota falls back to the AWS default', async () => {
    usage(1, 0, 5);
    quotas.on(GetServiceQuotaCommand).rejects(awsError('NoSuchResourceException'));
    quotas.on(GetAWSDefaultServiceQuotaCommand).resolves({ Quota: { Value: 5 } });
    expect(await runOne(networkQuotas, settings)).toMatchObject({ status: 'fail', message: 'a zone already has 5 of 5 NAT gateways' });
  });

  test('Service Quotas access denied is a warning naming the API', async () => {
    usage(1, 0, 0);
    quotas.on(GetServiceQuotaCommand).rejects(awsError('AccessDeniedException'));
    expect(await runOne(networkQuotas, settings)).toMatchObject({ status: 'warn', message: expect.stringMatching(/^servicequotas:GetServiceQuota failed: AccessDeniedException/) });
  });
});

describe('network.regional-nat', () => {
  const cfn = mockClient(CloudFormationClient);
  beforeEach(() => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-default' }] });
    cfn.reset();
    cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
    // what CloudFormation answers for a stack that was never created
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id claude-gateway-network does not exist'));
  });

  const liveNetwork = (natMode: string) => cfn.on(DescribeStacksCommand, { StackName: settings.stackNames.network }).resolves({
    Stacks: [{ StackName: settings.stackNames.network, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-11-02T09:00:00Z'), Parameters: [{ ParameterKey: 'NatMode', ParameterValue: natMode }] }],
  });

  test('a live network stack keeps its zonal NAT although the region now offers regional NAT', async () => {
    liveNetwork('zonal');
    ec2.on(CreateNatGatewayCommand).rejects(awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'pass', message: expect.stringContaining('keeps'), data: { natMode: 'zonal' } });
  });

  test('a live network stack keeps its regional NAT when the dry run cannot be proven', async () => {
    liveNetwork('regional');
    ec2.on(CreateNatGatewayCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'pass', data: { natMode: 'regional' } });
  });

  test('not knowing the live stack fails without a mode: any guess could replace its NAT gateways', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:DescribeStacks'));
    const r = await runOne(networkRegionalNat, settings);
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/^cloudformation:DescribeStacks failed: AccessDenied/) });
    expect(r.data).toBeUndefined();
  });

  test('a dry run that answers DryRunOperation proves regional NAT; the result says natMode regional', async () => {
    ec2.on(CreateNatGatewayCommand, { DryRun: true, AvailabilityMode: 'regional', VpcId: 'vpc-default' }).rejects(awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'pass', data: { natMode: 'regional' } });
  });

  test('a region without it falls back to zonal NAT', async () => {
    ec2.on(CreateNatGatewayCommand).rejects(awsError('InvalidParameterValue', 'AvailabilityMode regional is not supported'));
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'pass', message: expect.stringContaining('cagw uses zonal NAT'), data: { natMode: 'zonal' } });
  });

  test('access denied is a warning with the API, and zonal NAT to be safe', async () => {
    ec2.on(CreateNatGatewayCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'warn', message: expect.stringMatching(/^ec2:CreateNatGateway \(dry run\) failed: UnauthorizedOperation/), data: { natMode: 'zonal' } });
  });

  test('no VPC to dry-run against: not proven, zonal', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    expect(await runOne(networkRegionalNat, settings)).toMatchObject({ status: 'warn', data: { natMode: 'zonal' } });
  });
});
