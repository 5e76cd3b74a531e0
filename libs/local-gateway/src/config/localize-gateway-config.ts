// Points a gateway config at the parts cagw runs on loopback, and changes nothing else: every
// policy, model, admin and telemetry setting stays as the profile rendered it.

export type GatewayConfig = Record<string, unknown>;

export interface LoopbackParts {
  port: number;
  issuerUrl: string;
  clientId: string;
  /** a `${VAR}` reference (the value travels in the environment, not in the file) */
  clientSecretRef: string;
  postgresUrl: string;
  /** a `${VAR}` reference to the Postgres password */
  postgresPasswordRef: string;
  /** when set, every upstream becomes an `anthropic` upstream of this base URL, keeping its name */
  stubUpstreamUrl?: string;
  /** a `${VAR}` reference to the API key the stub upstream expects */
  stubApiKeyRef?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of the config rewritten for loopback: listen, oidc issuer + client, store, and optionally upstreams. */
export function localizeGatewayConfig(config: GatewayConfig, parts: LoopbackParts): GatewayConfig {
  const origin = `http://127.0.0.1:${parts.port}`;
  const listen = isObject(config.listen) ? config.listen : {};
  // tls files and the production origin do not exist here; a loopback public_url keeps
  // the features that need one (telemetry) switched on
  const { tls: _tls, public_url: publicUrl, ...keptListen } = listen;
  const oidc = isObject(config.oidc) ? config.oidc : {};
  // discovery_url and ca_cert_pem belong to the real IdP
  const { discovery_url: _discovery, ca_cert_pem: _ca, ...keptOidc } = oidc;
  const store = isObject(config.store) ? config.store : {};

  const localized: GatewayConfig = {
    ...config,
    listen: { ...keptListen, host: '127.0.0.1', port: parts.port, ...(publicUrl === undefined ? {} : { public_url: origin }) },
    oidc: { ...keptOidc, issuer: parts.issuerUrl, client_id: parts.clientId, client_secret: parts.clientSecretRef },
    store: {
      postgres_url: parts.postgresUrl,
      password: parts.postgresPasswordRef,
      ...(store.max_connections === undefined ? {} : { max_connections: store.max_connections }),
    },
  };
  if (parts.stubUpstreamUrl !== undefined && Array.isArray(config.upstreams)) {
    localized.upstreams = config.upstreams.map((upstream) => stubUpstream(upstream, parts.stubUpstreamUrl as string, parts.stubApiKeyRef ?? 'stub'));
  }
  return localized;
}

// Keeps the upstream's name (models[].upstream_model and pricing.overrides refer to it) and
// swaps the provider for the Anthropic API shape the stub speaks.
function stubUpstream(upstream: unknown, baseUrl: string, apiKeyRef: string): Record<string, unknown> {
  const original = isObject(upstream) ? upstream : {};
  const name = original.name ?? original.provider ?? 'anthropic';
  return { name, provider: 'anthropic', base_url: baseUrl, auth: { api_key: apiKeyRef } };
}
