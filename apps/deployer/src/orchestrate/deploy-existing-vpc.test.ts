// profiles/existing-vpc.env on the strict fake: the deploy puts cagw's stacks into the landing
// zone's VPC without creating any network (no VPC, subnet, route, NAT, internet gateway or flow
// log), every stack gets the landing zone's ids, and destroy deletes cagw's stacks only.
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseTemplate } from '@cagw/cloudformation';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { destroyDeployment } from './destroy-deployment.ts';
import { stacksOf } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { LANDING_ZONE_SUBNETS, LANDING_ZONE_VPCS, seedLandingZone } from './testing/landing-zone.ts';
import { planForProfile } from './testing/profile-fixture.ts';
import { TEST_WAITS, testDeployContext } from './testing/test-deploy-context.ts';

const { mock: cfnMock, fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 20 });
const rdsMock = mockClient(RDSClient);
const secretsMock = mockClient(SecretsManagerClient);
const rds = new RDSClient({ region: 'us-east-1' });
const secrets = new SecretsManagerClient({ region: 'us-east-1' });

/** What a landing zone owns: the network stack must make none of these in an existing VPC. */
const NETWORK_TYPES = new Set([
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::RouteTable', 'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::FlowLog',
]);

beforeEach(() => {
  seedLandingZone(fake);
  rdsMock.reset();
  secretsMock.reset();
  rdsMock.on(ModifyDBInstanceCommand).callsFake(async (i) => {
    if (i.DeletionProtection === false) fake.liftDeletionProtection(i.DBInstanceIdentifier);
    return {};
  });
  rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
  rdsMock.on(DescribeDBSnapshotsCommand).callsFake(async () => ({ DBSnapshots: fake.snapshots.map((id, n) => ({ DBSnapshotIdentifier: id, SnapshotCreateTime: new Date(n) })) }));
  secretsMock.on(DescribeSecretCommand).callsFake(async (i) => ({ ARN: i.SecretId }));
  secretsMock.on(DeleteSecretCommand).resolves({});
});

test('existing-vpc.env deploys into the landing zone\'s VPC creating no network, and destroy deletes only cagw\'s stacks', async () => {
  const { plan, settings } = await planForProfile('existing-vpc.env');
  const deployed = await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn)));
  expect(deployed.failure).toBeUndefined();
  expect(deployed.result).toBe('deployed');

  const network = stacksOf(plan).find((s) => s.id === 'network')!;
  const types = Object.fromEntries(Object.entries(parseTemplate(network.templateBody, 'network.yaml').body.Resources as Record<string, { Type: string }>).map(([id, r]) => [id, r.Type]));
  const made = Object.keys(fake.resourcesOf(network.stackName));
  expect(made.filter((id) => NETWORK_TYPES.has(types[id] ?? ''))).toEqual([]);
  // what cagw still makes in the VPC: its security groups (and the image repository)
  expect(made).toEqual(expect.arrayContaining(['AlbSecurityGroup', 'TaskSecurityGroup', 'DatabaseSecurityGroup']));

  // every stack is wired to the landing zone's VPC and subnets
  expect(fake.outputsOf(network.stackName)).toMatchObject({ VpcId: settings.VPC_ID, PrivateSubnetIds: settings.PRIVATE_SUBNET_IDS.join(','), LoadBalancerSubnetIds: settings.LOAD_BALANCER_SUBNET_IDS.join(',') });
  const gateway = stacksOf(plan).find((s) => s.id === 'gateway')!;
  expect(fake.parametersOf(gateway.stackName)).toMatchObject({ VpcId: settings.VPC_ID, LoadBalancerSubnetIds: settings.LOAD_BALANCER_SUBNET_IDS.join(',') });
  expect(fake.parametersOf(stacksOf(plan).find((s) => s.id === 'database')!.stackName).PrivateSubnetIds).toBe(settings.PRIVATE_SUBNET_IDS.join(','));

  const landingZone = new Set<string>([...LANDING_ZONE_VPCS, ...LANDING_ZONE_SUBNETS]);
  const owned = stacksOf(plan).flatMap((s) => Object.values(fake.resourcesOf(s.stackName)));
  expect(owned.filter((id) => landingZone.has(id))).toEqual([]);

  const destroyed = await advanceUntilSettled(destroyDeployment(plan, { cfn, rds, secrets }, { host: { progress: () => {}, notify: () => {} }, ...TEST_WAITS }));
  expect(destroyed.failure).toBeUndefined();
  expect(fake.stackNames()).toEqual([]);
  // destroy asks CloudFormation to delete cagw's stacks, nothing else (it has no EC2 client at all)
  const deletes = cfnMock.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName);
  expect([...new Set(deletes)].sort()).toEqual(stacksOf(plan).map((s) => s.stackName).sort());
});

test('with ENABLE_VPC_ENDPOINTS the interface endpoints go into the landing zone\'s private subnets, and no S3 gateway endpoint touches its route tables', async () => {
  const { plan, settings } = await planForProfile('existing-vpc.env', {}, { ENABLE_VPC_ENDPOINTS: 'true' });
  expect((await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn)))).failure).toBeUndefined();
  const made = fake.resourcesOf(stacksOf(plan).find((s) => s.id === 'network')!.stackName);
  expect(made.S3Endpoint).toBeUndefined();
  const endpoint = fake.propertiesOfResource('AWS::EC2::VPCEndpoint', made.BedrockRuntimeEndpoint!);
  expect(endpoint?.VpcId).toBe(settings.VPC_ID);
  // the fake keeps Fn::Split unresolved in the properties it records: the list it splits is the profile's
  expect(JSON.stringify(endpoint?.SubnetIds)).toContain(`"${settings.PRIVATE_SUBNET_IDS.join(',')}"`);
});
