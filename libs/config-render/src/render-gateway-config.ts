// Settings → gateway.yaml: the readable commented document, its packed form for the task
// definition, the byte budget, and the map from config paths back to profile variables.
import { CagwError } from '@cagw/errors';
import { parse } from 'yaml';
import { byteBudget, type ByteBudget } from './byte-budget.ts';
import { checkRenderInput } from './check-render-input.ts';
import { withClientTelemetryEnv } from './client-telemetry-env.ts';
import { buildConfigSources, type ConfigSource } from './config-sources.ts';
import { loadBalancerCidrs, signInRateLimits } from './network-trust.ts';
import { gatewayConfigSchema, type GatewayConfig } from './gateway-config-schema.ts';
import { geographyOfRegion, modelsForRegion } from './models-catalogue.ts';
import { packGatewayConfig } from './pack-gateway-config.ts';
import { COGNITO_ENV, SECRET_ENV, type GatewayRenderInput, type GroupPolicy } from './render-input.ts';
import { renderTemplate } from './template-engine.ts';

export interface RenderedGatewayConfig {
  /** the readable, commented gateway.yaml */
  yaml: string;
  /** the parsed, schema-checked document */
  config: GatewayConfig;
  /** comments stripped, compact, gzip + base64 */
  packed: string;
  budget: ByteBudget;
  /** which profile variable or policy produced each config path */
  sources: ConfigSource[];
  /** environment variables the gateway task must set (the ${VAR} references in the config) */
  requiredEnv: string[];
}

export interface RenderOptions {
  /** shown in the header comment */
  profileName?: string;
}

// Cognito's token endpoint rejects offline_access (original-toolkit.md §4.1).
const COGNITO_SCOPES = ['openid', 'email', 'profile'];
const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
// The same defaults @cagw/profile applies, for callers that build the input by hand.
const DEFAULT_VPC_CIDR = '10.20.0.0/16';

// Claude Desktop's /user/bootstrap answers only for policies with a desktop block; on the
// catch-all it opts in everyone (with no catch-all, every policy carries one).
function policyView(policy: GroupPolicy, desktop: boolean, telemetry: { telemetry: boolean; hasCatchAll: boolean }) {
  const pinned = withClientTelemetryEnv(policy.env, { ...telemetry, isBase: policy.groups.length === 0 });
  const env = pinned && Object.keys(pinned).length > 0 ? pinned : undefined;
  const models = policy.models && policy.models.length > 0 ? policy.models : undefined;
  const denyTools = policy.denyTools && policy.denyTools.length > 0 ? policy.denyTools : undefined;
  return { name: policy.name, groups: policy.groups, models, denyTools, env, hasCli: Boolean(models || denyTools || env), desktop };
}

function templateView(input: GatewayRenderInput, options: RenderOptions) {
  const cognito = input.idpMode !== 'byo';
  const hasCatchAll = input.policies.length === 0 || input.policies.some((p) => p.groups.length === 0);
  // With no policy at all, a bare catch-all still opts Claude Desktop in (the gateway warns
  // when telemetry is on and no policy carries a desktop block).
  const declared = input.policies.length > 0 ? input.policies : [{ name: 'everyone (no restrictions)', groups: [] }];
  const telemetry = { telemetry: Boolean(input.collectorEndpoint), hasCatchAll };
  const policies = declared.map((p) => policyView(p, p.groups.length === 0 || !hasCatchAll, telemetry));
  const scopes = input.OIDC_SCOPES ?? (cognito ? COGNITO_SCOPES : DEFAULT_SCOPES);
  return {
    profileName: options.profileName ?? 'unnamed',
    cognito,
    publicUrl: input.publicUrl,
    trustedProxies: loadBalancerCidrs(input.VPC_CIDR ?? DEFAULT_VPC_CIDR),
    rateLimits: signInRateLimits(input.SIGNIN_RATE_LIMIT),
    poolSize: input.DB_POOL_SIZE,
    // With Cognito the pool and client exist only after the idp stack deploys: the task reads
    // them from its environment, set from that stack's outputs.
    oidcIssuer: cognito ? `\${${COGNITO_ENV.issuer}}` : (input.OIDC_ISSUER ?? ''),
    oidcClientId: cognito ? `\${${COGNITO_ENV.clientId}}` : (input.OIDC_CLIENT_ID ?? ''),
    allowedDomains: input.ALLOWED_DOMAINS,
    allowedGroups: input.ALLOWED_GROUPS ?? [],
    groupsClaim: input.GROUPS_CLAIM ?? (cognito ? 'cognito:groups' : 'groups'),
    scopes,
    offlineAccess: scopes.includes('offline_access'),
    bedrockRegion: input.bedrockRegion,
    geography: geographyOfRegion(input.bedrockRegion),
    // `note` always present: the template runs in Handlebars strict mode, where a missing key throws
    models: modelsForRegion(input.bedrockRegion).map((m) => ({ ...m, note: m.note })),
    policies,
    telemetryUrl: input.collectorEndpoint,
    collectorTokenRef: input.ENABLE_COLLECTOR && input.collectorEndpoint ? `Bearer \${${SECRET_ENV.collectorToken}}` : undefined,
    forwardLogs: input.FORWARD_LOGS ?? false,
    spendCaps: input.ENABLE_SPEND_CAPS ?? false,
    adminGroups: input.ADMIN_GROUPS ?? [],
    blockedMessage: input.SPEND_BLOCKED_MESSAGE,
    failClosed: input.SPEND_CAP_FAIL_CLOSED ?? false,
    previousJwtSecret: Boolean(input.PREVIOUS_JWT_SECRET_ARN),
  };
}

/** Every `${VAR}` the gateway will expand, in order of first use. */
export function referencedEnv(yamlText: string): string[] {
  const names = new Set<string>();
  for (const line of yamlText.split('\n')) {
    if (/^\s*#/.test(line)) continue; // comments are not expanded
    for (const m of line.matchAll(/\$\{(\w+)\}/g)) names.add(m[1] as string);
  }
  return [...names];
}

/** Parses and schema-checks rendered YAML; a failure is a cagw bug, named by config path. */
export function parseRenderedConfig(yamlText: string): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(parse(yamlText));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw new CagwError('GatewayConfigRenderBug', `cagw rendered a gateway.yaml the gateway would refuse: ${issues.join('; ')}`, {
    source: 'internal',
    where: issues[0]?.split(':')[0] ?? 'gateway.yaml',
    fix: 'this is a cagw bug: report it with the profile (secrets are not in it)',
    cause: result.error,
  });
}

/**
 * Renders the gateway configuration of a profile. Throws GatewayConfigValueInvalid (the first of
 * checkRenderInput's problems; call that first to show them all) or GatewayConfigRenderBug.
 * The byte budget is reported, not enforced: see assertFitsParameterLimit.
 */
export function renderGatewayConfig(input: GatewayRenderInput, options: RenderOptions = {}): RenderedGatewayConfig {
  const problems = checkRenderInput(input);
  if (problems.length > 0) throw problems[0] as CagwError;
  const yaml = renderTemplate('gateway.yaml.hbs', templateView(input, options));
  const config = parseRenderedConfig(yaml);
  const packed = packGatewayConfig(yaml);
  return { yaml, config, packed, budget: byteBudget(yaml, packed), sources: buildConfigSources(input), requiredEnv: referencedEnv(yaml) };
}
