// A new VPC whose block overlaps one already in the account cannot be peered or attached to a
// transit gateway with it later, and routes to it would be ambiguous.
import { paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { pass, warn, type PreflightCheck } from '../check.ts';
import { awsCallFailed } from '../aws-failure.ts';
import { cidrsOverlap } from './network-cidrs.ts';

export const networkVpcOverlap: PreflightCheck = {
  id: 'network.vpc-overlap',
  title: 'VPC_CIDR does not overlap the account\'s VPCs',
  needs: 'aws',
  reads: ['VPC_CIDR', 'STACK_PREFIX', 'VPC_ID'],
  // in an existing VPC (VPC_ID) the network stack makes no VPC, subnet or NAT gateway to check
  skipReason: (s) => (s.VPC_ID ? 'VPC_ID: the network stack creates no VPC, subnet or NAT gateway here (network.existing-vpc checks the landing zone)' : undefined),
  async run({ aws, settings: s, signal }) {
    const vpcCidr = s.VPC_CIDR!;
    const clashes: string[] = [];
    try {
      for await (const page of paginateDescribeVpcs({ client: aws.ec2 }, {})) {
        for (const vpc of page.Vpcs ?? []) {
          // our own network stack's VPC carries the same block by design
          if (vpc.Tags?.some((t) => t.Key === 'aws:cloudformation:stack-name' && t.Value === s.stackNames.network)) continue;
          const blocks = (vpc.CidrBlockAssociationSet ?? []).map((b) => b.CidrBlock).filter((b): b is string => Boolean(b));
          for (const block of blocks) if (cidrsOverlap(block, vpcCidr)) clashes.push(`${vpc.VpcId ?? '?'} (${block})`);
        }
        if (signal.aborted) break;
      }
    } catch (e) {
      return awsCallFailed('ec2:DescribeVpcs', e, 'warn');
    }
    return clashes.length
      ? warn(`VPC_CIDR ${vpcCidr} overlaps existing VPC(s) ${clashes.join(', ')}: they can never be peered or share a transit gateway`, 'choose a VPC_CIDR that no existing VPC uses, if the gateway must reach them or be reached through them')
      : pass(`no existing VPC overlaps ${vpcCidr}`);
  },
};
