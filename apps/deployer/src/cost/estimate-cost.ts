// The monthly bill of a plan: each component's quantity (counted from the plan) times its
// price (price-table.ts), with the basis written out so a reader can redo the sum. Bedrock is
// billed per token and left out, as a component of $0 that says so.
import { CagwError } from '@cagw/errors';
import { HOURS_PER_MONTH, PRICE_TABLE, PRICED, USAGE, type Price, type RegionPrices } from './price-table.ts';
import type { FargateService, PlanQuantities } from './plan-quantities.ts';

export interface CostComponent {
  name: string;
  monthlyUsd: number;
  /** quantities × prices, and any assumption about use */
  basis: string;
}

export interface CostEstimate {
  monthlyTotalUsd: number;
  components: CostComponent[];
  /** the date of the price table */
  priced: string;
}

export interface CostInputs {
  region: string;
  quantities: PlanQuantities;
  /** dashboards deploy puts in place (PutDashboard, not a template resource) */
  dashboards: number;
  /** developers on the Client VPN (connection-hours) */
  developers: number;
}

export const BEDROCK_LEFT_OUT = 'Bedrock usage';

const cents = (usd: number): number => Math.round(usd * 100) / 100;
const $ = (price: Price): string => `$${price.usd}/${price.per}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function pricesFor(region: string): RegionPrices {
  const prices = PRICE_TABLE[region];
  if (!prices) {
    throw new CagwError('CostRegionNotPriced', `cagw's price table has no prices for AWS_REGION ${region} (priced: ${Object.keys(PRICE_TABLE).join(', ')})`, {
      source: 'user', where: 'AWS_REGION',
      fix: `add ${region}'s prices to apps/deployer/src/cost/price-table.ts from the pages it cites (docs/cost.md, "Refreshing the prices"), or estimate with a priced region's AWS_REGION`,
    });
  }
  return prices;
}

/** One Fargate task a month: vCPU-hours and GB-hours over the month. */
export function fargateTaskMonthUsd(prices: RegionPrices, task: Pick<FargateService, 'vcpu' | 'memoryGb' | 'arch'>): number {
  const rate = prices.fargate[task.arch];
  return (task.vcpu * rate.vcpuHour.usd + task.memoryGb * rate.gbHour.usd) * HOURS_PER_MONTH;
}

export function estimateCost({ region, quantities: q, dashboards, developers }: CostInputs): CostEstimate {
  const prices = pricesFor(region);
  const components: CostComponent[] = [];
  const add = (name: string, usd: number, basis: string) => components.push({ name, monthlyUsd: cents(usd), basis });
  const h = HOURS_PER_MONTH;

  add('Load balancers', q.loadBalancers * (prices.albHour.usd + USAGE.lcuPerLoadBalancer * prices.albLcuHour.usd) * h,
    `${plural(q.loadBalancers, 'Application Load Balancer')} × ${h} h × (${$(prices.albHour)} + ${USAGE.lcuPerLoadBalancer} LCU assumed × ${$(prices.albLcuHour)})`);

  const natZones = q.natGateways.mode === 'regional' ? q.natGateways.count * USAGE.regionalNatZones : q.natGateways.count;
  const natAddresses = q.natGateways.mode === 'regional' ? natZones : q.elasticIps;
  const natGb = q.natGateways.count > 0 ? USAGE.natGbMonth : 0;
  add('NAT gateways', natZones * prices.natGatewayHour.usd * h + natAddresses * prices.publicIpv4Hour.usd * h + natGb * prices.natGatewayGb.usd,
    q.natGateways.count === 0 ? 'the plan creates no NAT gateway'
      : `${q.natGateways.mode === 'regional' ? `1 regional NAT gateway in ${USAGE.regionalNatZones} Availability Zones` : plural(q.natGateways.count, 'zonal NAT gateway')} × ${h} h × ${$(prices.natGatewayHour)}`
        + ` + ${plural(natAddresses, 'public IPv4 address', 'public IPv4 addresses')} × ${h} h × ${$(prices.publicIpv4Hour)} + ${natGb} GB assumed × ${$(prices.natGatewayGb)}`);

  if (q.interfaceEndpointAzs > 0) {
    add('VPC interface endpoints', q.interfaceEndpointAzs * prices.interfaceEndpointAzHour.usd * h,
      `${q.interfaceEndpointAzs} endpoint-AZs (ENABLE_VPC_ENDPOINTS) × ${h} h × ${$(prices.interfaceEndpointAzHour)}; data processed not counted`);
  }

  for (const service of q.fargate) {
    const perTask = fargateTaskMonthUsd(prices, service);
    const rate = prices.fargate[service.arch];
    const task = `${service.vcpu} vCPU × ${$(rate.vcpuHour)} + ${service.memoryGb} GB × ${$(rate.gbHour)}, × ${h} h = $${cents(perTask)} a task`;
    const scales = service.maxTasks !== service.minTasks;
    add(`Fargate ${service.stack} tasks`, service.minTasks * perTask,
      `${plural(service.minTasks, 'task')}${scales ? ' (MIN_TASKS)' : ''} × (${task})${scales ? `; at MAX_TASKS=${service.maxTasks} under load: $${cents(service.maxTasks * perTask)} a month` : ''}`);
  }

  for (const db of q.databases) {
    const instance = prices.rdsInstanceHour[db.instanceClass];
    if (!instance) {
      throw new CagwError('CostInstanceClassNotPriced', `cagw's price table has no price for the database class ${db.instanceClass} in ${region}`, {
        source: 'internal', where: 'apps/deployer/src/cost/price-table.ts',
        fix: `add ${db.instanceClass} to rdsInstanceHour of ${region} from ${prices.rdsGp3GbMonth.source} (docs/cost.md)`,
      });
    }
    const copies = db.multiAz ? 2 : 1;
    const az = db.multiAz ? ' × 2 (MULTI_AZ_DB: a standby in a second AZ)' : '';
    add('RDS PostgreSQL instance', copies * instance.usd * h, `1 ${db.instanceClass} × ${h} h × ${$(instance)}${az}`);
    add('RDS storage', copies * db.storageGiB * prices.rdsGp3GbMonth.usd, `${db.storageGiB} GiB gp3 × ${$(prices.rdsGp3GbMonth)}${az}`);
    add('RDS backups', 0, `${db.backupRetentionDays} days of automated backups: free up to the ${db.storageGiB} GiB provisioned (the gateway's store stays far smaller), then ${$(prices.rdsBackupGbMonth)}`);
  }

  add('Client VPN associations', q.vpnAssociations * prices.clientVpnAssociationHour.usd * h,
    q.vpnEndpoints === 0 ? 'ENABLE_VPN=false: no Client VPN endpoint' : `${plural(q.vpnAssociations, 'subnet association')} × ${h} h × ${$(prices.clientVpnAssociationHour)}`);
  const vpnHours = q.vpnEndpoints === 0 ? 0 : developers * USAGE.vpnHoursPerDeveloperMonth;
  add('Client VPN connections', vpnHours * prices.clientVpnConnectionHour.usd,
    q.vpnEndpoints === 0 ? 'ENABLE_VPN=false: no connections' : `${plural(developers, 'developer')} (--developers) × ${USAGE.vpnHoursPerDeveloperMonth} h (8 h × 22 working days, assumed) × ${$(prices.clientVpnConnectionHour)}`);

  add('CloudWatch metrics', q.metricFilters * prices.cloudWatchMetricMonth.usd,
    `${plural(q.metricFilters, 'custom metric')} from log metric filters × ${$(prices.cloudWatchMetricMonth)}; Container Insights observations and the collector's own metrics are billed apart and not counted`);
  add('CloudWatch alarms', q.alarms * prices.cloudWatchAlarmMonth.usd, `${plural(q.alarms, 'alarm')} × ${$(prices.cloudWatchAlarmMonth)}`);
  add('CloudWatch dashboards', dashboards * prices.cloudWatchDashboardMonth.usd,
    `${plural(dashboards, 'dashboard')} × ${$(prices.cloudWatchDashboardMonth)} (an account's first 3 are free, not deducted)`);
  const logsStored = USAGE.logsGbMonth * USAGE.logsMonthsKept;
  add('CloudWatch Logs', USAGE.logsGbMonth * prices.logsIngestedGb.usd + logsStored * prices.logsStoredGbMonth.usd,
    `${plural(q.logGroups, 'log group')}: ${USAGE.logsGbMonth} GB a month ingested (assumed) × ${$(prices.logsIngestedGb)} + ${logsStored} GB kept (${USAGE.logsMonthsKept} months) × ${$(prices.logsStoredGbMonth)}`);

  add('Secrets Manager', q.secrets * prices.secretMonth.usd, `${plural(q.secrets, 'secret')} × ${$(prices.secretMonth)}; API calls not counted`);
  add('KMS keys', q.kmsKeys * prices.kmsKeyMonth.usd,
    q.kmsKeys === 0 ? 'the plan creates no customer-managed key (AWS-managed keys have no monthly fee; a SECRETS_KMS_KEY_ARN key is yours and billed already)' : `${plural(q.kmsKeys, 'key')} × ${$(prices.kmsKeyMonth)}`);
  const s3Gb = q.buckets > 0 ? USAGE.accessLogsGb : 0;
  add('S3', s3Gb * prices.s3StandardGbMonth.usd, q.buckets === 0 ? 'the plan creates no bucket (ALB_ACCESS_LOGS=false)' : `${plural(q.buckets, 'bucket')}: ${s3Gb} GB of load balancer access logs (assumed) × ${$(prices.s3StandardGbMonth)}`);
  if (q.hostedZones > 0) add('Route 53 private hosted zone', q.hostedZones * prices.route53ZoneMonth.usd, `${plural(q.hostedZones, 'hosted zone')} × ${$(prices.route53ZoneMonth)}; queries not counted`);

  add(BEDROCK_LEFT_OUT, 0, 'left out: Bedrock bills each model call by its tokens, which depend on use; the gateway\'s spend metrics and alarms follow it once deployed');

  const monthlyTotalUsd = cents(components.reduce((sum, c) => sum + c.monthlyUsd, 0));
  return { monthlyTotalUsd, components, priced: PRICED };
}
