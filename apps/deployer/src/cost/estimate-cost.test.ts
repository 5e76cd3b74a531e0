// The arithmetic of each component, against sums done by hand from the us-east-1 prices of
// price-table.ts (each line below says which prices), never from the estimator's own output.
import { describe, expect, test } from 'vitest';
import { estimateCost } from './estimate-cost.ts';
import type { PlanQuantities } from './plan-quantities.ts';

const quantities: PlanQuantities = {
  loadBalancers: 2,
  natGateways: { count: 2, mode: 'zonal' },
  interfaceEndpointAzs: 16,
  elasticIps: 2,
  fargate: [
    { stack: 'gateway', vcpu: 1, memoryGb: 2, arch: 'X86_64', minTasks: 2, maxTasks: 10 },
    { stack: 'collector', vcpu: 0.5, memoryGb: 1, arch: 'ARM64', minTasks: 2, maxTasks: 2 },
  ],
  databases: [{ instanceClass: 'db.t4g.micro', storageGiB: 20, multiAz: true, backupRetentionDays: 7 }],
  vpnEndpoints: 1,
  vpnAssociations: 2,
  metricFilters: 7,
  alarms: 14,
  logGroups: 7,
  secrets: 5,
  kmsKeys: 1,
  buckets: 1,
  hostedZones: 1,
};
const estimate = estimateCost({ region: 'us-east-1', quantities, dashboards: 3, developers: 300 });
const usd = (name: string) => estimate.components.find((c) => c.name === name)?.monthlyUsd;

describe('each component, priced by hand (us-east-1, 730 hours a month)', () => {
  test.each([
    ['Load balancers', 44.53], // 2 × 730 × ($0.0225 + 1 LCU × $0.008) = 44.53
    ['NAT gateways', 73.9], // 2 × 730 × $0.045 = 65.70, + 2 EIPs × 730 × $0.005 = 7.30, + 20 GB × $0.045 = 0.90
    ['VPC interface endpoints', 116.8], // 16 endpoint-AZs × 730 × $0.01
    ['Fargate gateway tasks', 72.08], // 2 × (1 × $0.04048 + 2 × $0.004445) × 730 = 72.0802
    ['Fargate collector tasks', 28.84], // 2 × (0.5 × $0.03238 + 1 × $0.00356) × 730 = 28.8354 (ARM)
    ['RDS PostgreSQL instance', 23.36], // $0.016 × 730 × 2 (Multi-AZ)
    ['RDS storage', 4.6], // 20 GiB × $0.115 × 2 (Multi-AZ)
    ['RDS backups', 0], // within the free 100% of provisioned storage
    ['Client VPN associations', 146], // 2 × 730 × $0.10
    ['Client VPN connections', 2640], // 300 × 176 h × $0.05
    ['CloudWatch metrics', 2.1], // 7 × $0.30
    ['CloudWatch alarms', 1.4], // 14 × $0.10
    ['CloudWatch dashboards', 9], // 3 × $3
    ['CloudWatch Logs', 5.9], // 10 GB × $0.50 + 30 GB × $0.03
    ['Secrets Manager', 2], // 5 × $0.40
    ['KMS keys', 1], // 1 × $1
    ['S3', 0.12], // 5 GB × $0.023 = 0.115
    ['Route 53 private hosted zone', 0.5], // 1 × $0.50
    ['Bedrock usage', 0],
  ])('%s: $%s', (name, expected) => expect(usd(name)).toBe(expected));

  test('the total is the sum of the components, and Bedrock is named as left out', () => {
    expect(estimate.monthlyTotalUsd).toBe(3172.13); // 44.53 + 73.90 + 116.80 + 72.08 + 28.84 + 23.36 + 4.60 + 146 + 2640 + 2.10 + 1.40 + 9 + 5.90 + 2 + 1 + 0.12 + 0.50
    expect(estimate.components.find((c) => c.name === 'Bedrock usage')?.basis).toMatch(/^left out/);
    expect(estimate.priced).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('the basis shows the MAX_TASKS figure beside the MIN_TASKS one: 10 × $36.0401', () => {
    expect(estimate.components.find((c) => c.name === 'Fargate gateway tasks')?.basis).toContain('at MAX_TASKS=10 under load: $360.4 a month');
  });
});

test('a regional NAT gateway is billed in the two AZs it serves, with one public address in each', () => {
  const regional = estimateCost({ region: 'us-east-1', quantities: { ...quantities, natGateways: { count: 1, mode: 'regional' }, elasticIps: 0 }, dashboards: 3, developers: 300 });
  expect(regional.components.find((c) => c.name === 'NAT gateways')?.monthlyUsd).toBe(73.9);
});

test('a region without prices is refused naming AWS_REGION, the priced regions and the fix', () => {
  expect(() => estimateCost({ region: 'eu-west-1', quantities, dashboards: 3, developers: 1 })).toThrow(expect.objectContaining({
    code: 'CostRegionNotPriced', message: expect.stringMatching(/AWS_REGION eu-west-1 \(priced: us-east-1, us-east-2, us-west-2\)/), where: 'AWS_REGION', fix: expect.stringContaining('docs/cost.md'),
  }));
});
