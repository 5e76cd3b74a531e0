// The network stack adds one VPC, up to two Elastic IPs (zonal NAT) and a NAT gateway per
// zone: a quota without headroom fails it half-way, after other stacks were created.
import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { combineOutcomes, fail, pass, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';

export const QUOTAS = {
  vpcs: { ServiceCode: 'vpc', QuotaCode: 'L-F678F1CE', name: 'VPCs per Region' },
  eips: { ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3', name: 'EC2-VPC Elastic IPs' },
  natPerAz: { ServiceCode: 'vpc', QuotaCode: 'L-FE5A380F', name: 'NAT gateways per Availability Zone' },
} as const;

/** The applied quota, or AWS's default when the account never changed it. */
async function quotaValue(q: (typeof QUOTAS)[keyof typeof QUOTAS], ctx: CheckContext): Promise<number> {
  const input = { ServiceCode: q.ServiceCode, QuotaCode: q.QuotaCode };
  try {
    return (await ctx.aws.serviceQuotas.send(new GetServiceQuotaCommand(input), { abortSignal: ctx.signal })).Quota?.Value ?? 0;
  } catch (e) {
    if (!isNotFound(e, 'NoSuchResourceException')) throw e;
    return (await ctx.aws.serviceQuotas.send(new GetAWSDefaultServiceQuotaCommand(input), { abortSignal: ctx.signal })).Quota?.Value ?? 0;
  }
}

async function usage(ctx: CheckContext): Promise<{ vpcs: number; eips: number; busiestAzNats: number }> {
  const opts = { abortSignal: ctx.signal };
  const [{ Vpcs = [] }, { Addresses = [] }, { NatGateways = [] }] = await Promise.all([
    ctx.aws.ec2.send(new DescribeVpcsCommand({}), opts),
    ctx.aws.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'domain', Values: ['vpc'] }] }), opts),
    ctx.aws.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'state', Values: ['pending', 'available'] }] }), opts),
  ]);
  const subnetIds = [...new Set(NatGateways.map((n) => n.SubnetId).filter((id): id is string => Boolean(id)))];
  const { Subnets = [] } = subnetIds.length ? await ctx.aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }), opts) : {};
  const azOf = new Map(Subnets.map((s) => [s.SubnetId, s.AvailabilityZone]));
  const perAz = new Map<string, number>();
  for (const n of NatGateways) {
    const az = azOf.get(n.SubnetId) ?? 'regional';
    perAz.set(az, (perAz.get(az) ?? 0) + 1);
  }
  return { vpcs: Vpcs.length, eips: Addresses.length, busiestAzNats: Math.max(0, ...perAz.values()) };
}

export const networkQuotas: PreflightCheck = {
  id: 'network.quotas',
  title: 'VPC, Elastic IP and NAT gateway quotas have headroom',
  needs: 'aws',
  reads: ['AWS_REGION', 'VPC_ID'],
  // in an existing VPC (VPC_ID) the network stack makes no VPC, subnet or NAT gateway to check
  skipReason: (s) => (s.VPC_ID ? 'VPC_ID: the network stack creates no VPC, subnet or NAT gateway here (network.existing-vpc checks the landing zone)' : undefined),
  async run(ctx) {
    let used;
    let limits;
    try {
      used = await usage(ctx);
    } catch (e) {
      return awsCallFailed('ec2:Describe* (VPCs, addresses, NAT gateways)', e, 'warn');
    }
    try {
      limits = { vpcs: await quotaValue(QUOTAS.vpcs, ctx), eips: await quotaValue(QUOTAS.eips, ctx), natPerAz: await quotaValue(QUOTAS.natPerAz, ctx) };
    } catch (e) {
      return awsCallFailed('servicequotas:GetServiceQuota', e, 'warn');
    }
    const region = ctx.settings.AWS_REGION;
    const raise = (name: string) => `request a higher "${name}" quota in Service Quotas (${region}), or free one`;
    const found: CheckOutcome[] = [
      used.vpcs + 1 > limits.vpcs ? fail(`${used.vpcs} of ${limits.vpcs} VPCs are used; the network stack needs one more`, raise(QUOTAS.vpcs.name)) : pass(`VPCs ${used.vpcs}/${limits.vpcs}`),
      used.eips + 2 > limits.eips ? warn(`${used.eips} of ${limits.eips} Elastic IPs are used; zonal NAT needs two more (regional NAT needs none)`, raise(QUOTAS.eips.name)) : pass(`Elastic IPs ${used.eips}/${limits.eips}`),
      used.busiestAzNats + 1 > limits.natPerAz ? fail(`a zone already has ${used.busiestAzNats} of ${limits.natPerAz} NAT gateways`, raise(QUOTAS.natPerAz.name)) : pass(`NAT gateways per zone ${used.busiestAzNats}/${limits.natPerAz}`),
    ];
    return combineOutcomes(found, '');
  },
};
