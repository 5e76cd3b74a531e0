import { join } from 'node:path';
import { loadSettingsOrThrow } from '@cagw/profile';
import { expect, test } from 'vitest';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { architectureSvg } from './architecture-svg.ts';

async function svgOf(profile: string, env: Record<string, string> = {}) {
  const settings = loadSettingsOrThrow({ profilePath: join(PROFILES_DIR, profile), env }).settings;
  const { plan } = await planFromSettings(settings, { profileName: profile, requireCollectorImage: false });
  return { plan, svg: architectureSvg(plan) };
}
const edges = (svg: string) => [...svg.matchAll(/<line class="edge" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]} -> ${m[2]}`);
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('every stack and step of the plan is a box, with one arrow per dependency and the main resources of its template', async () => {
  const { plan, svg } = await svgOf('managed-newcognito-collector-vpn.env');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.match(/<g class="node"/g)).toHaveLength(plan.nodes.length);
  const dependencies = plan.nodes.reduce((sum, node) => sum + node.dependsOn.length, 0);
  expect(edges(svg)).toHaveLength(dependencies);
  expect(edges(svg)).toContain('claude-gateway-database -> claude-gateway-gateway');
  expect(edges(svg)).toContain('claude-gateway-network -> claude-gateway-vpn');
  const words = texts(svg);
  expect(words).toEqual(expect.arrayContaining(['claude-gateway-gateway', 'claude-gateway-vpn', 'Client VPN endpoint', 'RDS PostgreSQL', 'Cognito user pool', 'ECS service']));
  // the text never overflows a box: step summaries are wrapped
  expect(words.every((word) => (word ?? '').length <= 60)).toBe(true);
});

test('the picture follows the plan: a profile without the VPN and the collector has neither box', async () => {
  const { svg } = await svgOf('byo-oidc-notelemetry.env');
  const words = texts(svg);
  expect(words).not.toContain('claude-gateway-vpn');
  expect(words).not.toContain('claude-gateway-collector');
  expect(words).not.toContain('Client VPN endpoint');
  expect(words).toContain('claude-gateway-gateway');
});
