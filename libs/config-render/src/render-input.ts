// What the renderer reads from Settings (@cagw/profile), and nothing more. The keys are the
// Settings keys, so a Settings value can be passed as it is (a type test proves it). Values
// Settings always defaults are still allowed to be undefined here; the renderer applies the
// same defaults.

/** One group policy, first-match in declared order; groups [] is the catch-all (last). */
export interface GroupPolicy {
  name: string;
  groups: readonly string[];
  models?: readonly string[] | undefined;
  denyTools?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  /** the profile variable its models come from (ENFORCE_MODELS), named by a problem with them; absent: POLICIES_FILE */
  modelsFrom?: string | undefined;
}

export type IdpMode = 'new-cognito' | 'existing-cognito' | 'byo';

export interface GatewayRenderInput {
  readonly publicUrl: string;
  readonly VPC_CIDR: string | undefined;
  readonly idpMode: IdpMode;
  /** BYO IdP only; with Cognito the gateway task gets OIDC_ISSUER / OIDC_CLIENT_ID from the idp stack */
  readonly OIDC_ISSUER?: string | undefined;
  readonly OIDC_CLIENT_ID?: string | undefined;
  readonly OIDC_SCOPES?: readonly string[] | undefined;
  readonly ALLOWED_DOMAINS: readonly string[];
  /** oidc.allowed_groups; empty or absent = anyone in ALLOWED_DOMAINS */
  readonly ALLOWED_GROUPS?: readonly string[] | undefined;
  /** device sign-in submissions per address per 10 minutes (rate_limits) */
  readonly SIGNIN_RATE_LIMIT?: number | undefined;
  /** store.max_connections, each task's database pool; absent: the gateway's default (5) */
  readonly DB_POOL_SIZE?: number | undefined;
  readonly GROUPS_CLAIM: string | undefined;
  readonly bedrockRegion: string;
  readonly collectorEndpoint?: string | undefined;
  /** the endpoint is cagw's own collector, which requires the bearer token SECRET_ENV.collectorToken */
  readonly ENABLE_COLLECTOR?: boolean | undefined;
  readonly FORWARD_LOGS: boolean | undefined;
  readonly ENABLE_SPEND_CAPS: boolean | undefined;
  readonly SPEND_CAP_FAIL_CLOSED: boolean | undefined;
  readonly SPEND_BLOCKED_MESSAGE?: string | undefined;
  readonly ADMIN_GROUPS: readonly string[] | undefined;
  /** set while rotating the session key: session.jwt_secret lists SECRET_ENV.previousJwtSecret after the current key */
  readonly PREVIOUS_JWT_SECRET_ARN?: string | undefined;
  readonly policies: readonly GroupPolicy[];
}

/** Environment variables the gateway task must carry for the rendered config to boot. */
export const SECRET_ENV = {
  oidcClientSecret: 'OIDC_CLIENT_SECRET',
  jwtSecret: 'GATEWAY_JWT_SECRET',
  /** with PREVIOUS_JWT_SECRET_ARN: the key sessions were signed with before the rotation (verifies only) */
  previousJwtSecret: 'GATEWAY_JWT_SECRET_PREVIOUS',
  postgresUrl: 'GATEWAY_POSTGRES_URL',
  adminWriteKey: 'GATEWAY_ADMIN_WRITE_KEY',
  collectorToken: 'CAGW_COLLECTOR_TOKEN',
} as const;
export const COGNITO_ENV = { issuer: 'OIDC_ISSUER', clientId: 'OIDC_CLIENT_ID' } as const;
