import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseRenderedConfig, referencedEnv, renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';
import { checkRenderInput } from './check-render-input.ts';
import { unpackGatewayConfig } from './pack-gateway-config.ts';

describe('renderGatewayConfig', () => {
  test('a BYO-IdP profile renders every section from its variables', () => {
    const { config } = renderGatewayConfig(renderInputFixture());
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8080, public_url: 'https://claude-gateway.example.com', trusted_proxies: ['10.20.4.0/24', '10.20.5.0/24'] });
    expect(config.oidc).toMatchObject({
      issuer: 'https://example.okta.com',
      client_id: '0oa1example2',
      client_secret: '${OIDC_CLIENT_SECRET}',
      allowed_email_domains: ['example.com'],
      groups_claim: 'groups',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    });
    expect(config.session).toEqual({ jwt_secret: '${GATEWAY_JWT_SECRET}', ttl_hours: 1 });
    expect(config.store).toEqual({ postgres_url: '${GATEWAY_POSTGRES_URL}' });
    expect(config.upstreams).toEqual([{ provider: 'bedrock', region: 'us-east-1', auth: {} }]);
    expect(config.telemetry).toEqual({ forward_to: [{ url: 'https://otel.example.com', metrics: true, logs: true }] });
    expect(config.admin).toEqual({
      write_keys: [{ id: 'ops', key: '${GATEWAY_ADMIN_WRITE_KEY}' }],
      admin_groups: ['platform-finops'],
      blocked_message: 'Contact your platform team to request a higher limit.',
    });
    expect(config.enforcement).toEqual({ fail_closed_on_error: false });
  });

  test('with Cognito the issuer and client id come from the task environment and offline_access is not asked for', () => {
    const { config, requiredEnv } = renderGatewayConfig(renderInputFixture({ idpMode: 'new-cognito', OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, GROUPS_CLAIM: 'cognito:groups' }));
    expect(config.oidc.issuer).toBe('${OIDC_ISSUER}');
    expect(config.oidc.client_id).toBe('${OIDC_CLIENT_ID}');
    expect(config.oidc.scopes).toEqual(['openid', 'email', 'profile']);
    expect(config.oidc.groups_claim).toBe('cognito:groups');
    expect(config.session.ttl_hours).toBe(8);
    expect(requiredEnv).toEqual(expect.arrayContaining(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'GATEWAY_JWT_SECRET', 'GATEWAY_POSTGRES_URL']));
  });

  test('OIDC_SCOPES replaces the default scopes', () => {
    const { config } = renderGatewayConfig(renderInputFixture({ OIDC_SCOPES: ['openid', 'profile', 'email', 'groups'] }));
    expect(config.oidc.scopes).toEqual(['openid', 'profile', 'email', 'groups']);
    expect(config.session.ttl_hours).toBe(8);
  });

  test('group policies render first-match in order, the catch-all last, enforceAvailableModels beside every allowlist', () => {
    const { config } = renderGatewayConfig(renderInputFixture());
    expect(config.managed?.policies).toEqual([
      {
        match: { groups: ['contractors'] },
        cli: {
          availableModels: ['claude-haiku-4-5'],
          enforceAvailableModels: true,
          permissions: { deny: ['WebFetch', 'Bash(curl:*)'] },
          env: { HTTP_PROXY: 'http://proxy.example.com:8080' },
        },
      },
      { match: {}, cli: { availableModels: ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-4-5'], enforceAvailableModels: true, env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' } }, desktop: {}, serve_to_desktop: false },
    ]);
  });

  test('without a catch-all every policy opts Claude Desktop in itself', () => {
    const { config } = renderGatewayConfig(renderInputFixture({ policies: [{ name: 'a', groups: ['a'], denyTools: ['WebFetch'] }, { name: 'b', groups: ['b'] }] }));
    expect(config.managed?.policies).toEqual([
      { match: { groups: ['a'] }, cli: { permissions: { deny: ['WebFetch'] }, env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' } }, desktop: {}, serve_to_desktop: false },
      { match: { groups: ['b'] }, cli: { env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' } }, desktop: {}, serve_to_desktop: false },
    ]);
  });

  test('with no policy a bare catch-all still opts Claude Desktop in', () => {
    const { config } = renderGatewayConfig(renderInputFixture({ policies: [] }));
    expect(config.managed?.policies).toEqual([{ match: {}, cli: { env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' } }, desktop: {}, serve_to_desktop: false }]);
  });

  test('DB_POOL_SIZE is the pool each task keeps: store.max_connections', () => {
    expect(renderGatewayConfig(renderInputFixture({ DB_POOL_SIZE: 12 })).config.store).toEqual({ postgres_url: '${GATEWAY_POSTGRES_URL}', max_connections: 12 });
  });

  test('no telemetry and no spend caps leave their sections out', () => {
    const { config } = renderGatewayConfig(renderInputFixture({ collectorEndpoint: undefined, ENABLE_SPEND_CAPS: false }));
    expect(config).not.toHaveProperty('telemetry');
    expect(config).not.toHaveProperty('admin');
    expect(config).not.toHaveProperty('enforcement');
  });

  test('telemetry forwards logs only with FORWARD_LOGS', () => {
    const { config } = renderGatewayConfig(renderInputFixture({ FORWARD_LOGS: false }));
    expect(config.telemetry?.forward_to).toEqual([{ url: 'https://otel.example.com', metrics: true }]);
  });

  test.each([
    ['us-west-2', 'us.anthropic.claude-opus-5-5'],
    ['eu-central-1', 'eu.anthropic.claude-opus-5-5'],
    ['ap-southeast-2', 'apac.anthropic.claude-opus-5-5'],
    ['sa-east-1', 'global.anthropic.claude-opus-5-5'],
  ])('in %s the models map to %s', (region, profile) => {
    const { config } = renderGatewayConfig(renderInputFixture({ bedrockRegion: region }));
    expect(config.auto_include_builtin_models).toBe(false);
    expect(config.models?.find((m) => m.id === 'claude-opus-5-5')?.upstream_model).toEqual({ bedrock: profile });
  });

  test('values that broke the original renderer are written and read back exactly', () => {
    const message = 'Ask FinOps & Platform: "limits" #now, [urgent] \\ {ok}';
    const { config } = renderGatewayConfig(
      renderInputFixture({
        SPEND_BLOCKED_MESSAGE: message,
        GROUPS_CLAIM: 'https://x/claims#groups',
        ADMIN_GROUPS: ['fin,ops', 'a]b', 'yes'],
        policies: [{ name: 'odd & "named"', groups: ['g#1', "o'brien"], denyTools: ['Bash(rm -rf /:*)'], env: { 'A B': 'x: y', NO: 'no' } }],
      }),
    );
    expect(config.admin?.blocked_message).toBe(message);
    expect(config.oidc.groups_claim).toBe('https://x/claims#groups');
    expect(config.admin?.admin_groups).toEqual(['fin,ops', 'a]b', 'yes']);
    expect(config.managed?.policies[0]).toEqual({ match: { groups: ['g#1', "o'brien"] }, cli: { permissions: { deny: ['Bash(rm -rf /:*)'] }, env: { 'A B': 'x: y', NO: 'no', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' } }, desktop: {}, serve_to_desktop: false });
  });

  test('the packed form decodes to the same document without comments', () => {
    const rendered = renderGatewayConfig(renderInputFixture());
    const compact = unpackGatewayConfig(rendered.packed);
    expect(compact).not.toContain('#');
    expect(parse(compact)).toEqual(parse(rendered.yaml));
    expect(rendered.budget).toEqual({ yamlBytes: Buffer.byteLength(rendered.yaml), packedBytes: rendered.packed.length, limit: 4096, fits: true });
  });
});

describe('session key rotation (PREVIOUS_JWT_SECRET_ARN)', () => {
  const previous = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf';

  test('unset, session.jwt_secret is the one current key, as a string', () => {
    const rendered = renderGatewayConfig(renderInputFixture({ PREVIOUS_JWT_SECRET_ARN: undefined }));
    expect(rendered.config.session.jwt_secret).toBe('${GATEWAY_JWT_SECRET}');
    expect(parse(unpackGatewayConfig(rendered.packed)).session.jwt_secret).toBe('${GATEWAY_JWT_SECRET}');
    expect(rendered.requiredEnv).not.toContain('GATEWAY_JWT_SECRET_PREVIOUS');
    expect(rendered.yaml).not.toContain('PREVIOUS');
  });

  test('set, session.jwt_secret lists the current key first (it signs) and the previous one second (it verifies)', () => {
    const rendered = renderGatewayConfig(renderInputFixture({ PREVIOUS_JWT_SECRET_ARN: previous }));
    expect(rendered.config.session).toEqual({ jwt_secret: ['${GATEWAY_JWT_SECRET}', '${GATEWAY_JWT_SECRET_PREVIOUS}'], ttl_hours: 1 });
    expect(parse(unpackGatewayConfig(rendered.packed)).session.jwt_secret).toEqual(['${GATEWAY_JWT_SECRET}', '${GATEWAY_JWT_SECRET_PREVIOUS}']);
    expect(rendered.requiredEnv).toEqual(expect.arrayContaining(['GATEWAY_JWT_SECRET', 'GATEWAY_JWT_SECRET_PREVIOUS']));
    // the task gets the secret from ECS; the ARN itself never reaches the config
    expect(rendered.yaml).not.toContain(previous);
    expect(rendered.budget.fits).toBe(true);
  });

  test('the rest of the config is the same either way', () => {
    const without = renderGatewayConfig(renderInputFixture()).config;
    const withPrevious = renderGatewayConfig(renderInputFixture({ PREVIOUS_JWT_SECRET_ARN: previous })).config;
    expect({ ...withPrevious, session: without.session }).toEqual(without);
  });
});

describe('checkRenderInput', () => {
  test('a clean profile has no problems', () => {
    expect(checkRenderInput(renderInputFixture())).toEqual([]);
  });

  test('reports every problem at once, each with where and a fix', () => {
    const problems = checkRenderInput(
      renderInputFixture({
        OIDC_ISSUER: undefined,
        SPEND_BLOCKED_MESSAGE: 'see ${GATEWAY_JWT_SECRET}',
        ADMIN_GROUPS: [''],
        policies: [
          { name: 'all', groups: [] },
          { name: 'eng', groups: ['eng', ''], models: ['claude-opus-9', 'opus', 'best'] },
        ],
      }),
    );
    expect(problems.map((p) => [p.code, p.where])).toEqual([
      ['GatewayConfigValueInvalid', 'OIDC_ISSUER'],
      ['GatewayConfigValueInvalid', 'SPEND_BLOCKED_MESSAGE'],
      ['GatewayConfigValueInvalid', 'ADMIN_GROUPS'],
      ['GatewayConfigValueInvalid', 'POLICIES_FILE policy "all" (policy 1 of 2)'],
      ['GatewayConfigValueInvalid', 'POLICIES_FILE policy "eng" (policy 2 of 2)'],
      ['GatewayConfigValueInvalid', 'POLICIES_FILE policy "eng" (policy 2 of 2)'],
      ['GatewayConfigValueInvalid', 'POLICIES_FILE policy "eng" (policy 2 of 2)'],
    ]);
    expect(problems.every((p) => p.fix && p.source === 'user')).toBe(true);
    expect(problems[1]?.message).toContain('${...} reference');
    expect(problems[5]?.message).toContain('"claude-opus-9"');
    expect(problems[6]?.message).toContain('"best"');
  });

  test('an unknown model the catch-all got from ENFORCE_MODELS names ENFORCE_MODELS, not the policies file', () => {
    const [problem, ...rest] = checkRenderInput(renderInputFixture({
      policies: [{ name: 'everyone-else', groups: [], models: ['us.anthropic.claude-sonnet-4-6'], modelsFrom: 'ENFORCE_MODELS' }],
    }));
    expect(rest).toEqual([]);
    expect(problem?.message).toBe('ENFORCE_MODELS allows model "us.anthropic.claude-sonnet-4-6", which is not in the gateway\'s model list');
    expect(problem?.where).toBe('ENFORCE_MODELS');
    expect(problem?.fix).toContain('sonnet');
  });

  test('Cognito with offline_access is refused: its token endpoint rejects the scope', () => {
    const problems = checkRenderInput(renderInputFixture({ idpMode: 'new-cognito', OIDC_SCOPES: ['openid', 'email', 'offline_access'] }));
    expect(problems.map((p) => p.where)).toEqual(['OIDC_SCOPES']);
    expect(checkRenderInput(renderInputFixture({ idpMode: 'byo', OIDC_SCOPES: ['openid', 'offline_access'] }))).toEqual([]);
  });

  test('renderGatewayConfig refuses input with problems', () => {
    expect(() => renderGatewayConfig(renderInputFixture({ GROUPS_CLAIM: '${file:/etc/passwd}' }))).toThrow(/GROUPS_CLAIM/);
  });
});

describe('parseRenderedConfig', () => {
  test('an unknown key is a cagw bug that names its path', () => {
    expect(() => parseRenderedConfig('listen: { public_url: https://x, lisen: 1 }\noidc: {issuer: a, client_id: b}\nsession: {jwt_secret: x}\nstore: {postgres_url: postgres://h/d}\nupstreams: [{provider: bedrock, region: r}]\n')).toThrow(
      expect.objectContaining({ code: 'GatewayConfigRenderBug', where: 'listen' }),
    );
  });

  test('a non-loopback listener without public_url is refused like the gateway refuses it', () => {
    expect(() => parseRenderedConfig('listen: { host: 0.0.0.0 }\noidc: {issuer: a, client_id: b}\nsession: {jwt_secret: x}\nstore: {postgres_url: postgres://h/d}\nupstreams: [{provider: bedrock, region: r}]\n')).toThrow(/listen\.public_url/);
  });
});

test('referencedEnv lists the ${VAR}s outside comments', () => {
  expect(referencedEnv('# ${NOT_ME}\na: ${ONE}\nb: "x ${TWO} ${ONE}"\n')).toEqual(['ONE', 'TWO']);
});
