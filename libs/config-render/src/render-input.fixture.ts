// A complete render input for tests: a BYO-IdP profile with every optional part switched on.
import type { GatewayRenderInput } from './render-input.ts';

export function renderInputFixture(overrides: Partial<GatewayRenderInput> = {}): GatewayRenderInput {
  return {
    publicUrl: 'https://claude-gateway.example.com',
    VPC_CIDR: '10.20.0.0/16',
    idpMode: 'byo',
    OIDC_ISSUER: 'https://example.okta.com',
    OIDC_CLIENT_ID: '0oa1example2',
    OIDC_SCOPES: undefined,
    ALLOWED_DOMAINS: ['example.com'],
    GROUPS_CLAIM: 'groups',
    bedrockRegion: 'us-east-1',
    collectorEndpoint: 'https://otel.example.com',
    FORWARD_LOGS: true,
    ENABLE_SPEND_CAPS: true,
    SPEND_CAP_FAIL_CLOSED: false,
    SPEND_BLOCKED_MESSAGE: 'Contact your platform team to request a higher limit.',
    ADMIN_GROUPS: ['platform-finops'],
    policies: [
      { name: 'contractors', groups: ['contractors'], models: ['claude-haiku-4-5'], denyTools: ['WebFetch', 'Bash(curl:*)'], env: { HTTP_PROXY: 'http://proxy.example.com:8080' } },
      { name: 'everyone', groups: [], models: ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-4-5'] },
    ],
    ...overrides,
  };
}
