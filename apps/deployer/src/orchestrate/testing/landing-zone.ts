// An organisation's landing zone as the strict fake sees it: VPCs and subnets that exist in
// the account outside every stack (profiles/existing-vpc.env names some of them). cagw never
// creates or deletes these; a profile's VPC_ID and subnet lists may name only them, as in an
// account where preflight (network.existing-vpc) passed.
import type { FakeCloudFormation } from '@cagw/strict-cloudformation';

export const LANDING_ZONE_VPCS = ['vpc-0a1b2c3d4e5f60718', 'vpc-0a1b2c3d4e5f60719'] as const;
export const LANDING_ZONE_SUBNETS = [
  'subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722', 'subnet-0a1b2c3d4e5f60733', 'subnet-0a1b2c3d4e5f60744',
  'subnet-0a1b2c3d4e5f60755', 'subnet-0a1b2c3d4e5f60766', 'subnet-0a1b2c3d4e5f60777', 'subnet-0a1b2c3d4e5f60788',
] as const;

/** The landing zone's VPCs and subnets exist in the fake's account (after each reset). */
export function seedLandingZone(fake: FakeCloudFormation): void {
  for (const id of LANDING_ZONE_VPCS) fake.seedExisting('AWS::EC2::VPC', id);
  for (const id of LANDING_ZONE_SUBNETS) fake.seedExisting('AWS::EC2::Subnet', id);
}
