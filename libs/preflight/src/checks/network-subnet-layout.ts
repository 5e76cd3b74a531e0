// The network stack's VPC and subnets cannot change under a running deployment: a new VpcCidr
// replaces the VPC, and new SubnetHostBits replace every subnet, which fails while tasks, the
// database and the load balancers sit in them. A network stack made before the load-balancer
// subnets existed keeps its layout when VPC_CIDR is /21 or larger (the first four subnets are
// the same); a /22 had no room left and must move to a larger VPC.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { subnetLayout } from '@cagw/profile';
import { fail, pass, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName } from '../aws-failure.ts';

export const networkSubnetLayout: PreflightCheck = {
  id: 'network.subnet-layout',
  title: 'the live network stack keeps its VPC and subnets',
  needs: 'aws',
  reads: ['VPC_CIDR', 'STACK_PREFIX', 'VPC_ID'],
  // in an existing VPC (VPC_ID) the network stack makes no VPC, subnet or NAT gateway to check
  skipReason: (s) => (s.VPC_ID ? 'VPC_ID: the network stack creates no VPC, subnet or NAT gateway here (network.existing-vpc checks the landing zone)' : undefined),
  async run({ aws, settings, signal }) {
    const network = settings.stackNames.network;
    let parameters: Record<string, string | undefined>;
    try {
      const { Stacks = [] } = await aws.cloudFormation.send(new DescribeStacksCommand({ StackName: network }), { abortSignal: signal });
      const live = Stacks[0];
      if (!live || live.StackStatus === 'REVIEW_IN_PROGRESS') return pass(`no network stack ${network} yet: its subnets are carved from ${settings.VPC_CIDR}`);
      parameters = Object.fromEntries((live.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue]));
    } catch (e) {
      if (errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e))) return pass(`no network stack ${network} yet: its subnets are carved from ${settings.VPC_CIDR}`);
      return awsCallFailed('cloudformation:DescribeStacks', e);
    }
    const liveCidr = parameters.VpcCidr;
    if (liveCidr && liveCidr !== settings.VPC_CIDR) {
      return fail(`VPC_CIDR is ${settings.VPC_CIDR}, but the network stack ${network} was made with ${liveCidr}: CloudFormation would replace the VPC under the running deployment`, `set VPC_CIDR=${liveCidr} again, or deploy the new range under another STACK_PREFIX`);
    }
    const wanted = subnetLayout(settings.VPC_CIDR)?.hostBits;
    const liveBits = parameters.SubnetHostBits ?? '8';
    if (wanted !== undefined && String(wanted) !== liveBits) {
      return fail(
        `the network stack ${network} has /${32 - Number(liveBits)} subnets, but the six subnets of ${settings.VPC_CIDR} (load-balancer subnets included) must be /${32 - wanted}: CloudFormation would replace every subnet in use`,
        'deploy under another STACK_PREFIX with a VPC_CIDR of /21 or larger (which keeps /24 subnets), move the team over, then cagw destroy the old deployment',
      );
    }
    return pass(`the network stack ${network} keeps ${settings.VPC_CIDR} and its /${32 - Number(liveBits)} subnets`);
  },
};
