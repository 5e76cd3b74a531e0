// In an existing VPC (VPC_ID) the network stack creates no VPC, subnet or NAT gateway, so the
// checks of what it would create (quotas, the subnet layout carved from VPC_CIDR, overlap with
// other VPCs, the regional NAT) have nothing to judge: they skip, saying why, and
// network.existing-vpc judges the landing zone's subnets instead. Without VPC_ID they run.
import { describe, expect, test } from 'vitest';
import type { PreflightCheck } from '../check.ts';
import { settingsFrom } from '../test-support.ts';
import { networkQuotas } from './network-quotas.ts';
import { networkRegionalNat } from './network-regional-nat.ts';
import { networkSubnetLayout } from './network-subnet-layout.ts';
import { networkVpcOverlap } from './network-vpc-overlap.ts';

const LANDING_ZONE = {
  VPC_ID: 'vpc-0a1b2c3d4e5f60718', VPC_CIDR: '10.80.0.0/16',
  PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60711,subnet-0a1b2c3d4e5f60722',
  LOAD_BALANCER_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60733,subnet-0a1b2c3d4e5f60744',
};

describe.each<[string, PreflightCheck]>([
  ['network.quotas', networkQuotas], ['network.regional-nat', networkRegionalNat], ['network.subnet-layout', networkSubnetLayout], ['network.vpc-overlap', networkVpcOverlap],
])('%s', (_, check) => {
  test('skips in an existing VPC, naming VPC_ID and the check that looks at it instead', () => {
    expect(check.skipReason?.(settingsFrom(LANDING_ZONE))).toMatch(/^VPC_ID: .*network\.existing-vpc/);
  });
  test('runs when the network stack makes its own VPC', () => {
    expect(check.skipReason?.(settingsFrom({}))).toBeUndefined();
  });
});
