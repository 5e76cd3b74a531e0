import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { localizeGatewayConfig, type LoopbackParts } from './localize-gateway-config.ts';

const parts: LoopbackParts = {
  port: 18080,
  issuerUrl: 'http://127.0.0.1:18081',
  clientId: 'client-1',
  clientSecretRef: '${SECRET}',
  postgresUrl: 'postgres://postgres@127.0.0.1:5555/gw?sslmode=disable',
  postgresPasswordRef: '${PGPW}',
};

const deployed = {
  listen: { host: '0.0.0.0', port: 8080, public_url: 'https://gw.example.com', trusted_proxies: ['10.0.0.0/8'], tls: { cert: '/c', key: '/k' } },
  oidc: { issuer: 'https://idp', client_id: 'real', client_secret: '${OIDC_CLIENT_SECRET}', groups_claim: 'cognito:groups', discovery_url: 'https://idp/.well-known/openid-configuration', allowed_email_domains: ['example.com'] },
  session: { jwt_secret: '${GATEWAY_JWT_SECRET}', ttl_hours: 8 },
  store: { postgres_url: '${GATEWAY_POSTGRES_URL}', username: 'gateway', max_connections: 10 },
  upstreams: [{ provider: 'bedrock', region: 'eu-west-1', auth: {} }, { name: 'fallback', provider: 'anthropic', auth: { api_key: '${KEY}' } }],
  managed: { policies: [{ match: {}, cli: { availableModels: ['claude-haiku-4-5'] } }] },
  models: [{ id: 'm', label: 'M', upstream_model: { bedrock: 'eu.anthropic.m' } }],
};

describe('localizeGatewayConfig', () => {
  test('rewrites listen, the oidc issuer and client, and the store', () => {
    const local = localizeGatewayConfig(deployed, parts);
    expect(local.listen).toEqual({ host: '127.0.0.1', port: 18080, public_url: 'http://127.0.0.1:18080', trusted_proxies: ['10.0.0.0/8'] });
    expect(local.oidc).toEqual({ issuer: 'http://127.0.0.1:18081', client_id: 'client-1', client_secret: '${SECRET}', groups_claim: 'cognito:groups', allowed_email_domains: ['example.com'] });
    expect(local.store).toEqual({ postgres_url: parts.postgresUrl, password: '${PGPW}', max_connections: 10 });
  });

  test('keeps every other section exactly, and does not touch its input', () => {
    const before = structuredClone(deployed);
    const local = localizeGatewayConfig(deployed, parts);
    expect(local.session).toEqual(deployed.session);
    expect(local.managed).toEqual(deployed.managed);
    expect(local.models).toEqual(deployed.models);
    expect(local.upstreams).toEqual(deployed.upstreams);
    expect(deployed).toEqual(before);
  });

  test('a config without public_url gets none', () => {
    const local = localizeGatewayConfig({ ...deployed, listen: { port: 8080 } }, parts);
    expect(local.listen).toEqual({ host: '127.0.0.1', port: 18080 });
  });

  test('with a stub upstream every upstream keeps its name and speaks the Anthropic API to the stub', () => {
    const local = localizeGatewayConfig(deployed, { ...parts, stubUpstreamUrl: 'http://127.0.0.1:9', stubApiKeyRef: '${STUB}' });
    expect(local.upstreams).toEqual([
      { name: 'bedrock', provider: 'anthropic', base_url: 'http://127.0.0.1:9', auth: { api_key: '${STUB}' } },
      { name: 'fallback', provider: 'anthropic', base_url: 'http://127.0.0.1:9', auth: { api_key: '${STUB}' } },
    ]);
  });
});

describe('localizeGatewayConfig, for any config', () => {
  const section = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
  const config = fc.record({
    listen: section,
    oidc: section,
    store: section,
    session: section,
    managed: section,
    extra: fc.jsonValue({ maxDepth: 3 }),
  });

  fcTest.prop([config])('keeps every section but listen, oidc and store as it was, and keeps the other oidc keys', (input) => {
    const local = localizeGatewayConfig(input, parts);
    expect(local.session).toEqual(input.session);
    expect(local.managed).toEqual(input.managed);
    expect(local.extra).toEqual(input.extra);
    const { issuer: _i, client_id: _c, client_secret: _s, discovery_url: _d, ca_cert_pem: _p, ...otherOidc } = input.oidc;
    expect(local.oidc).toMatchObject(otherOidc);
    expect(local.oidc).toMatchObject({ issuer: parts.issuerUrl, client_id: parts.clientId });
    expect(local.listen).toMatchObject({ host: '127.0.0.1', port: parts.port });
  });
});
