// An existing VPC (VPC_ID) brings the subnets cagw would otherwise make. Before any stack
// operation this checks what CloudFormation could not: the subnets are in VPC_ID, each list spans
// two AZs, the load-balancer subnets meet the ALB's size rule, the private subnets have egress
// and room for the tasks, the database, the VPN and the endpoints, and VPC_CIDR is the VPC's.
//   ALB subnets: "at least two Availability Zones", each subnet "at least a /27 bitmask and at
//   least eight free IP addresses" (Elastic Load Balancing, Application Load Balancers, "Subnets
//   for your load balancer": docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
//   RDS: "Each DB subnet group should have subnets in at least two Availability Zones" (Amazon RDS
//   User Guide, "Working with a DB instance in a VPC": docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets).
import { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type RouteTable, type Subnet } from '@aws-sdk/client-ec2';
import { cidrsOverlap, type Settings } from '@cagw/profile';
import { combineOutcomes, fail, pass, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorName } from '../aws-failure.ts';

/** The ALB's smallest subnet and the free addresses it needs in each (see above). */
export const ALB_MIN_PREFIX = 27;
export const ALB_MIN_FREE = 8;
/** Interface endpoints network.yaml makes with ENABLE_VPC_ENDPOINTS: one address in each private subnet. */
export const INTERFACE_ENDPOINTS = 8;

/**
 * Free addresses each private subnet needs: a rolling deploy's tasks (MAX_TASKS new beside the
 * old, over the subnets, all in one if the other AZ fails: MAX_TASKS), the database and its
 * standby, the VPN's interface, the collector, and one per interface endpoint.
 */
export function privateSubnetNeeds(s: Pick<Settings, 'MAX_TASKS' | 'ENABLE_VPC_ENDPOINTS'>): number {
  return s.MAX_TASKS + 4 + (s.ENABLE_VPC_ENDPOINTS ? INTERFACE_ENDPOINTS : 0);
}

const prefixOf = (cidr: string | undefined) => Number((cidr ?? '/32').split('/')[1]);
const named = (ids: readonly string[]) => ids.join(', ');

export const networkExistingVpc: PreflightCheck = {
  id: 'network.existing-vpc',
  title: 'the existing VPC (VPC_ID) has the subnets the stacks need',
  needs: 'aws',
  reads: ['VPC_ID', 'VPC_CIDR', 'PRIVATE_SUBNET_IDS', 'LOAD_BALANCER_SUBNET_IDS', 'MAX_TASKS', 'ENABLE_VPC_ENDPOINTS'],
  skipReason: (s) => (s.VPC_ID ? undefined : 'no VPC_ID: the network stack creates its own VPC'),
  async run({ aws, settings: s, signal, rendered }) {
    const vpcId = s.VPC_ID ?? '';
    const wanted = [...s.PRIVATE_SUBNET_IDS, ...s.LOAD_BALANCER_SUBNET_IDS];
    let cidr: string | undefined;
    try {
      const { Vpcs = [] } = await aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), { abortSignal: signal });
      cidr = Vpcs[0]?.CidrBlock;
    } catch (e) {
      if (errorName(e) === 'InvalidVpcID.NotFound') return fail(`VPC_ID ${vpcId} does not exist in ${s.AWS_REGION}`, `set VPC_ID to a VPC of this account in ${s.AWS_REGION} (aws ec2 describe-vpcs --region ${s.AWS_REGION}), or check AWS_REGION and the credentials' account`);
      return awsCallFailed('ec2:DescribeVpcs', e);
    }
    let subnets: Subnet[];
    try {
      ({ Subnets: subnets = [] } = await aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: wanted }), { abortSignal: signal }));
    } catch (e) {
      if (errorName(e) === 'InvalidSubnetID.NotFound') return fail(`a subnet of PRIVATE_SUBNET_IDS or LOAD_BALANCER_SUBNET_IDS does not exist in ${s.AWS_REGION}: ${(e as Error).message}`, `list only subnets of ${vpcId} (aws ec2 describe-subnets --filters Name=vpc-id,Values=${vpcId})`);
      return awsCallFailed('ec2:DescribeSubnets', e);
    }
    let tables: RouteTable[];
    try {
      ({ RouteTables: tables = [] } = await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), { abortSignal: signal }));
    } catch (e) {
      return awsCallFailed('ec2:DescribeRouteTables', e);
    }
    const byId = new Map(subnets.map((x) => [x.SubnetId ?? '', x]));
    const outcomes: CheckOutcome[] = [];
    if (cidr && cidr !== s.VPC_CIDR) {
      outcomes.push(fail(`VPC_CIDR is ${s.VPC_CIDR}, but ${vpcId}'s primary CIDR is ${cidr}`, `set VPC_CIDR=${cidr}: the security groups admit the VPC by it and the VPN's DNS resolver is its base + 2`));
    }
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length > 0) outcomes.push(fail(`${named(missing)} not found in ${s.AWS_REGION}`, `list only subnets of ${vpcId}`));
    const elsewhere = subnets.filter((x) => x.VpcId !== vpcId);
    if (elsewhere.length > 0) outcomes.push(fail(`${named(elsewhere.map((x) => `${x.SubnetId} (in ${x.VpcId})`))} not in VPC_ID ${vpcId}`, `list only subnets of ${vpcId}, or set VPC_ID to the VPC that holds them`));

    for (const [variable, ids, what] of [['PRIVATE_SUBNET_IDS', s.PRIVATE_SUBNET_IDS, 'the RDS DB subnet group'], ['LOAD_BALANCER_SUBNET_IDS', s.LOAD_BALANCER_SUBNET_IDS, 'the load balancer']] as const) {
      const zones = new Set(ids.flatMap((id) => byId.get(id)?.AvailabilityZone ?? []));
      if (zones.size < 2 && ids.every((id) => byId.has(id))) {
        outcomes.push(fail(`${variable} spans ${zones.size} availability zone (${named([...zones])}), but ${what} needs subnets in at least two`, `add a subnet of ${vpcId} in another AZ to ${variable}`));
      }
    }
    for (const id of s.LOAD_BALANCER_SUBNET_IDS) {
      const x = byId.get(id);
      if (!x) continue;
      if (prefixOf(x.CidrBlock) > ALB_MIN_PREFIX) outcomes.push(fail(`load-balancer subnet ${id} is ${x.CidrBlock}, but an Application Load Balancer needs /${ALB_MIN_PREFIX} or larger`, 'ask the landing zone for a /27 (or larger) subnet in each AZ for the load balancers'));
      else if ((x.AvailableIpAddressCount ?? 0) < ALB_MIN_FREE) outcomes.push(fail(`load-balancer subnet ${id} has ${x.AvailableIpAddressCount ?? 0} free addresses, but an Application Load Balancer needs ${ALB_MIN_FREE}`, `free addresses in ${id} or choose another subnet`));
    }
    const needs = privateSubnetNeeds(s);
    for (const id of s.PRIVATE_SUBNET_IDS) {
      const x = byId.get(id);
      if (x && (x.AvailableIpAddressCount ?? 0) < needs) {
        outcomes.push(fail(`private subnet ${id} (${x.CidrBlock}) has ${x.AvailableIpAddressCount ?? 0} free addresses, but it needs ${needs} (MAX_TASKS=${s.MAX_TASKS} during a rolling deploy, the database and its standby, the VPN and the collector${s.ENABLE_VPC_ENDPOINTS ? `, ${INTERFACE_ENDPOINTS} VPC endpoints` : ''})`, `choose larger private subnets, or lower MAX_TASKS to ${Math.max(2, s.MAX_TASKS - (needs - (x.AvailableIpAddressCount ?? 0)))}`));
      }
      if (x) outcomes.push(egressOf(id, tableOf(id, tables), s));
    }
    outcomes.push(...trustedProxies(rendered?.config.listen?.trusted_proxies ?? [], s, byId));
    return combineOutcomes(outcomes, `${vpcId} (${cidr}): private subnets ${named(s.PRIVATE_SUBNET_IDS)} and load-balancer subnets ${named(s.LOAD_BALANCER_SUBNET_IDS)} span two AZs, have room for ${needs} addresses each and egress`);
  },
};

/** A subnet's route table: the one associated with it, else the VPC's main table. */
function tableOf(subnetId: string, tables: readonly RouteTable[]): RouteTable | undefined {
  return tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId))
    ?? tables.find((t) => t.Associations?.some((a) => a.Main === true));
}

/** Tasks have no public address: their HTTPS (IdP, Bedrock, ECR) leaves through a NAT gateway. */
function egressOf(subnetId: string, table: RouteTable | undefined, s: Pick<Settings, 'ENABLE_VPC_ENDPOINTS'>): CheckOutcome {
  const route = table?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.State !== 'blackhole');
  const where = `private subnet ${subnetId} (route table ${table?.RouteTableId ?? 'none'})`;
  if (route?.NatGatewayId) return pass(`${where} routes 0.0.0.0/0 to ${route.NatGatewayId}`);
  if (route?.TransitGatewayId) return warn(`${where} routes 0.0.0.0/0 to transit gateway ${route.TransitGatewayId}: cagw cannot see whether it reaches the internet`, 'make sure the landing zone\'s egress lets the tasks reach the OIDC issuer, Bedrock and the image registry over HTTPS');
  if (route?.GatewayId?.startsWith('igw-')) return fail(`${where} routes 0.0.0.0/0 to internet gateway ${route.GatewayId}: it is a public subnet, and the tasks get no public address`, 'list private subnets (0.0.0.0/0 to a NAT gateway) in PRIVATE_SUBNET_IDS');
  if (s.ENABLE_VPC_ENDPOINTS) return warn(`${where} has no default route: the AWS APIs go through the VPC endpoints, but the OIDC issuer must be reachable some other way`, 'check that the IdP is reachable from the VPC, or route 0.0.0.0/0 to a NAT gateway');
  return fail(`${where} has no route to 0.0.0.0/0 through a NAT gateway: the tasks could reach neither the IdP nor Bedrock`, 'route 0.0.0.0/0 to a NAT gateway in the landing zone, or set ENABLE_VPC_ENDPOINTS=true (AWS APIs only)');
}

/**
 * The gateway believes X-Forwarded-For from listen.trusted_proxies, which the config carves from
 * VPC_CIDR as network.yaml carves its own VPC. In a landing zone's VPC those blocks are not the
 * load balancers' subnets: one that covers a private subnet lets a VPN user forge client_ip
 * (fail); load-balancer subnets outside them leave every client shown as the load balancer (warn).
 */
function trustedProxies(trusted: readonly string[], s: Pick<Settings, 'PRIVATE_SUBNET_IDS' | 'LOAD_BALANCER_SUBNET_IDS'>, byId: ReadonlyMap<string, Subnet>): CheckOutcome[] {
  if (trusted.length === 0) return [];
  const cidrOf = (id: string) => byId.get(id)?.CidrBlock;
  const exposed = s.PRIVATE_SUBNET_IDS.filter((id) => { const c = cidrOf(id); return c !== undefined && trusted.some((t) => cidrsOverlap(t, c)); });
  const untrusted = s.LOAD_BALANCER_SUBNET_IDS.filter((id) => { const c = cidrOf(id); return c !== undefined && !trusted.some((t) => cidrsOverlap(t, c)); });
  const outcomes: CheckOutcome[] = [];
  if (exposed.length > 0) {
    outcomes.push(fail(`the gateway's trusted proxies (${named(trusted)}, carved from VPC_CIDR) cover private subnet ${named(exposed.map((id) => `${id} (${cidrOf(id)})`))}, where VPN users sit: they could forge their client address`, 'do not deploy this profile until cagw takes the trusted proxies from LOAD_BALANCER_SUBNET_IDS (docs/existing-vpc.md, known gap)'));
  }
  if (untrusted.length > 0) {
    outcomes.push(warn(`load-balancer subnet ${named(untrusted.map((id) => `${id} (${cidrOf(id)})`))} is outside the gateway's trusted proxies (${named(trusted)}, carved from VPC_CIDR): the gateway sees every client as the load balancer, and its per-address sign-in limits count everyone together`, 'raise SIGNIN_RATE_LIMIT for now (docs/existing-vpc.md, known gap)'));
  }
  return outcomes;
}
