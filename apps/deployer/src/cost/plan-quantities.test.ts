// What the plans of shipped profiles create, counted from their templates: the counts here are
// read off the templates (network.yaml's NAT conditions, client-vpn.yaml's two associations,
// the eight interface endpoints) and off @cagw/observability's own alarm list.
import { buildAlarms, observabilityInputFromSettings } from '@cagw/observability';
import { expect, test } from 'vitest';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { planQuantities } from './plan-quantities.ts';

test('the flagship profile: two load balancers, a regional NAT, gateway and collector tasks, a VPN with two associations', async () => {
  const { plan, settings } = await planForProfile('managed-newcognito-collector-vpn.env');
  const q = planQuantities(plan);
  expect(q.loadBalancers).toBe(2);
  expect(q.natGateways).toEqual({ count: 1, mode: 'regional' });
  expect(q.elasticIps).toBe(0);
  expect(q.interfaceEndpointAzs).toBe(0);
  expect(q.fargate).toEqual([
    { stack: 'collector', vcpu: 0.5, memoryGb: 1, arch: 'X86_64', minTasks: 2, maxTasks: 2 },
    { stack: 'gateway', vcpu: 1, memoryGb: 2, arch: 'X86_64', minTasks: settings.MIN_TASKS, maxTasks: settings.MAX_TASKS },
  ]);
  expect(q.databases).toEqual([{ instanceClass: 'db.t4g.micro', storageGiB: 20, multiAz: false, backupRetentionDays: 7 }]);
  expect([q.vpnEndpoints, q.vpnAssociations]).toEqual([1, 2]);
  expect(q.alarms).toBe(buildAlarms(observabilityInputFromSettings(settings)).alarms.length);
  expect(q.kmsKeys).toBe(0);
});

test('zonal NAT (preflight found no regional NAT) is two gateways with an address each; VPC endpoints are eight interfaces in two AZs', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env', { facts: { natMode: 'zonal' } }, { ENABLE_VPC_ENDPOINTS: 'true' });
  const q = planQuantities(plan);
  expect(q.natGateways).toEqual({ count: 2, mode: 'zonal' });
  expect(q.elasticIps).toBe(2);
  expect(q.interfaceEndpointAzs).toBe(16);
  expect([q.vpnEndpoints, q.vpnAssociations, q.loadBalancers]).toEqual([0, 0, 1]);
});

test('the profile\'s settings reach the counts: ARM64 tasks, MIN and MAX, Multi-AZ', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env', {}, { TASK_ARCH: 'ARM64', MIN_TASKS: '3', MAX_TASKS: '7', MULTI_AZ_DB: 'true' });
  const q = planQuantities(plan);
  expect(q.fargate).toEqual([{ stack: 'gateway', vcpu: 1, memoryGb: 2, arch: 'ARM64', minTasks: 3, maxTasks: 7 }]);
  expect(q.databases[0]?.multiAz).toBe(true);
});
