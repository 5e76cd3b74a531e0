import { afterAll, describe, expect, test } from 'vitest';
import { fetchManagedSettings, listModels, sendTestMessage } from '../client/gateway-api.ts';
import { refreshGatewayToken, signInTestUser } from '../client/sign-in-test-user.ts';
import { stopSharedServices } from '../lifecycle/shared-services.ts';
import { isLoopbackPortListening } from '../net/loopback-port.ts';
import { STUB_REPLY_TEXT } from '../stub-upstream/stub-anthropic-upstream.ts';
import { isProcessAlive, pidsWithCommandLineContaining } from '../test-support/processes.ts';
import { minimalDeployedConfig, twoGroupPolicyConfig } from '../test-support/gateway-configs.ts';
import { GatewayConfigRejected } from './gateway-config-rejected.ts';
import { proveGatewayConfig } from './prove-gateway-config.ts';
import { startLocalGateway, type StartLocalGatewayOptions } from './start-local-gateway.ts';

// One PostgreSQL and one issuer for the whole file (kept between tests); the last test lets
// stop() take them down and checks nothing is left.
const kept = (options: StartLocalGatewayOptions) => startLocalGateway({ keepSharedServices: true, ...options });

async function rejection(options: StartLocalGatewayOptions): Promise<GatewayConfigRejected> {
  const outcome = await kept(options).then(
    async (gateway) => {
      await gateway.stop();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(GatewayConfigRejected.isRejection(outcome)).toBe(true);
  return outcome as GatewayConfigRejected;
}

afterAll(async () => {
  await stopSharedServices();
});

describe('startLocalGateway with the real binary', () => {
  test('a minimal deployed config boots on loopback and /readyz answers', async () => {
    const live: string[] = [];
    const gateway = await kept({ config: minimalDeployedConfig(), onLogLine: (line) => live.push(line) });
    try {
      expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toContain('ready');
      expect(gateway.bootMs).toBeGreaterThan(0);
      expect(gateway.logs.join('\n')).toContain(`oidc issuer ${gateway.issuerUrl}`);
      expect(live.join('\n')).toContain(`listening on ${gateway.url}`);
    } finally {
      await gateway.stop();
    }
    // 2.1.330 ends cleanly on SIGTERM (older releases died of the signal)
    const exit = await gateway.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });

  test('an unknown key is refused with the gateway own field-level errors', async () => {
    const config = minimalDeployedConfig();
    const oidc = config.oidc as Record<string, unknown>;
    config.oidc = { ...oidc, client_secrett: 'typo' };
    config.telemetri = { forward_to: [] };
    const error = await rejection({ config });
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'oidc.client_secrett', code: 'unrecognized_keys' }),
        expect.objectContaining({ path: 'telemetri', code: 'unrecognized_keys' }),
      ]),
    );
    expect(error.message).toContain('oidc.client_secrett');
    expect(error.source).toBe('user');
  });

  test('a bad key in a managed cli document is reported under its policy', async () => {
    const config = twoGroupPolicyConfig();
    const policies = (config.managed as { policies: Record<string, unknown>[] }).policies;
    policies[1] = { match: { groups: ['engineering'] }, cli: { availableModel: ['claude-haiku-4-5'], permissions: 'all' } };
    const error = await rejection({ config });
    const paths = error.errors.map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(['managed.policies[1].cli.availableModel', 'managed.policies[1].cli.permissions']));
  });

  test('unset ${VAR}s get throwaway values that never reach the config file or the logs', async () => {
    const config = { ...minimalDeployedConfig(), admin: { write_keys: [{ id: 'terraform', key: '${CAGW_TEST_UNSET_ADMIN_KEY}' }] } };
    const gateway = await kept({ config, env: { GATEWAY_JWT_SECRET: 'x'.repeat(40) } });
    try {
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
      // the write key is some random value: a guessed one is refused
      const admin = await fetch(`${gateway.url}/v1/organizations/spend_limits`, { headers: { 'x-api-key': 'y'.repeat(40) } });
      expect(admin.status).toBe(401);
      expect(gateway.logs.join('\n')).not.toContain('x'.repeat(40));
    } finally {
      await gateway.stop();
    }
  });

  test('each signed-in user gets their group policy, models and allowlist enforcement', async () => {
    const gateway = await kept({ config: twoGroupPolicyConfig(), upstream: 'stub' });
    try {
      const alice = await signInTestUser(gateway.url, 'alice@example.com'); // engineering
      const bob = await signInTestUser(gateway.url, 'bob@example.com'); // contractors
      const fiona = await signInTestUser(gateway.url, 'fiona@example.com'); // no matching group

      const aliceSettings = await fetchManagedSettings(gateway.url, alice.accessToken);
      const bobSettings = await fetchManagedSettings(gateway.url, bob.accessToken);
      const fionaSettings = await fetchManagedSettings(gateway.url, fiona.accessToken);
      expect(aliceSettings.status).toBe(200);
      expect(aliceSettings.settings).toMatchObject({ availableModels: ['claude-sonnet-4-6', 'claude-haiku-4-5'], env: { HARNESS_POLICY: 'eng' } });
      expect(bobSettings.settings).toMatchObject({ availableModels: ['claude-haiku-4-5'], enforceAvailableModels: true });
      expect((bobSettings.settings?.permissions as { deny: string[] }).deny).toEqual(expect.arrayContaining(['WebFetch', 'Bash(curl:*)']));
      expect(fionaSettings.settings).toMatchObject({ availableModels: ['claude-haiku-4-5'] });
      expect(aliceSettings.checksum).not.toBe(bobSettings.checksum);
      // the refresh grant keeps the user and their policy
      const bobAgain = await refreshGatewayToken(gateway.url, bob.refreshToken ?? '');
      expect((await fetchManagedSettings(gateway.url, bobAgain.accessToken)).checksum).toBe(bobSettings.checksum);

      expect(await listModels(gateway.url, alice.accessToken)).toEqual(expect.arrayContaining(['claude-sonnet-4-6']));
      expect(await listModels(gateway.url, bob.accessToken)).not.toContain('claude-sonnet-4-6');

      const aliceReply = await sendTestMessage(gateway.url, alice.accessToken, 'claude-sonnet-4-6');
      expect(aliceReply).toEqual({ status: 200, text: STUB_REPLY_TEXT });
      const bobReply = await sendTestMessage(gateway.url, bob.accessToken, 'claude-sonnet-4-6');
      expect(bobReply.status).toBe(400);
      expect(bobReply.error).toContain('allowlist');
      expect(gateway.stubUpstream?.requests.filter((request) => request.path === '/v1/messages')).toHaveLength(1);
    } finally {
      await gateway.stop();
    }
  });

  test('default users sign in under the allowed email domain; a user outside it is refused', async () => {
    const config = minimalDeployedConfig();
    config.oidc = { ...(config.oidc as object), allowed_email_domains: ['corp.example.org'] };
    const users = [
      { email: 'alice@corp.example.org', name: 'Alice', groups: ['engineering'] },
      { email: 'carol@other.example.net', name: 'Carol', groups: ['engineering'] },
    ];
    const withDefaults = await kept({ config });
    try {
      expect(withDefaults.users.map((user) => user.email)).toContain('bob@corp.example.org');
      await expect(signInTestUser(withDefaults.url, 'bob@corp.example.org')).resolves.toMatchObject({ accessToken: expect.any(String) });
    } finally {
      await withDefaults.stop();
    }
    const withOutsider = await kept({ config, users });
    try {
      await expect(signInTestUser(withOutsider.url, 'carol@other.example.net')).rejects.toThrow(/signing carol@other.example.net in/);
      expect(withOutsider.logs.join('\n')).toContain('email domain not allowed');
    } finally {
      await withOutsider.stop();
    }
  });

  test('boot warnings come back without the log prefix', async () => {
    const config = twoGroupPolicyConfig();
    const policies = (config.managed as { policies: unknown[] }).policies;
    policies.unshift(policies.pop()); // the catch-all first: later policies never match
    const gateway = await kept({ config });
    try {
      expect(gateway.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^managed\.policies\[0\] is a catch-all .* not the last entry/)]));
    } finally {
      await gateway.stop();
    }
  });

  test('the sign-in rate limit of 10 per IP is reached, and resetSignInRateLimits() lifts it', async () => {
    const gateway = await kept({ config: minimalDeployedConfig() });
    try {
      for (let attempt = 0; attempt < 10; attempt++) await signInTestUser(gateway.url, 'alice@example.com');
      await expect(signInTestUser(gateway.url, 'alice@example.com')).rejects.toThrow(/too many attempts/i);
      await gateway.resetSignInRateLimits();
      await expect(signInTestUser(gateway.url, 'alice@example.com')).resolves.toMatchObject({ accessToken: expect.any(String) });
    } finally {
      await gateway.stop();
    }
  });

  test('proveGatewayConfig answers accepted with warnings, or refused with the errors', async () => {
    const accepted = await proveGatewayConfig({ config: twoGroupPolicyConfig() });
    expect(accepted).toMatchObject({ accepted: true, version: '2.1.330', warnings: expect.any(Array) });
    const broken = await proveGatewayConfig({ config: { ...minimalDeployedConfig(), upstreams: { provider: 'bedrock' } } });
    expect(broken).toMatchObject({ accepted: false, errors: [expect.objectContaining({ path: 'upstreams' })] });
  });

  test('stop() of the last gateway leaves no process and no listening port', async () => {
    const gateway = await startLocalGateway({ config: minimalDeployedConfig(), upstream: 'stub' });
    const ports = [gateway.port, gateway.database.port, Number(new URL(gateway.issuerUrl).port), gateway.stubUpstream?.port ?? 0];
    const postgresPids = pidsWithCommandLineContaining(gateway.database.dataDir);
    expect(postgresPids.length).toBeGreaterThan(0);
    for (const port of ports) expect(await isLoopbackPortListening(port)).toBe(true);

    await gateway.stop();

    expect(isProcessAlive(gateway.pid)).toBe(false);
    expect(postgresPids.filter(isProcessAlive)).toEqual([]);
    for (const port of ports) expect(await isLoopbackPortListening(port)).toBe(false);
  });
});
