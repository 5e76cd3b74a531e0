import { describe, expect, test } from 'vitest';
import { buildConfigSources, parseConfigPath, sourceOfConfigPath } from './config-sources.ts';
import { renderInputFixture } from './render-input.fixture.ts';

describe('config sources', () => {
  const sources = buildConfigSources(renderInputFixture());

  test.each([
    ['oidc.groups_claim', 'GROUPS_CLAIM'],
    ['oidc.allowed_email_domains.0', 'ALLOWED_DOMAINS'],
    ['oidc.use_pkce', 'IDP_MODE / OIDC_* variables'],
    ['admin.blocked_message', 'SPEND_BLOCKED_MESSAGE'],
    ['session.jwt_secret', 'the secret GATEWAY_JWT_SECRET'],
    ['store.max_connections', 'DB_POOL_SIZE'],
    ['store.url', 'the database secret (GATEWAY_POSTGRES_URL)'],
    ['session.jwt_secret[1]', 'PREVIOUS_JWT_SECRET_ARN (the secret GATEWAY_JWT_SECRET_PREVIOUS)'],
    ['managed.policies[1].cli', 'policy "everyone" (policy 2 of 2, from POLICIES_FILE or DENY_TOOL_GROUP / ENFORCE_MODELS)'],
  ])('the gateway path %s comes from %s', (path, source) => {
    expect(sourceOfConfigPath(sources, parseConfigPath(path))).toBe(source);
  });

  test('a path cagw never writes has no source', () => {
    expect(sourceOfConfigPath(sources, ['pricing', 'multiplier'])).toBeUndefined();
  });

  test('with Cognito the issuer is traced to the Cognito stack', () => {
    const cognito = buildConfigSources(renderInputFixture({ idpMode: 'existing-cognito' }));
    expect(sourceOfConfigPath(cognito, ['oidc', 'issuer'])).toMatch(/Cognito stack/);
  });

  test('parseConfigPath reads dots and indices', () => {
    expect(parseConfigPath('managed.policies[0].cli.permissions')).toEqual(['managed', 'policies', 0, 'cli', 'permissions']);
  });
});
