// The network stack prefers one regional NAT gateway (AWS-managed addresses, no Elastic IP per
// zone). Not every region has it: a dry-run create tells, without creating anything, and the
// result says which NatMode the deployer should pass (data.natMode).
import { CreateNatGatewayCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { pass, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorName } from '../aws-failure.ts';

export type NatMode = 'regional' | 'zonal';
const withMode = (outcome: CheckOutcome, natMode: NatMode): CheckOutcome => ({ ...outcome, data: { natMode } });

// What EC2 answers a dry run the region cannot honour with.
const NOT_OFFERED = new Set(['InvalidParameterValue', 'InvalidParameter', 'InvalidParameterCombination', 'UnsupportedOperation', 'InvalidRequest']);

export const networkRegionalNat: PreflightCheck = {
  id: 'network.regional-nat',
  title: 'regional NAT is available (else zonal NAT)',
  needs: 'aws',
  reads: ['AWS_REGION'],
  async run({ aws, settings, signal }) {
    let vpcId: string | undefined;
    try {
      const { Vpcs = [] } = await aws.ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }), { abortSignal: signal });
      vpcId = Vpcs[0]?.VpcId;
    } catch (e) {
      return withMode(awsCallFailed('ec2:DescribeVpcs', e, 'warn'), 'zonal');
    }
    if (!vpcId) return withMode(warn(`no VPC in ${settings.AWS_REGION} to dry-run a regional NAT gateway against, so it is not proven`, 'nothing to do: cagw uses zonal NAT (one NAT gateway and Elastic IP per zone)'), 'zonal');
    try {
      await aws.ec2.send(new CreateNatGatewayCommand({ DryRun: true, AvailabilityMode: 'regional', VpcId: vpcId }), { abortSignal: signal });
    } catch (e) {
      const name = errorName(e);
      if (name === 'DryRunOperation') return withMode(pass(`regional NAT is available in ${settings.AWS_REGION}`), 'regional');
      if (NOT_OFFERED.has(name)) return withMode(pass(`regional NAT is not offered in ${settings.AWS_REGION} (${name}): cagw uses zonal NAT, one NAT gateway and Elastic IP per zone`), 'zonal');
      return withMode(awsCallFailed('ec2:CreateNatGateway (dry run)', e, 'warn'), 'zonal');
    }
    // A dry run that succeeds without DryRunOperation would have created something: never expected.
    return withMode(warn('the dry run of a regional NAT gateway did not answer DryRunOperation', 'check the EC2 console for a NAT gateway cagw did not mean to create'), 'regional');
  },
};
