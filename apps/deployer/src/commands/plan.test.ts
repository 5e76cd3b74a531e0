// cagw plan through the real command line: offline, one JSON document with --json.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

test('plan --json prints { stacks: [{ name, template, dependsOn, parameters }] } with outputs as <stack>.<Output>', async () => {
  const io = createRecordingIo();
  const code = await main(['plan', '--profile', join(PROFILES_DIR, 'managed-existingcognito-byotelemetry.env'), '--json'], io);
  expect(code).toBe(0);
  expect(io.stdout).toHaveLength(1);
  const plan = JSON.parse(io.stdout[0] as string);
  const idp = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-idp');
  expect(idp).toEqual({ name: 'claude-gateway-idp', template: 'idp-cognito-existing.yaml', dependsOn: [], parameters: { GatewayHostname: 'claude.example.com', UserPoolId: 'us-east-1_AbCdEfGhI' } });
  const gateway = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-gateway');
  expect(gateway.parameters.DbEndpointAddress).toBe('claude-gateway-database.DbEndpointAddress');
  expect(gateway.parameters.GatewayConfigPacked).toMatch(/^<\d+ bytes, sha256 [0-9a-f]{12}>$/);
  expect(plan.stacks.map((s: { name: string }) => s.name)).not.toContain('claude-gateway-collector');
});

test('plan as text lists every stack with what it waits for', async () => {
  const io = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'selfsigned-fallback.env')], io)).toBe(0);
  const text = io.stdout.join('\n');
  expect(text).toContain('claude-gateway-network  (network.yaml)\n  after: (nothing: starts at once)');
  expect(text).toMatch(/step certificates: make the gateway and vpn certificates once/);
});
