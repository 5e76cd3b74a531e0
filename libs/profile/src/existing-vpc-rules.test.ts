// An existing VPC (VPC_ID) comes with its subnets, named in the profile: refused before any
// AWS call when they are missing, too few, repeated or shared between the two lists.
import { describe, expect, test } from 'vitest';
import { loadWith } from './test-support.ts';

const VPC = 'vpc-0123456789abcdef0';
const PRIVATE = 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788';
const LB = 'subnet-01234567,subnet-89abcdef';
const problems = (changes: Record<string, string | undefined>) => loadWith({ VPC_CIDR: '10.60.0.0/16', ...changes }).problems
  .map((p) => ({ variable: p.variable, message: p.message, fix: p.fix }));

describe('an existing VPC', () => {
  test('VPC_ID with both subnet lists loads, into typed settings', () => {
    const loaded = loadWith({ VPC_ID: VPC, PRIVATE_SUBNET_IDS: PRIVATE, LOAD_BALANCER_SUBNET_IDS: LB });
    expect(loaded.problems).toEqual([]);
    expect(loaded.settings).toMatchObject({ VPC_ID: VPC, PRIVATE_SUBNET_IDS: PRIVATE.split(','), LOAD_BALANCER_SUBNET_IDS: LB.split(',') });
  });

  test('VPC_ID without subnets names both lists, what they are for and how to write them', () => {
    expect(problems({ VPC_ID: VPC })).toEqual([
      { variable: 'PRIVATE_SUBNET_IDS', message: `is required with VPC_ID=${VPC} (an existing VPC): cagw creates no subnets there`, fix: expect.stringMatching(/^set PRIVATE_SUBNET_IDS=subnet-…,subnet-… \(private subnets .* NAT gateway, in two or more AZs of vpc-0123456789abcdef0\)$/) },
      { variable: 'LOAD_BALANCER_SUBNET_IDS', message: `is required with VPC_ID=${VPC} (an existing VPC): cagw creates no subnets there`, fix: expect.stringContaining('internal load balancers') },
    ]);
  });

  test('one subnet, a repeated one, or one in both lists is refused, naming the list', () => {
    expect(problems({ VPC_ID: VPC, PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60718', LOAD_BALANCER_SUBNET_IDS: LB })).toEqual([
      { variable: 'PRIVATE_SUBNET_IDS', message: expect.stringContaining('lists 1 subnet, but the load balancer and the RDS DB subnet group each need subnets in at least two AZs'), fix: expect.stringContaining('set PRIVATE_SUBNET_IDS=') },
    ]);
    expect(problems({ VPC_ID: VPC, PRIVATE_SUBNET_IDS: PRIVATE, LOAD_BALANCER_SUBNET_IDS: 'subnet-01234567,subnet-01234567' }).map((p) => p.message))
      .toEqual(['lists subnet-01234567 more than once']);
    expect(problems({ VPC_ID: VPC, PRIVATE_SUBNET_IDS: PRIVATE, LOAD_BALANCER_SUBNET_IDS: 'subnet-01234567,subnet-0f1e2d3c4b5a69788' })).toEqual([
      { variable: 'LOAD_BALANCER_SUBNET_IDS', message: expect.stringContaining('shares subnet-0f1e2d3c4b5a69788 with PRIVATE_SUBNET_IDS'), fix: expect.stringContaining('subnets of their own') },
    ]);
  });

  test('subnets without VPC_ID are refused: cagw would build its own VPC and ignore them', () => {
    expect(problems({ PRIVATE_SUBNET_IDS: PRIVATE })).toEqual([
      { variable: 'PRIVATE_SUBNET_IDS', message: expect.stringContaining('is set without VPC_ID'), fix: expect.stringContaining('set VPC_ID to the VPC that holds them') },
    ]);
  });

  test('an existing VPC is not carved, so a VPC_CIDR too small for six subnets is not refused with VPC_ID', () => {
    expect(problems({ VPC_CIDR: '10.60.0.0/24', MAX_TASKS: '30', DB_INSTANCE_CLASS: 'db.t4g.medium' }).map((p) => p.variable)).toEqual(['VPC_CIDR']);
    expect(problems({ VPC_CIDR: '10.60.0.0/24', MAX_TASKS: '30', DB_INSTANCE_CLASS: 'db.t4g.medium', VPC_ID: VPC, PRIVATE_SUBNET_IDS: PRIVATE, LOAD_BALANCER_SUBNET_IDS: LB })).toEqual([]);
  });
});
