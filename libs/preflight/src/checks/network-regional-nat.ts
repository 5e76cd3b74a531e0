// The network stack prefers one regional NAT gateway (AWS-managed addresses, no Elastic IP per
// zone). Not every region has it: a dry-run create tells, without creating anything, and the
// result says which NatMode the deployer passes to the network stack (data.natMode). A network
// stack that already exists keeps the mode it was created with: switching would replace its NAT
// gateways, and a dry run that cannot be proven (no VPC yet, no permission) must not do that.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateNatGatewayCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { pass, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName } from '../aws-failure.ts';

export type NatMode = 'regional' | 'zonal';
const withMode = (outcome: CheckOutcome, natMode: NatMode): CheckOutcome => ({ ...outcome, data: { natMode } });

// What EC2 answers a dry run the region cannot honour with.
const NOT_OFFERED = new Set(['InvalidParameterValue', 'InvalidParameter', 'InvalidParameterCombination', 'UnsupportedOperation', 'InvalidRequest']);

export const networkRegionalNat: PreflightCheck = {
  id: 'network.regional-nat',
  title: 'regional NAT is available (else zonal NAT)',
  needs: 'aws',
  reads: ['AWS_REGION', 'STACK_PREFIX', 'VPC_ID'],
  // in an existing VPC (VPC_ID) the network stack makes no VPC, subnet or NAT gateway to check
  skipReason: (s) => (s.VPC_ID ? 'VPC_ID: the network stack creates no VPC, subnet or NAT gateway here (network.existing-vpc checks the landing zone)' : undefined),
  async run({ aws, settings, signal }) {
    const network = settings.stackNames.network;
    try {
      const { Stacks = [] } = await aws.cloudFormation.send(new DescribeStacksCommand({ StackName: network }), { abortSignal: signal });
      const live = Stacks[0];
      if (live && live.StackStatus !== 'REVIEW_IN_PROGRESS' && live.StackStatus !== 'DELETE_COMPLETE') {
        const mode = live.Parameters?.find((p) => p.ParameterKey === 'NatMode')?.ParameterValue === 'zonal' ? 'zonal' : 'regional';
        return withMode(pass(`the network stack ${network} exists with ${mode} NAT, which it keeps (changing it would replace its NAT gateways)`), mode);
      }
    } catch (e) {
      // "Stack with id … does not exist" is a ValidationError: a first deploy
      if (!(errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e)))) {
        // not knowing the live mode, any answer could replace a working NAT
        return awsCallFailed('cloudformation:DescribeStacks', e);
      }
    }
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
