// network.existing-vpc against a landing zone held by a small EC2 fake: its answers have the
// shape moto's EC2 gives (DescribeVpcs CidrBlock, DescribeSubnets AvailableIpAddressCount,
// DescribeRouteTables Associations with Main or SubnetId, Routes with NatGatewayId/GatewayId),
// and unknown ids are refused with InvalidVpcID.NotFound / InvalidSubnetID.NotFound as EC2 does
// ("Error codes for the Amazon EC2 API", docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
import { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, type RouteTable, type Subnet } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { networkExistingVpc } from './network-existing-vpc.ts';

const VPC = 'vpc-0a1b2c3d4e5f60718';
const subnet = (id: string, az: string, cidr: string, free: number, vpc = VPC): Subnet => ({ SubnetId: id, VpcId: vpc, AvailabilityZone: az, CidrBlock: cidr, AvailableIpAddressCount: free });
const ec2 = mockClient(EC2Client);

interface LandingZone { vpcs: Record<string, string>; subnets: Subnet[]; tables: RouteTable[] }
function landingZone(): LandingZone {
  return {
    vpcs: { [VPC]: '10.80.0.0/16' },
    subnets: [
      subnet('subnet-0a1b2c3d4e5f60711', 'us-east-1a', '10.80.0.0/24', 251), subnet('subnet-0a1b2c3d4e5f60722', 'us-east-1b', '10.80.1.0/24', 251),
      subnet('subnet-0a1b2c3d4e5f60733', 'us-east-1a', '10.80.4.0/27', 27), subnet('subnet-0a1b2c3d4e5f60744', 'us-east-1b', '10.80.5.0/27', 27),
    ],
    tables: [
      { RouteTableId: 'rtb-main', VpcId: VPC, Associations: [{ Main: true, RouteTableId: 'rtb-main' }], Routes: [{ DestinationCidrBlock: '10.80.0.0/16', GatewayId: 'local', State: 'active' }] },
      { RouteTableId: 'rtb-private', VpcId: VPC, Associations: ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722'].map((s) => ({ Main: false, SubnetId: s, RouteTableId: 'rtb-private' })),
        Routes: [{ DestinationCidrBlock: '10.80.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0305fb5b858960b09', State: 'active' }] },
    ],
  };
}
let zone: LandingZone;
beforeEach(() => {
  zone = landingZone();
  ec2.reset();
  ec2.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  ec2.on(DescribeVpcsCommand).callsFake(({ VpcIds = [] }: { VpcIds?: string[] }) => {
    const unknown = VpcIds.filter((id) => !zone.vpcs[id]);
    if (unknown.length > 0) throw awsError('InvalidVpcID.NotFound', `The vpc ID '${unknown[0]}' does not exist`);
    return { Vpcs: VpcIds.map((id) => ({ VpcId: id, CidrBlock: zone.vpcs[id] })) };
  });
  ec2.on(DescribeSubnetsCommand).callsFake(({ SubnetIds = [] }: { SubnetIds?: string[] }) => {
    const unknown = SubnetIds.filter((id) => !zone.subnets.some((s) => s.SubnetId === id));
    if (unknown.length > 0) throw awsError('InvalidSubnetID.NotFound', `The subnet ID '${unknown[0]}' does not exist`);
    return { Subnets: zone.subnets.filter((s) => SubnetIds.includes(s.SubnetId ?? '')) };
  });
  ec2.on(DescribeRouteTablesCommand).callsFake(({ Filters = [] }: { Filters?: { Name?: string; Values?: string[] }[] }) => {
    const vpc = Filters.find((f) => f.Name === 'vpc-id')?.Values ?? [];
    return { RouteTables: zone.tables.filter((t) => vpc.includes(t.VpcId ?? '')) };
  });
});

const profile = (more: Record<string, string> = {}) => settingsFrom({
  VPC_ID: VPC, VPC_CIDR: '10.80.0.0/16', PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60711,subnet-0a1b2c3d4e5f60722',
  LOAD_BALANCER_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60733,subnet-0a1b2c3d4e5f60744', ...more,
});
const set = (id: string, change: Partial<Subnet>) => Object.assign(zone.subnets.find((s) => s.SubnetId === id)!, change);

describe('network.existing-vpc', () => {
  test('a landing zone with two AZs, NAT egress, /27 load-balancer subnets and room passes; without VPC_ID it is skipped', async () => {
    expect(await runOne(networkExistingVpc, profile())).toMatchObject({ status: 'pass', message: expect.stringContaining(`${VPC} (10.80.0.0/16)`) });
    expect(await runOne(networkExistingVpc, settingsFrom({}))).toMatchObject({ status: 'skip', message: expect.stringContaining('no VPC_ID') });
  });

  test('a VPC or subnet that does not exist fails naming it, with where to look', async () => {
    expect(await runOne(networkExistingVpc, profile({ VPC_ID: 'vpc-0123456789abcdef0' }))).toMatchObject({ status: 'fail', message: 'VPC_ID vpc-0123456789abcdef0 does not exist in us-east-1', fix: expect.stringContaining('aws ec2 describe-vpcs') });
    expect(await runOne(networkExistingVpc, profile({ PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60711,subnet-0123456789abcdef0' }))).toMatchObject({ status: 'fail', message: expect.stringContaining("'subnet-0123456789abcdef0' does not exist") });
  });

  test('one AZ, a /28 for the load balancer, a full private subnet, another VPC\'s subnet and a wrong VPC_CIDR each fail, all in one report', async () => {
    set('subnet-0a1b2c3d4e5f60722', { AvailabilityZone: 'us-east-1a' });
    set('subnet-0a1b2c3d4e5f60744', { CidrBlock: '10.80.5.0/28' });
    set('subnet-0a1b2c3d4e5f60711', { AvailableIpAddressCount: 9 });
    set('subnet-0a1b2c3d4e5f60733', { VpcId: 'vpc-0a1b2c3d4e5f60719' });
    const r = await runOne(networkExistingVpc, profile({ VPC_CIDR: '10.81.0.0/16' }));
    expect(r.status).toBe('fail');
    // (then the warning that the load-balancer subnets lie outside the blocks carved from 10.81.0.0/16)
    expect(r.message.split('; ').slice(0, 5)).toEqual([
      `VPC_CIDR is 10.81.0.0/16, but ${VPC}'s primary CIDR is 10.80.0.0/16`,
      `subnet-0a1b2c3d4e5f60733 (in vpc-0a1b2c3d4e5f60719) not in VPC_ID ${VPC}`,
      'PRIVATE_SUBNET_IDS spans 1 availability zone (us-east-1a), but the RDS DB subnet group needs subnets in at least two',
      'load-balancer subnet subnet-0a1b2c3d4e5f60744 is 10.80.5.0/28, but an Application Load Balancer needs /27 or larger',
      'private subnet subnet-0a1b2c3d4e5f60711 (10.80.0.0/24) has 9 free addresses, but it needs 14 (MAX_TASKS=10 during a rolling deploy, the database and its standby, the VPN and the collector)',
    ]);
    expect(r.fix).toContain('set VPC_CIDR=10.80.0.0/16');
    expect(r.fix).toContain('lower MAX_TASKS to 5');
  });

  test('a load-balancer subnet with fewer than 8 free addresses fails; VPC endpoints need one address each in the private subnets', async () => {
    set('subnet-0a1b2c3d4e5f60733', { AvailableIpAddressCount: 7 });
    expect((await runOne(networkExistingVpc, profile())).message).toBe('load-balancer subnet subnet-0a1b2c3d4e5f60733 has 7 free addresses, but an Application Load Balancer needs 8');
    set('subnet-0a1b2c3d4e5f60733', { AvailableIpAddressCount: 8 });
    set('subnet-0a1b2c3d4e5f60722', { AvailableIpAddressCount: 20 });
    expect((await runOne(networkExistingVpc, profile())).status).toBe('pass');
    expect((await runOne(networkExistingVpc, profile({ ENABLE_VPC_ENDPOINTS: 'true' }))).message).toContain('has 20 free addresses, but it needs 22');
  });

  test('egress: the main table without a default route fails (a warning with VPC endpoints), an internet gateway fails, a transit gateway warns', async () => {
    const privateTable = zone.tables[1]!;
    privateTable.Associations = privateTable.Associations!.filter((a) => a.SubnetId !== 'subnet-0a1b2c3d4e5f60722');
    expect(await runOne(networkExistingVpc, profile())).toMatchObject({ status: 'fail', message: 'private subnet subnet-0a1b2c3d4e5f60722 (route table rtb-main) has no route to 0.0.0.0/0 through a NAT gateway: the tasks could reach neither the IdP nor Bedrock' });
    expect(await runOne(networkExistingVpc, profile({ ENABLE_VPC_ENDPOINTS: 'true' }))).toMatchObject({ status: 'warn', message: expect.stringContaining('has no default route: the AWS APIs go through the VPC endpoints') });
    zone.tables[0]!.Routes!.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0', State: 'active' });
    expect(await runOne(networkExistingVpc, profile())).toMatchObject({ status: 'fail', message: expect.stringContaining('routes 0.0.0.0/0 to internet gateway igw-0123456789abcdef0: it is a public subnet') });
    zone.tables[0]!.Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0123456789abcdef0', State: 'active' };
    expect(await runOne(networkExistingVpc, profile())).toMatchObject({ status: 'warn', message: expect.stringContaining('transit gateway tgw-0123456789abcdef0') });
  });

  test('trusted proxies: carved blocks covering a private subnet fail (VPN users could forge client_ip); load-balancer subnets outside them warn', async () => {
    // the rendered config trusts 10.80.4.0/24 and 10.80.5.0/24, carved from VPC_CIDR 10.80.0.0/16
    set('subnet-0a1b2c3d4e5f60722', { CidrBlock: '10.80.5.128/25' });
    set('subnet-0a1b2c3d4e5f60744', { CidrBlock: '10.80.6.0/27' });
    const r = await runOne(networkExistingVpc, profile());
    expect(r.status).toBe('fail');
    expect(r.message.split('; ')).toEqual([
      "the gateway's trusted proxies (10.80.4.0/24, 10.80.5.0/24, carved from VPC_CIDR) cover private subnet subnet-0a1b2c3d4e5f60722 (10.80.5.128/25), where VPN users sit: they could forge their client address",
      "load-balancer subnet subnet-0a1b2c3d4e5f60744 (10.80.6.0/27) is outside the gateway's trusted proxies (10.80.4.0/24, 10.80.5.0/24, carved from VPC_CIDR): the gateway sees every client as the load balancer, and its per-address sign-in limits count everyone together",
    ]);
  });

  test('an EC2 error is a failure naming the API', async () => {
    ec2.on(DescribeRouteTablesCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await runOne(networkExistingVpc, profile())).toMatchObject({ status: 'fail', message: expect.stringMatching(/^ec2:DescribeRouteTables failed: UnauthorizedOperation/) });
  });
});
