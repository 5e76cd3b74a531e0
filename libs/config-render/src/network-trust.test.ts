// trusted_proxies is exactly the load balancers' subnets (never the VPC, where Client VPN users
// sit); the sign-in limits follow SIGNIN_RATE_LIMIT; allowed_groups follows ALLOWED_GROUPS.
import ipaddr from 'ipaddr.js';
import { describe, expect, test } from 'vitest';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';

/** True when the gateway would believe X-Forwarded-For from this TCP peer. */
const trusts = (proxies: readonly string[], peer: string) => proxies.some((cidr) => ipaddr.IPv4.parse(peer).match(ipaddr.IPv4.parseCIDR(cidr)));

describe('listen.trusted_proxies', () => {
  test('is the two load-balancer subnets of a /16 VPC', () => {
    expect(renderGatewayConfig(renderInputFixture({ VPC_CIDR: '10.20.0.0/16' })).config.listen.trusted_proxies).toEqual(['10.20.4.0/24', '10.20.5.0/24']);
  });

  test('a Client VPN interface in a private subnet is not a trusted proxy; the ALB in its subnet is', () => {
    const proxies = renderGatewayConfig(renderInputFixture({ VPC_CIDR: '10.20.0.0/16' })).config.listen.trusted_proxies ?? [];
    // private subnet 1 (10.20.2.0/24) holds the VPN's network interface
    expect(trusts(proxies, '10.20.2.57')).toBe(false);
    expect(trusts(proxies, '10.20.0.9')).toBe(false);
    expect(trusts(proxies, '10.20.4.200')).toBe(true);
  });

  test('a /24 VPC trusts its two /27 load-balancer subnets only', () => {
    expect(renderGatewayConfig(renderInputFixture({ VPC_CIDR: '192.168.7.0/24' })).config.listen.trusted_proxies).toEqual(['192.168.7.128/27', '192.168.7.160/27']);
  });
});

describe('rate_limits', () => {
  test('at the gateway defaults (SIGNIN_RATE_LIMIT unset or 10) the block is left out, saving parameter bytes', () => {
    expect(renderGatewayConfig(renderInputFixture()).config.rate_limits).toBeUndefined();
    expect(renderGatewayConfig(renderInputFixture({ SIGNIN_RATE_LIMIT: 10 })).yaml).not.toContain('rate_limits');
  });

  test('SIGNIN_RATE_LIMIT=200 (the ENABLE_VPN default) lets a team behind the VPN addresses sign in', () => {
    expect(renderGatewayConfig(renderInputFixture({ SIGNIN_RATE_LIMIT: 200 })).config.rate_limits).toEqual({
      device_authorization: { max: 600, window_seconds: 600 }, device_verify: { max: 200, window_seconds: 600 },
    });
  });
});

describe('oidc.allowed_groups', () => {
  test('is rendered from ALLOWED_GROUPS', () => {
    expect(renderGatewayConfig(renderInputFixture({ ALLOWED_GROUPS: ['claude-users', 'platform'] })).config.oidc.allowed_groups).toEqual(['claude-users', 'platform']);
  });

  test('is left out when ALLOWED_GROUPS is empty (the gateway would otherwise refuse everyone)', () => {
    const { config, yaml } = renderGatewayConfig(renderInputFixture({ ALLOWED_GROUPS: [] }));
    expect(config.oidc.allowed_groups).toBeUndefined();
    expect(yaml).not.toContain('allowed_groups');
  });
});
