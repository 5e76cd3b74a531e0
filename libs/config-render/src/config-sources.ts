// Which profile variable (or policy) produced each part of the rendered config, so an error the
// real gateway reports at a config path can be told back in the profile's own terms.
import type { GatewayRenderInput } from './render-input.ts';
import { describePolicy } from './check-render-input.ts';

export type ConfigPath = readonly (string | number)[];

export interface ConfigSource {
  /** the config path prefix, e.g. ['oidc', 'groups_claim'] */
  path: ConfigPath;
  /** the profile variable(s) or policy behind it, e.g. 'GROUPS_CLAIM' or 'POLICIES_FILE policy "eng"' */
  source: string;
}

export function buildConfigSources(input: GatewayRenderInput): ConfigSource[] {
  const cognito = input.idpMode !== 'byo';
  const sources: ConfigSource[] = [
    { path: ['listen', 'public_url'], source: 'DOMAIN_NAME / GATEWAY_HOST (the TLS mode)' },
    { path: ['listen', 'trusted_proxies'], source: 'VPC_CIDR (its load-balancer subnets)' },
    { path: ['rate_limits'], source: 'SIGNIN_RATE_LIMIT' },
    { path: ['oidc', 'allowed_groups'], source: 'ALLOWED_GROUPS' },
    { path: ['oidc', 'issuer'], source: cognito ? 'IDP_MODE (the Cognito stack output OIDC_ISSUER)' : 'OIDC_ISSUER' },
    { path: ['oidc', 'client_id'], source: cognito ? 'IDP_MODE (the Cognito stack output OIDC_CLIENT_ID)' : 'OIDC_CLIENT_ID' },
    { path: ['oidc', 'client_secret'], source: 'OIDC_CLIENT_SECRET_ARN (the secret OIDC_CLIENT_SECRET)' },
    { path: ['oidc', 'allowed_email_domains'], source: 'ALLOWED_DOMAINS' },
    { path: ['oidc', 'groups_claim'], source: 'GROUPS_CLAIM' },
    { path: ['oidc', 'scopes'], source: 'OIDC_SCOPES' },
    { path: ['oidc'], source: 'IDP_MODE / OIDC_* variables' },
    { path: ['session'], source: 'the secret GATEWAY_JWT_SECRET' },
    { path: ['session', 'jwt_secret', 1], source: 'PREVIOUS_JWT_SECRET_ARN (the secret GATEWAY_JWT_SECRET_PREVIOUS)' },
    { path: ['store'], source: 'the database secret (GATEWAY_POSTGRES_URL)' },
    { path: ['store', 'max_connections'], source: 'DB_POOL_SIZE' },
    { path: ['upstreams'], source: 'BEDROCK_REGION / AWS_REGION' },
    { path: ['models'], source: 'BEDROCK_REGION (the model catalogue of its geography)' },
    { path: ['telemetry'], source: 'COLLECTOR_ENDPOINT / ENABLE_COLLECTOR / FORWARD_LOGS' },
    { path: ['admin', 'admin_groups'], source: 'ADMIN_GROUPS' },
    { path: ['admin', 'blocked_message'], source: 'SPEND_BLOCKED_MESSAGE' },
    { path: ['admin'], source: 'ENABLE_SPEND_CAPS / GATEWAY_ADMIN_WRITE_KEY_ARN' },
    { path: ['enforcement'], source: 'SPEND_CAP_FAIL_CLOSED' },
  ];
  input.policies.forEach((policy, i) => {
    sources.push({ path: ['managed', 'policies', i], source: `${describePolicy(policy)} (policy ${i + 1} of ${input.policies.length}, from POLICIES_FILE or DENY_TOOL_GROUP / ENFORCE_MODELS)` });
  });
  return sources;
}

/** The source of the longest configured prefix of `path`, or undefined for a path cagw never writes. */
export function sourceOfConfigPath(sources: readonly ConfigSource[], path: ConfigPath): string | undefined {
  let best: ConfigSource | undefined;
  for (const s of sources) {
    const matches = s.path.length <= path.length && s.path.every((p, i) => String(p) === String(path[i]));
    if (matches && (!best || s.path.length > best.path.length)) best = s;
  }
  return best?.source;
}

/** Parses a gateway path string such as `managed.policies[0].cli` into its segments. */
export function parseConfigPath(text: string): ConfigPath {
  return text.split(/[.[\]]+/).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
