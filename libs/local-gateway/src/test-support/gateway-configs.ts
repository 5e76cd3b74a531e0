// Gateway configs the integration tests boot, written the way config-render emits them for AWS
// (a public origin, an external issuer, secrets as ${VAR}), so the loopback rewrite is exercised.

export function minimalDeployedConfig(): Record<string, unknown> {
  return {
    listen: { host: '0.0.0.0', port: 8080, public_url: 'https://claude-gateway.example.com' },
    oidc: {
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE',
      client_id: 'example-client',
      client_secret: '${OIDC_CLIENT_SECRET}',
      groups_claim: 'cognito:groups',
    },
    session: { jwt_secret: '${GATEWAY_JWT_SECRET}', ttl_hours: 8 },
    store: { postgres_url: '${GATEWAY_POSTGRES_URL}' },
    upstreams: [{ provider: 'bedrock', region: 'us-east-1', auth: {} }],
  };
}

/** Two group policies on top of a catch-all base: engineering and contractors. */
export function twoGroupPolicyConfig(): Record<string, unknown> {
  return {
    ...minimalDeployedConfig(),
    auto_include_builtin_models: true,
    managed: {
      policies: [
        {
          match: { groups: ['contractors'] },
          cli: { availableModels: ['claude-haiku-4-5'], enforceAvailableModels: true, permissions: { deny: ['WebFetch'] } },
        },
        {
          match: { groups: ['engineering'] },
          cli: { availableModels: ['claude-sonnet-4-6', 'claude-haiku-4-5'], env: { HARNESS_POLICY: 'eng' } },
        },
        { match: {}, cli: { availableModels: ['claude-haiku-4-5'], permissions: { deny: ['Bash(curl:*)'] } } },
      ],
    },
  };
}
