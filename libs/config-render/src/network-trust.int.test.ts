// The keys cagw now renders for the trust boundaries (load-balancer trusted_proxies, sign-in
// rate limits sized for a VPN, oidc.allowed_groups) are accepted by the real gateway at boot.
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { GatewayConfigRejected, startLocalGateway, stopSharedServices } from '@cagw/local-gateway';
import { afterAll, expect, test } from 'vitest';
import { parse } from 'yaml';
import { renderGatewayConfig } from './render-gateway-config.ts';

const profile = fileURLToPath(new URL('../../../profiles/local.env', import.meta.url));

afterAll(async () => {
  await stopSharedServices();
});

test('a VPN profile with ALLOWED_GROUPS renders a config the real gateway boots with', async () => {
  const { settings } = loadSettingsOrThrow({ profilePath: profile, env: { ENABLE_VPN: 'true', ALLOWED_GROUPS: 'claude-users,platform-finops' } });
  const { yaml, config } = renderGatewayConfig(settings);
  expect(config.rate_limits?.device_verify?.max).toBe(200);
  expect(config.oidc.allowed_groups).toEqual(['claude-users', 'platform-finops']);
  expect(config.listen.trusted_proxies).toEqual(['10.20.4.0/24', '10.20.5.0/24']);
  let refusal: unknown;
  try {
    const gateway = await startLocalGateway({ config: parse(yaml), env: {}, keepSharedServices: true });
    await gateway.stop();
  } catch (e) {
    if (!GatewayConfigRejected.isRejection(e)) throw e;
    refusal = e;
  }
  expect(refusal).toBeUndefined();
});
