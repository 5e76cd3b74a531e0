// A profile with VPC_ID plans a network stack that creates no network: the landing zone's VPC
// and subnets are passed in, and nothing about carving, NAT or flow logs is.
import { expect, test } from 'vitest';
import { formatPlan, planJson } from '../cli/format-plan.ts';
import { planForProfile } from './testing/profile-fixture.ts';

test('profiles/existing-vpc.env passes the VPC and its subnets to the network stack, and cagw plan says no network is created', async () => {
  const { plan } = await planForProfile('existing-vpc.env');
  const network = planJson(plan).stacks.find((s) => s.name === 'claude-gateway-network')?.parameters ?? {};
  expect(network).toMatchObject({
    VpcCidr: '10.80.0.0/16',
    ExistingPrivateSubnetIds: 'subnet-0a1b2c3d4e5f60711,subnet-0a1b2c3d4e5f60722',
    ExistingLoadBalancerSubnetIds: 'subnet-0a1b2c3d4e5f60733,subnet-0a1b2c3d4e5f60744',
  });
  expect(Object.keys(network).filter((k) => ['NatMode', 'SubnetHostBits', 'EnableFlowLogs'].includes(k))).toEqual([]);
  expect(formatPlan(plan)).toMatch(/^ {2}ExistingVpcId +vpc-0a1b2c3d4e5f60718 \(existing: no VPC, subnet, route table, NAT gateway or flow log is created\)$/m);
  // the value CloudFormation receives is the id alone
  const stack = plan.nodes.find((n) => n.kind === 'stack' && n.id === 'network');
  expect(stack?.kind === 'stack' && stack.parameters.ExistingVpcId).toMatchObject({ kind: 'value', value: 'vpc-0a1b2c3d4e5f60718' });
});

test('without VPC_ID the network stack carves its own VPC as before', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const network = planJson(plan).stacks.find((s) => s.name === 'claude-gateway-network')?.parameters ?? {};
  expect(Object.keys(network)).toEqual(expect.arrayContaining(['NatMode', 'SubnetHostBits', 'EnableFlowLogs']));
  expect(Object.keys(network).filter((k) => k.startsWith('Existing'))).toEqual([]);
});
