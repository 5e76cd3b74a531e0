// The gateway's own configuration schema, written from gateway-config.md §1 and what the real
// 2.1.330 binary was observed to reject (gateway-runtime.md §1): objects are strict, so an
// unknown key fails here exactly as it fails the gateway's boot. A rendered config that fails
// this schema is a cagw bug, reported with the path, never deployed.
import { z } from 'zod';

const nonEmpty = z.string().min(1);
// The gateway coerces numeric fields (so `port: ${PORT}` works); a rendered file writes numbers.
const count = z.number().int().positive();
const cidrOrIp = z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be an IP address or CIDR');
const url = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL');
// `${VAR}` references stay as text until the gateway expands them at boot.
const secretRef = z.string().regex(/^\$\{[A-Za-z_]\w*\}$/, 'must be a ${VAR} reference, never a literal secret');

const listen = z.strictObject({
  host: nonEmpty.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  public_url: url.optional(),
  tls: z.strictObject({ cert: nonEmpty, key: nonEmpty }).optional(),
  trusted_proxies: z.array(cidrOrIp).optional(),
});

const oidc = z.strictObject({
  issuer: nonEmpty,
  client_id: nonEmpty,
  client_secret: nonEmpty.optional(),
  allowed_email_domains: z.array(nonEmpty).optional(),
  allowed_groups: z.array(nonEmpty).optional(),
  groups_claim: nonEmpty.optional(),
  google_groups: z.strictObject({ service_account_json_path: nonEmpty, admin_email: nonEmpty }).optional(),
  email_claim: z.union([nonEmpty, z.array(nonEmpty).min(1)]).optional(),
  user_id_claim: nonEmpty.optional(),
  scopes: z
    .array(z.string().regex(/^\S+$/, 'must be a single OAuth scope (no whitespace)'))
    .refine((s) => s.includes('openid'), 'oidc.scopes must include openid')
    .optional(),
  scope_on_refresh: z.boolean().optional(),
  extra_auth_params: z.record(nonEmpty, z.string()).optional(),
  userinfo_fallback: z.boolean().optional(),
  use_pkce: z.boolean().optional(),
  clock_skew_seconds: z.number().int().nonnegative().optional(),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt']).optional(),
  id_token_signed_response_alg: nonEmpty.optional(),
  additional_authorized_parties: z.array(z.string()).optional(),
  discovery_url: url.optional(),
  use_proxy: z.boolean().optional(),
  form_action_origins: z.array(url).optional(),
  ca_cert_pem: z.string().optional(),
});

const session = z.strictObject({
  jwt_secret: z.union([z.string(), z.array(z.string()).min(1)]),
  ttl_hours: z.number().positive().optional(),
});

const store = z.strictObject({
  postgres_url: z.string().regex(/^(postgres(ql)?:\/\/|\$\{)/, 'must be postgres:// or postgresql:// (or a ${VAR})'),
  username: z.string().optional(),
  password: z.string().optional(),
  max_connections: count.optional(),
  connect_timeout_seconds: z.number().int().min(1).max(60).optional(),
});

const awsAuth = z.strictObject({
  aws_access_key_id: nonEmpty.optional(),
  aws_secret_access_key: nonEmpty.optional(),
  aws_session_token: nonEmpty.optional(),
  aws_bearer_token: nonEmpty.optional(),
});
const upstream = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('bedrock'), name: nonEmpty.optional(), region: nonEmpty, base_url: url.optional(), auth: awsAuth.optional() }),
  z.strictObject({ provider: z.literal('anthropic'), name: nonEmpty.optional(), base_url: url.optional(), auth: z.record(z.string(), z.string()), forward_user_identity: z.boolean().optional() }),
]);

const model = z.strictObject({
  id: nonEmpty,
  label: z.string().optional(),
  description: z.string().optional(),
  upstream_model: z.record(nonEmpty, nonEmpty).refine((m) => Object.keys(m).length > 0, 'upstream_model must set at least one upstream'),
});

const policy = z.strictObject({
  match: z.strictObject({
    groups: z.array(z.string().min(1, 'match.groups contains an empty entry')).min(1, 'match.groups is empty').optional(),
    email_domain: z.string().regex(/^@?[^@\s,]+$/, 'match.email_domain must be one bare domain').optional(),
  }),
  // The CLI settings document: open here, validated by the gateway against its bundled CLI schema.
  cli: z.record(z.string(), z.unknown()).optional(),
  desktop: z.record(z.string(), z.unknown()).optional(),
  serve_to_desktop: z.boolean().optional(),
});

const forwardTo = z.strictObject({
  url: z.string().regex(/^https:\/\//, 'forward_to.url must be https://'),
  headers: z.record(z.string(), z.string()).optional(),
  metrics: z.boolean().optional(),
  logs: z.boolean().optional(),
  traces: z.boolean().optional(),
});

const adminKey = z.strictObject({ id: nonEmpty, key: z.string() });
const admin = z.strictObject({
  write_keys: z.array(adminKey).optional(),
  read_keys: z.array(adminKey).optional(),
  admin_groups: z.array(z.string().min(1, 'admin.admin_groups contains an empty entry')).optional(),
  blocked_message: z.string().optional(),
  audit_retention_days: count.optional(),
  spend_retention_months: count.optional(),
  identity_retention_days: count.optional(),
  group_limit_mode: z.enum(['min', 'max']).optional(),
});

export const gatewayConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    listen,
    oidc,
    session,
    store,
    upstreams: z.array(upstream).min(1),
    auto_include_builtin_models: z.boolean().optional(),
    models: z.array(model).optional(),
    managed: z.strictObject({ policies: z.array(policy) }).optional(),
    telemetry: z.strictObject({ forward_to: z.array(forwardTo) }).optional(),
    admin: admin.optional(),
    enforcement: z.strictObject({ fail_closed_on_error: z.boolean() }).optional(),
    access_control: z.strictObject({ allow_cidrs: z.array(cidrOrIp).optional(), deny_cidrs: z.array(cidrOrIp).optional() }).optional(),
    limits: z.strictObject({ max_request_bytes: count.optional(), max_request_header_bytes: count.optional(), max_url_length: count.optional() }).optional(),
    timeouts: z.strictObject({ upstream_ttfb_ms: count.optional() }).optional(),
    rate_limits: z
      .strictObject({
        device_authorization: z.strictObject({ max: count.optional(), window_seconds: count.optional() }).optional(),
        device_verify: z.strictObject({ max: count.optional(), window_seconds: count.optional() }).optional(),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    // Cross-field rules the gateway enforces at boot (gateway-config.md §1.13).
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.listen.host ?? '0.0.0.0');
    if (!loopback && !config.listen.public_url) {
      ctx.addIssue({ code: 'custom', path: ['listen', 'public_url'], message: 'listen.public_url is required when listen.host is not loopback' });
    }
    if (config.enforcement?.fail_closed_on_error && !config.admin) {
      ctx.addIssue({ code: 'custom', path: ['enforcement', 'fail_closed_on_error'], message: 'has no effect without an admin block' });
    }
    const upstreamNames = new Set(config.upstreams.map((u) => u.name ?? u.provider));
    config.models?.forEach((m, i) => {
      for (const key of Object.keys(m.upstream_model)) {
        if (!upstreamNames.has(key)) ctx.addIssue({ code: 'custom', path: ['models', i, 'upstream_model', key], message: `references unknown upstream '${key}'` });
      }
    });
    config.admin?.write_keys?.forEach((k, i) => {
      if (!secretRef.safeParse(k.key).success) ctx.addIssue({ code: 'custom', path: ['admin', 'write_keys', i, 'key'], message: 'admin keys must come from a ${VAR} secret' });
    });
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export { secretRef as secretReferenceSchema };
