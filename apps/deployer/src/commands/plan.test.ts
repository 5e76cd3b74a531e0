// cagw plan through the real command line: offline, one JSON document with --json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

test('plan --json prints { stacks: [{ name, template, dependsOn, parameters }] } with outputs as <stack>.<Output>', async () => {
  const io = createRecordingIo();
  const code = await main(['plan', '--profile', join(PROFILES_DIR, 'managed-existingcognito-byotelemetry.env'), '--json'], io);
  expect(code).toBe(0);
  expect(io.stdout).toHaveLength(1);
  const plan = JSON.parse(io.stdout[0] as string);
  const idp = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-idp');
  expect(idp).toMatchObject({
    name: 'claude-gateway-idp', template: 'idp-cognito-existing.yaml', dependsOn: [], parameters: { GatewayHostname: 'claude.example.com', UserPoolId: 'us-east-1_AbCdEfGhI' },
    templateBytes: expect.any(Number), templateDelivery: 'body',
  });
  const gateway = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-gateway');
  expect(gateway.parameters.DbEndpointAddress).toBe('claude-gateway-database.DbEndpointAddress');
  expect(gateway.parameters.GatewayConfigPacked).toMatch(/^<\d+ bytes, sha256 [0-9a-f]{12}>$/);
  expect(plan.stacks.map((s: { name: string }) => s.name)).not.toContain('claude-gateway-collector');
});

test('plan as text lists every stack with what it waits for', async () => {
  const io = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'selfsigned-fallback.env')], io)).toBe(0);
  const text = io.stdout.join('\n');
  expect(text).toMatch(/claude-gateway-network {2}\(network\.yaml, \d+ bytes, sent inline\)\n {2}after: \(nothing: starts at once\)/);
  expect(text).toMatch(/step certificates: make the gateway and vpn certificates once/);
});

// Issue 13.2: one alarm per user, per cap and per warning: 40 users with their own threshold
// and cap take the generated observability template past CloudFormation's inline limit.
const users = Array.from({ length: 40 }, (_, i) => `developer${String(i + 1).padStart(2, '0')}@example.com`);
const manyUsers = [
  `USER_DAILY_THRESHOLDS_USD=${users.map((u) => `${u}=150`).join(',')}`,
  `DAILY_SPEND_CAPS_USD=org=2000,${users.map((u) => `user:${u}=300`).join(',')}`,
].join('\n');

test('plan shows each template\'s size and delivery: an observability template over 51,200 bytes goes through S3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-'));
  try {
    const profile = join(dir, 'forty-users.env');
    writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8')}\n${manyUsers}\n`);
    const io = createRecordingIo();
    expect(await main(['plan', '--profile', profile, '--json'], io)).toBe(0);
    const stacks = JSON.parse(io.stdout[0] as string).stacks as { name: string; templateBytes: number; templateDelivery: string }[];
    const { plan } = await planForProfile('managed-newcognito-collector-vpn.env', {}, Object.fromEntries(manyUsers.split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2))));
    for (const s of stacks) {
      const body = plan.nodes.find((n) => n.kind === 'stack' && n.stackName === s.name);
      const bytes = Buffer.byteLength(body?.kind === 'stack' ? body.templateBody : '', 'utf8');
      expect(s.templateBytes, s.name).toBe(bytes);
      expect(s.templateDelivery, s.name).toBe(bytes > 51_200 ? 's3' : 'body');
    }
    const observability = stacks.find((s) => s.name === 'claude-gateway-observability');
    expect(observability?.templateBytes).toBeGreaterThan(51_200);
    expect(observability?.templateDelivery).toBe('s3');
    expect(stacks.filter((s) => s.templateDelivery === 'body').map((s) => s.name)).toContain('claude-gateway-network');

    const text = createRecordingIo();
    expect(await main(['plan', '--profile', profile], text)).toBe(0);
    expect(text.stdout.join('\n')).toContain(`claude-gateway-observability  (observability.yaml, ${observability?.templateBytes} bytes, over the 51,200-byte inline limit: uploaded to the S3 staging bucket)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Issue 21.6: the EMF collector with forwarded logs made a CollectorConfig over the 4,096-byte
// parameter limit, and plan showed its size and exited 0; the deploy then failed halfway.
test('plan refuses a parameter value over 4,096 bytes, naming the variables and the fix, and exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-'));
  try {
    const profile = join(dir, 'emf-forwarded-logs.env');
    writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8')}\nENABLE_CODING_AGENT_INSIGHTS=false\n`);
    const io = createRecordingIo();
    expect(await main(['plan', '--profile', profile, '--json'], io)).toBe(1);
    // --json: the refusal is the one document on stdout
    expect(io.stdout).toHaveLength(1);
    expect(JSON.parse(io.stdout[0] as string)).toMatchObject({ result: 'error', error: { code: 'ParameterTooLarge', where: 'ENABLE_CODING_AGENT_INSIGHTS, FORWARD_LOGS, FORWARD_LOG_DETAILS' } });
    const stderr = io.stderr.join('\n');
    expect(stderr).toMatch(/claude-gateway-collector parameter CollectorConfig is \d+ bytes \(made from ENABLE_CODING_AGENT_INSIGHTS, FORWARD_LOGS, FORWARD_LOG_DETAILS\)/);
    expect(stderr).toContain('where: ENABLE_CODING_AGENT_INSIGHTS, FORWARD_LOGS, FORWARD_LOG_DETAILS');
    expect(stderr).toContain('fix:   set ENABLE_CODING_AGENT_INSIGHTS=true');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
