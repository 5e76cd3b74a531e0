// cagw cost through the real command line: offline, one JSON document of exactly
// { monthlyTotalUsd, components: [{ name, monthlyUsd, basis }], priced } with --json.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

interface Estimate { monthlyTotalUsd: number; components: { name: string; monthlyUsd: number; basis: string }[]; priced: string }

async function cost(profile: string, ...flags: string[]): Promise<Estimate> {
  const io = createRecordingIo();
  expect(await main(['cost', '--profile', join(PROFILES_DIR, profile), '--json', ...flags], io)).toBe(0);
  expect(io.stdout).toHaveLength(1);
  return JSON.parse(io.stdout[0] as string) as Estimate;
}
const byName = (e: Estimate) => Object.fromEntries(e.components.map((c) => [c.name, c]));

test('--json is exactly { monthlyTotalUsd, components: [{ name, monthlyUsd, basis }], priced }, with Bedrock named as left out', async () => {
  const estimate = await cost('managed-newcognito-collector-vpn.env');
  expect(Object.keys(estimate)).toEqual(['monthlyTotalUsd', 'components', 'priced']);
  for (const c of estimate.components) expect(Object.keys(c)).toEqual(['name', 'monthlyUsd', 'basis']);
  expect(estimate.priced).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(byName(estimate)['Bedrock usage']).toEqual({ name: 'Bedrock usage', monthlyUsd: 0, basis: expect.stringMatching(/^left out/) });
  const sum = Math.round(estimate.components.reduce((s, c) => s + c.monthlyUsd * 100, 0)) / 100;
  expect(estimate.monthlyTotalUsd).toBe(sum);
});

test('--developers changes only the Client VPN connection-hours: 300 developers × 176 h × $0.05 = $2,640', async () => {
  const fifty = await cost('managed-newcognito-collector-vpn.env');
  const many = await cost('managed-newcognito-collector-vpn.env', '--developers', '300');
  expect(byName(many)['Client VPN connections']?.monthlyUsd).toBe(2640);
  expect(byName(fifty)['Client VPN connections']?.monthlyUsd).toBe(440); // the default 50 × 176 h × $0.05
  const others = (e: Estimate) => e.components.filter((c) => c.name !== 'Client VPN connections');
  expect(others(many)).toEqual(others(fifty));
  expect(many.monthlyTotalUsd).toBeCloseTo(fifty.monthlyTotalUsd + 2200, 2);
});

test('a profile without the VPN has no VPN cost, whatever --developers says', async () => {
  const estimate = await cost('byo-oidc-notelemetry.env', '--developers', '300');
  const vpn = estimate.components.filter((c) => c.name.startsWith('Client VPN'));
  expect(vpn.map((c) => c.monthlyUsd)).toEqual([0, 0]);
  expect(vpn.map((c) => c.basis)).toEqual(['ENABLE_VPN=false: no Client VPN endpoint', 'ENABLE_VPN=false: no connections']);
});

test('as text: the total, a line per component, and that Bedrock usage is left out', async () => {
  const io = createRecordingIo();
  expect(await main(['cost', '--profile', join(PROFILES_DIR, 'byo-oidc-notelemetry.env')], io)).toBe(0);
  const text = io.stdout.join('\n');
  expect(text).toMatch(/^estimated monthly cost in us-east-1: \$\d+\.\d\d \(on-demand prices of \d{4}-\d{2}-\d{2}; Bedrock usage left out\)/);
  expect(text).toMatch(/\nLoad balancers +\$22\.27 +1 Application Load Balancer × 730 h/); // 730 × ($0.0225 + $0.008) = 22.265
  expect(text).toContain('Bedrock usage is left out');
});

test('--developers that is not a whole number is a usage error (exit 2)', async () => {
  const io = createRecordingIo();
  expect(await main(['cost', '--profile', join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), '--developers', 'many'], io)).toBe(2);
  expect(io.stderr.join('\n')).toMatch(/--developers "many" is not a whole number/);
});
