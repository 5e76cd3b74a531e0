// The on-demand prices `cagw cost` multiplies, per region, each with the AWS pricing page it
// comes from. Shipped in the source so an estimate needs no AWS call and no credentials; the
// date says how old the figures are. docs/cost.md says how to refresh them and add a region.

/** The day the figures below were last checked against the pages they cite. */
export const PRICED = '2026-12-08';

/** Hours in the month AWS's pricing pages use (730 = 365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

const ELB = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const VPC = 'https://aws.amazon.com/vpc/pricing/';
const PRIVATELINK = 'https://aws.amazon.com/privatelink/pricing/';
const FARGATE = 'https://aws.amazon.com/fargate/pricing/';
const RDS = 'https://aws.amazon.com/rds/postgresql/pricing/';
const CLIENT_VPN = 'https://aws.amazon.com/vpn/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const ROUTE53 = 'https://aws.amazon.com/route53/pricing/';

export interface Price {
  usd: number;
  /** what one unit is */
  per: string;
  /** the AWS pricing page */
  source: string;
}

export interface RegionPrices {
  albHour: Price;
  albLcuHour: Price;
  natGatewayHour: Price;
  natGatewayGb: Price;
  publicIpv4Hour: Price;
  interfaceEndpointAzHour: Price;
  fargate: Record<'X86_64' | 'ARM64', { vcpuHour: Price; gbHour: Price }>;
  /** Single-AZ, PostgreSQL, by instance class; Multi-AZ is twice (the RDS page lists it so) */
  rdsInstanceHour: Readonly<Record<string, Price>>;
  /** gp3, Single-AZ; Multi-AZ is twice */
  rdsGp3GbMonth: Price;
  /** backup storage over the free amount (100% of the provisioned storage in the region) */
  rdsBackupGbMonth: Price;
  clientVpnAssociationHour: Price;
  clientVpnConnectionHour: Price;
  cloudWatchMetricMonth: Price;
  cloudWatchAlarmMonth: Price;
  cloudWatchDashboardMonth: Price;
  logsIngestedGb: Price;
  logsStoredGbMonth: Price;
  secretMonth: Price;
  kmsKeyMonth: Price;
  s3StandardGbMonth: Price;
  route53ZoneMonth: Price;
}

const p = (usd: number, per: string, source: string): Price => ({ usd, per, source });

// US East (N. Virginia), US East (Ohio) and US West (Oregon) share these list prices.
const US: RegionPrices = {
  albHour: p(0.0225, 'Application Load Balancer-hour', ELB),
  albLcuHour: p(0.008, 'LCU-hour', ELB),
  natGatewayHour: p(0.045, 'NAT gateway-hour (per Availability Zone)', VPC),
  natGatewayGb: p(0.045, 'GB processed by a NAT gateway', VPC),
  publicIpv4Hour: p(0.005, 'public IPv4 address-hour', VPC),
  interfaceEndpointAzHour: p(0.01, 'interface endpoint-hour per Availability Zone', PRIVATELINK),
  fargate: {
    X86_64: { vcpuHour: p(0.04048, 'vCPU-hour (Linux/x86)', FARGATE), gbHour: p(0.004445, 'GB-hour (Linux/x86)', FARGATE) },
    ARM64: { vcpuHour: p(0.03238, 'vCPU-hour (Linux/ARM)', FARGATE), gbHour: p(0.00356, 'GB-hour (Linux/ARM)', FARGATE) },
  },
  rdsInstanceHour: {
    'db.t4g.micro': p(0.016, 'db.t4g.micro instance-hour, Single-AZ', RDS),
    'db.t4g.small': p(0.032, 'db.t4g.small instance-hour, Single-AZ', RDS),
    'db.t4g.medium': p(0.065, 'db.t4g.medium instance-hour, Single-AZ', RDS),
    'db.t4g.large': p(0.129, 'db.t4g.large instance-hour, Single-AZ', RDS),
    'db.t4g.xlarge': p(0.258, 'db.t4g.xlarge instance-hour, Single-AZ', RDS),
    'db.m7g.large': p(0.168, 'db.m7g.large instance-hour, Single-AZ', RDS),
    'db.m7g.xlarge': p(0.337, 'db.m7g.xlarge instance-hour, Single-AZ', RDS),
    'db.m7g.2xlarge': p(0.674, 'db.m7g.2xlarge instance-hour, Single-AZ', RDS),
    'db.m6g.large': p(0.159, 'db.m6g.large instance-hour, Single-AZ', RDS),
    'db.m6g.xlarge': p(0.318, 'db.m6g.xlarge instance-hour, Single-AZ', RDS),
    'db.r7g.large': p(0.239, 'db.r7g.large instance-hour, Single-AZ', RDS),
    'db.r7g.xlarge': p(0.478, 'db.r7g.xlarge instance-hour, Single-AZ', RDS),
    'db.r6g.large': p(0.225, 'db.r6g.large instance-hour, Single-AZ', RDS),
    'db.r6g.xlarge': p(0.45, 'db.r6g.xlarge instance-hour, Single-AZ', RDS),
  },
  rdsGp3GbMonth: p(0.115, 'GB-month of gp3 storage, Single-AZ', RDS),
  rdsBackupGbMonth: p(0.095, 'GB-month of backup storage beyond the provisioned storage', RDS),
  clientVpnAssociationHour: p(0.10, 'Client VPN endpoint association-hour', CLIENT_VPN),
  clientVpnConnectionHour: p(0.05, 'Client VPN connection-hour', CLIENT_VPN),
  cloudWatchMetricMonth: p(0.30, 'custom metric-month (first 10,000)', CLOUDWATCH),
  cloudWatchAlarmMonth: p(0.10, 'standard-resolution alarm metric-month', CLOUDWATCH),
  cloudWatchDashboardMonth: p(3.00, 'dashboard-month', CLOUDWATCH),
  logsIngestedGb: p(0.50, 'GB of standard logs ingested', CLOUDWATCH),
  logsStoredGbMonth: p(0.03, 'GB-month of logs stored', CLOUDWATCH),
  secretMonth: p(0.40, 'secret-month', SECRETS),
  kmsKeyMonth: p(1.00, 'customer-managed key-month', KMS),
  s3StandardGbMonth: p(0.023, 'GB-month of S3 Standard (first 50 TB)', S3),
  route53ZoneMonth: p(0.50, 'hosted zone-month (first 25)', ROUTE53),
};

/** Prices by AWS_REGION: the regions priced so far (docs/cost.md: adding one). */
export const PRICE_TABLE: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': US,
  'us-east-2': US,
  'us-west-2': US,
};

/**
 * What the estimate assumes about use, where the plan cannot say: each figure is named in the
 * basis of the component it feeds, so nobody mistakes it for a count.
 */
export const USAGE = {
  /** a developer on the VPN 8 hours a working day, 22 days a month */
  vpnHoursPerDeveloperMonth: 8 * 22,
  /** developers when --developers is not given */
  developers: 50,
  /** average LCUs of one load balancer (an LCU: 25 new connections/s, 3,000 active, 1 GB/hour) */
  lcuPerLoadBalancer: 1,
  /** GB a month through the NAT (Bedrock requests and answers, image pulls) */
  natGbMonth: 20,
  /** GB of logs ingested a month over every log group (gateway, audit, flow logs, VPN, collector) */
  logsGbMonth: 10,
  /** months of logs kept at once (the templates keep most logs 90 days) */
  logsMonthsKept: 3,
  /** GB the load balancer access logs hold (90 days kept) */
  accessLogsGb: 5,
  /** a regional NAT gateway is billed in each Availability Zone it serves: the two of the private subnets */
  regionalNatZones: 2,
} as const;
