// Every profile variable, declared once: its group, kind of value, default and meaning.
// Names are the original toolkit's, so existing profiles keep working. `cagw profile
// --explain` prints this table; loadSettings() reads, checks and types values from it.
import {
  amountsByKey, awsRegion, boolean, percentages, certificateArn, cognitoPoolId, decimal, domainName, emailAddress, hostedZoneId, imageUri,
  integer, ipv4Cidr, kmsKeyArn, listOf, matching, oneOf, releaseVersion, secretArn, text, type ValueType,
} from './value-types.ts';
import { stackTags } from './stack-tags.ts';
import { DATABASE_CLASS_NAMES, GATEWAY_POOL_SIZE } from './database-classes.ts';
import { FARGATE_CPU_VALUES } from './fargate-task-sizes.ts';

/** The raw strings of a profile after merging the file and the environment. */
export type RawValues = Readonly<Record<string, string | undefined>>;

export type VariableGroup = 'aws' | 'tls' | 'idp' | 'policy' | 'telemetry' | 'alarms' | 'spend' | 'network' | 'scale' | 'image' | 'stacks';

export interface VariableSpec<T = unknown> {
  group: VariableGroup;
  type: ValueType<T>;
  description: string;
  /** a raw default, or one computed from other raw values (then `defaultText` explains it) */
  default?: string | ((raw: RawValues) => string | undefined);
  defaultText?: string;
}
/** A variable that always has a value: a static default, or one computed from other values. */
interface Defaulted<T> extends VariableSpec<T> {
  default: string | ((raw: RawValues) => string);
}

const optional = <T>(group: VariableGroup, type: ValueType<T>, description: string): VariableSpec<T> => ({ group, type, description });
/** Optional, with a default computed from other values that may itself be absent. */
const derivedDefault = <T>(group: VariableGroup, type: ValueType<T>, dflt: (raw: RawValues) => string | undefined, description: string, defaultText: string): VariableSpec<T> => ({ group, type, description, default: dflt, defaultText });
const defaulted = <T>(
  group: VariableGroup, type: ValueType<T>, dflt: Defaulted<T>['default'], description: string, defaultText?: string,
): Defaulted<T> => ({ group, type, description, default: dflt, ...(defaultText ? { defaultText } : {}) });

const isCognito = (raw: RawValues) => raw.IDP_MODE === 'new-cognito' || raw.IDP_MODE === 'existing-cognito';
/** Cognito, managed by cagw or brought as an OIDC issuer: its token endpoint refuses offline_access. */
const issuerIsCognito = (raw: RawValues) => isCognito(raw) || /^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com\//.test(raw.OIDC_ISSUER ?? '');

/** `claude-otel.<parent of DOMAIN_NAME>`, or `claude-otel.<ZONE>` without a managed domain. */
function defaultCollectorHost(raw: RawValues): string | undefined {
  if (raw.DOMAIN_NAME) {
    const parent = raw.DOMAIN_NAME.split('.').slice(1).join('.');
    // An apex or two-label DOMAIN_NAME has no parent inside the zone: put the collector under it.
    return parent.includes('.') ? `claude-otel.${parent}` : `claude-otel.${raw.DOMAIN_NAME}`;
  }
  return raw.ZONE ? `claude-otel.${raw.ZONE}` : undefined;
}

// EC2's resource ids: a prefix and 8 (older) or 17 hexadecimal digits
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
const vpcId = matching('VPC id', /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'vpc-0123456789abcdef0');
const subnetId = matching('subnet id', /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, 'subnet-0123456789abcdef0');

// A VPN user's name: their certificate's common name (at most 64 characters, RFC 5280's
// ub-common-name) and the stem of their files in pki/clients/; `cagw vpn add-user` checks names
// with this same type. `+` and `/` would split openssl's -subj; the names of the authority's own
// files are refused so that no user is ever taken for them (issue 27.1: a user named ca).
const VPN_RESERVED_NAMES = ['ca', 'server', 'crl', 'index', 'serial', 'crlnumber', 'openssl-ca', 'issued', 'clients', 'gateway-ca'];
const vpnUserName: ValueType<string> = {
  label: 'VPN user name',
  parse(raw) {
    const fix = 'use the developer\'s login or email: 1 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit (e.g. ana.lopez or ana.lopez@example.com)';
    const bad = (message: string) => ({ ok: false as const, message, fix });
    const odd = /[^A-Za-z0-9._@-]/.exec(raw)?.[0];
    const stem = raw.toLowerCase().split('.')[0] ?? '';
    if (raw.length < 1 || raw.length > 64) return bad(`is ${raw.length} characters long; a VPN user name has 1 to 64`);
    if (odd) return bad(`contains ${JSON.stringify(odd)}; a VPN user name has only letters, digits, dots, dashes, underscores and @ (no path separator, space or +)`);
    if (!/^[A-Za-z0-9]/.test(raw)) return bad(`starts with "${raw[0]}"; a VPN user name starts with a letter or digit (no dot-leading name)`);
    if (raw.includes('..') || raw.endsWith('.')) return bad('has two dots in a row or a dot at the end; a VPN user name has neither');
    if (VPN_RESERVED_NAMES.includes(stem)) return bad(`is reserved: "${stem}" names the VPN certificate authority's own files (reserved: ${VPN_RESERVED_NAMES.join(', ')})`);
    return { ok: true, value: raw };
  },
};
const stackName = matching('CloudFormation stack name', /^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'claude-gateway');
const groupName = matching('IdP group name', /^[^\s,]+$/, 'contractors');
const toolName = matching('tool name', /^[A-Za-z0-9_:.*()-]+$/, 'WebFetch or mcp__bash');
const modelId = matching('model id', /^[A-Za-z0-9._:/-]+$/, 'claude-sonnet-5 or sonnet');
/** `org`, `group:<name>` or `user:<email>`: whose spend a cap limits. */
const capSubject = matching('cap subject (org, group:<name> or user:<email>)', /^(org|group:[^\s,=]+|user:[^\s@,=]+@[^\s@,=]+\.[^\s@,=]+)$/, 'group:contractors');
const cognitoDomainPrefix = matching('Cognito domain prefix', /^(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'acme-claude-login');

export const variableCatalog = {
  // aws
  AWS_REGION: optional('aws', awsRegion, 'Region every stack deploys into; also read from AWS_DEFAULT_REGION. Required'),
  AWS_PROFILE: optional('aws', text, 'Named AWS CLI profile whose credentials cagw uses; unset = the default credential chain'),
  BEDROCK_REGION: derivedDefault('aws', awsRegion, (raw) => raw.AWS_REGION, 'Region the gateway calls Bedrock in (upstreams[0].region)', 'AWS_REGION'),

  // tls and hostnames
  DOMAIN_NAME: optional('tls', domainName, 'Managed TLS: public hostname developers connect to; resolves to the internal ALB. Needs PUBLIC_HOSTED_ZONE_ID'),
  PUBLIC_HOSTED_ZONE_ID: optional('tls', hostedZoneId, 'Managed TLS: public Route 53 zone that holds DOMAIN_NAME (ACM validates through it)'),
  CERT_ARN: optional('tls', certificateArn, 'Bring-your-own TLS: ACM certificate for GATEWAY_HOST. Needs ZONE'),
  ZONE: optional('tls', domainName, 'Bring-your-own or self-signed TLS: private hosted zone name for GATEWAY_HOST'),
  GATEWAY_HOST: derivedDefault('tls', domainName, (raw) => (raw.ZONE ? `claude-gateway.${raw.ZONE}` : undefined), 'Private hostname of the gateway without a managed domain', 'claude-gateway.<ZONE>'),

  // identity provider
  IDP_MODE: defaulted('idp', oneOf(['byo', 'new-cognito', 'existing-cognito'] as const), 'byo', 'Who signs developers in: a new Cognito pool, an existing pool, or any OIDC IdP (byo)'),
  OIDC_ISSUER: optional('idp', matching('https issuer URL', /^https:\/\/[^\s]+$/, 'https://acme.okta.com/oauth2/default'), 'byo: the IdP issuer URL, exactly as in its discovery document'),
  OIDC_CLIENT_ID: optional('idp', matching('OIDC client id', /^\S+$/, '0oa1b2c3d4e5f6g7h8i9'), 'byo: the OIDC client id registered for the gateway'),
  OIDC_CLIENT_SECRET_ARN: optional('idp', secretArn, 'byo: Secrets Manager ARN of the OIDC client secret (the secret itself never goes in a profile)'),
  OIDC_SCOPES: defaulted('idp', listOf(matching('OIDC scope', /^[\w:./-]+$/, 'openid')), (raw) => (issuerIsCognito(raw) ? 'openid,email,profile' : 'openid,email,profile,offline_access'), 'Scopes the gateway requests; offline_access gives refresh tokens, but Cognito rejects it', 'openid,email,profile (+ offline_access outside Cognito)'),
  GROUPS_CLAIM: defaulted('idp', matching('claim name', /^[^\s]+$/, 'groups'), (raw) => (issuerIsCognito(raw) ? 'cognito:groups' : 'groups'), 'ID-token claim that carries the user\'s groups', 'cognito:groups with a Cognito issuer, else groups'),
  ALLOWED_DOMAINS: optional('idp', listOf(domainName), 'Email domains allowed to sign in (oidc.allowed_email_domains). Required'),
  COGNITO_ADMIN_EMAIL: optional('idp', emailAddress, 'new-cognito: email of the first admin user'),
  COGNITO_DOMAIN_PREFIX: optional('idp', cognitoDomainPrefix, 'new-cognito, or existing-cognito with a pool that has no domain: hosted sign-in domain prefix, unique in the region (3-63 of a-z 0-9 -, no aws/amazon/cognito)'),
  COGNITO_POOL_ID: optional('idp', cognitoPoolId, 'existing-cognito: the user pool to add the gateway app client to'),
  COGNITO_IDENTITY_PROVIDERS: defaulted('idp', listOf(matching('Cognito identity provider name', /^[^\s,]{1,32}$/, 'AzureAD')), 'COGNITO', 'existing-cognito: identity providers of the pool the gateway client may use: COGNITO (pool users) and the names of federated SAML/OIDC providers'),
  COGNITO_MFA: defaulted('idp', oneOf(['required', 'optional', 'off'] as const), 'required', 'Cognito multi-factor sign-in with an authenticator app. new-cognito: required (default) makes every pool user enrol, optional lets them choose, off disables it; a deploy never relaxes a live pool (it keeps a stricter mode, with a warning). existing-cognito: preflight fails when the pool does not require MFA (required), warns when it is off (optional)'),
  ALLOWED_GROUPS: defaulted('idp', listOf(groupName), '', 'IdP groups allowed to sign in (oidc.allowed_groups, exact match on GROUPS_CLAIM); empty = anyone in ALLOWED_DOMAINS'),
  PREVIOUS_JWT_SECRET_ARN: optional('idp', secretArn, 'Only while rotating the session signing key (docs/secrets.md): Secrets Manager ARN of a copy of the previous key. Set, session.jwt_secret becomes [current, previous]: the current key signs, both verify, so sessions signed with the previous key keep working until they expire. Unset it ttl_hours (plus a margin) after the rotation'),
  SIGNIN_RATE_LIMIT: defaulted('idp', integer(10, 10_000), (raw) => (raw.ENABLE_VPN?.trim().toLowerCase() === 'true' ? '200' : '10'), 'Device sign-in code submissions per source address per 10 minutes (rate_limits.device_verify; device_authorization gets three times as many). Client VPN users share the VPN\'s one or two addresses, so with ENABLE_VPN the default is sized for a team', '200 with ENABLE_VPN=true (the VPN\'s shared addresses), else 10 (the gateway\'s own)'),

  // policies
  POLICIES_FILE: optional('policy', text, 'YAML file of group policies (models, denied tools, env), relative to the profile; see profiles/policies.example.yaml'),
  CAPS_FILE: optional('spend', text, 'YAML file of spend caps (organization, groups, users by email; dollars per daily/weekly/monthly), relative to the profile: cagw caps plan/apply sets them, and its daily caps feed the cap warnings. Not with DAILY_SPEND_CAPS_USD'),
  DENY_TOOL_GROUP: optional('policy', groupName, 'Shortcut: one IdP group denied DENY_TOOLS (the original\'s RBAC variable)'),
  DENY_TOOLS: defaulted('policy', listOf(toolName), 'WebFetch', 'Tools denied to DENY_TOOL_GROUP'),
  ENFORCE_MODELS: defaulted('policy', listOf(modelId), '', 'Models everyone else may use (catch-all availableModels); empty = all'),

  // telemetry
  COLLECTOR_ENDPOINT: optional('telemetry', text, 'Bring-your-own OTLP collector: an https:// URL, or off. Not with ENABLE_COLLECTOR'),
  ENABLE_COLLECTOR: defaulted('telemetry', boolean, 'false', 'Deploy the bundled ADOT collector and send telemetry to it'),
  ENABLE_CODING_AGENT_INSIGHTS: defaulted('telemetry', boolean, 'true', 'Collector exports native OTLP to CloudWatch (Coding Agent Insights); false = EMF'),
  FORWARD_LOGS: defaulted('telemetry', boolean, (raw) => raw.ENABLE_COLLECTOR ?? 'false', 'Forward events as logs too (per-user spend in Logs Insights)', 'ENABLE_COLLECTOR'),
  FORWARD_LOG_DETAILS: defaulted('telemetry', boolean, 'false', 'With FORWARD_LOGS and the bundled collector: forward every client event with every attribute (prompts when a policy logs them, tool inputs, bash commands, file paths). false keeps only the api_request and tool_decision events, with the attributes the dashboards read'),
  COLLECTOR_HOST: derivedDefault('telemetry', domainName, defaultCollectorHost, 'Hostname of the bundled collector', 'claude-otel.<parent of DOMAIN_NAME, or ZONE>'),
  COLLECTOR_CA_PEM: optional('telemetry', text, 'PEM file of a private CA the gateway must trust for the collector, baked into the image'),

  // alarms
  ALARM_EMAIL: optional('alarms', emailAddress, 'Email subscribed to the alarm topic'),
  DAILY_COST_THRESHOLD_USD: defaulted('alarms', decimal(1, 10_000_000), '500', 'Organisation spend (USD) in a rolling 24 hours that raises an alarm (the gateway\'s caps reset at 00:00 UTC instead)'),
  PER_USER_ALARM_EMAIL: optional('alarms', emailAddress, 'A user (user.email) whose spend in a rolling 24 hours is alarmed on'),
  PER_USER_DAILY_THRESHOLD_USD: defaulted('alarms', decimal(1, 1_000_000), '88', 'Spend (USD) in a rolling 24 hours of PER_USER_ALARM_EMAIL (native mode: of any user) that raises an alarm'),
  USER_DAILY_THRESHOLDS_USD: defaulted('alarms', amountsByKey(emailAddress, 'ana@example.com=150'), '', 'Users with their own spend alarm over a rolling 24 hours: email=USD, comma separated'),
  TEAM_DAILY_THRESHOLDS_USD: defaulted('alarms', amountsByKey(groupName, 'platform=200'), '', 'IdP groups with a team spend alarm over a rolling 24 hours: group=USD, comma separated'),
  DAILY_SPEND_CAPS_USD: defaulted('alarms', amountsByKey(capSubject, 'org=100,group:contractors=20,user:ana@example.com=300'), '', 'Daily caps set through the admin API, to warn before they block: org=USD, group:<name>=USD, user:<email>=USD'),
  SPEND_CAP_WARN_PERCENTS: defaulted('alarms', percentages, '80,90', 'Percentages of each daily cap that raise an early warning, measured over a rolling 24 hours (the cap itself resets at 00:00 UTC)'),

  // spend caps
  ENABLE_SPEND_CAPS: defaulted('spend', boolean, 'false', 'Turn on the admin API and spend-cap enforcement'),
  GATEWAY_ADMIN_WRITE_KEY_ARN: optional('spend', secretArn, 'Secrets Manager ARN of the admin API write key. Required with ENABLE_SPEND_CAPS'),
  CAP_WARNING_TOPIC_ARN: optional('spend', matching('SNS standard topic ARN', /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'arn:aws:sns:eu-west-1:123456789012:cap-warnings'), 'SNS topic the caps reconciler sends warnings before a cap to (SPEND_CAP_WARN_PERCENTS and 100 % of each cap in the caps file, from the gateway\'s own spend). Default: the alarm topic of the observability stack'),
  CAP_WARNING_WEBHOOK_URL_ARN: optional('spend', secretArn, 'Secrets Manager ARN of a secret holding the https:// address of an incoming webhook (Slack-compatible, {"text": ...}) that also gets the warnings before a cap; the address is a secret, so it never goes in a profile'),
  SPEND_CAP_FAIL_CLOSED: defaulted('spend', boolean, 'false', 'Refuse requests when the spend store cannot be read (enforcement.fail_closed_on_error)'),
  SPEND_BLOCKED_MESSAGE: defaulted('spend', text, 'Contact your platform team to request a higher limit.', 'What a developer over their cap is told'),
  SECRETS_KMS_KEY_ARN: optional('aws', kmsKeyArn, 'Customer-managed KMS key that encrypts OIDC_CLIENT_SECRET_ARN / GATEWAY_ADMIN_WRITE_KEY_ARN / PREVIOUS_JWT_SECRET_ARN; the gateway may decrypt with it. Unset = the AWS-managed key'),
  ADMIN_GROUPS: defaulted('spend', listOf(groupName), '', 'IdP groups allowed to use the admin API as signed-in users'),

  // network
  VPC_CIDR: defaulted('network', ipv4Cidr(16, 24), '10.20.0.0/16', 'The VPC\'s block, carved into six subnets of up to /24 (public, private, load balancers); the gateway trusts X-Forwarded-For from the load-balancer subnets only'),
  VPC_ID: optional('network', vpcId, 'An existing VPC (a landing zone\'s) to deploy into instead of creating one: the network stack then creates no VPC, subnet, route, NAT or flow log, only cagw\'s security groups, private zone and VPC endpoints in it (docs/existing-vpc.md). Needs PRIVATE_SUBNET_IDS and LOAD_BALANCER_SUBNET_IDS, and VPC_CIDR set to the VPC\'s primary CIDR'),
  PRIVATE_SUBNET_IDS: defaulted('network', listOf(subnetId), '', 'With VPC_ID: its private subnets for the tasks, the database, the VPN and the endpoints, in at least two AZs, each routing 0.0.0.0/0 to a NAT gateway (or covered by VPC endpoints)'),
  LOAD_BALANCER_SUBNET_IDS: defaulted('network', listOf(subnetId), '', 'With VPC_ID: the subnets of the internal load balancers, in at least two AZs, /27 or larger, holding nothing a VPN user reaches from (the gateway trusts X-Forwarded-For from them)'),
  ALB_ACCESS_LOGS: defaulted('network', boolean, 'true', 'Write the gateway load balancer\'s access log (client address, path, status) to an encrypted S3 bucket that keeps 90 days and that destroy leaves in place; false saves the storage but leaves no per-request record outside the gateway\'s audit log'),
  VPC_FLOW_LOGS: defaulted('network', boolean, 'true', 'Record the VPC\'s accepted and rejected flows in CloudWatch Logs (90 days); false saves the ingestion cost but leaves no record of who reached what'),
  ENABLE_VPC_ENDPOINTS: defaulted('network', boolean, 'false', 'Create VPC endpoints in the private subnets for the AWS APIs the tasks call in AWS_REGION (Bedrock and Bedrock runtime, Secrets Manager, ECR, CloudWatch Logs and metrics, STS; interface endpoints, each billed per AZ-hour) and an S3 gateway endpoint (free), so that traffic stays off the NAT; Bedrock in another BEDROCK_REGION still goes through the NAT'),
  CLIENT_CIDR: defaulted('network', ipv4Cidr(8, 32), '10.30.0.0/16', 'Where developers connect from; the ALB admits HTTPS from here and from the VPC'),
  ENABLE_VPN: defaulted('network', boolean, 'false', 'Deploy the reference AWS Client VPN'),
  VPN_CLIENT_CIDR: defaulted('network', ipv4Cidr(12, 22), '10.30.0.0/22', 'Client VPN address pool (/12 to /22, outside VPC_CIDR)'),
  VPN_CLIENT_NAME: defaulted('network', vpnUserName, 'developer1', 'Common name of the first VPN client certificate'),
  SERVER_CN: defaulted('network', domainName, 'server.claude-gateway-vpn', 'Common name of the VPN server certificate'),

  // scale
  MIN_TASKS: defaulted('scale', integer(2, 50), '2', 'Fewest gateway tasks (at least 2: one per AZ)'),
  MAX_TASKS: defaulted('scale', integer(2, 100), '10', 'Most gateway tasks under load'),
  MULTI_AZ_DB: defaulted('scale', boolean, 'false', 'Run the database Multi-AZ'),
  DB_INSTANCE_CLASS: defaulted('scale', oneOf(DATABASE_CLASS_NAMES), 'db.t4g.micro', 'RDS for PostgreSQL instance class; its memory sets max_connections, which must hold MAX_TASKS × DB_POOL_SIZE (each task\'s pool) plus 8 reserved (cagw size recommends one, cagw plan shows the budget)'),
  // store.max_connections: a positive integer to the gateway (gateway-config.md §1); the pinned
  // 2.1.330 binary booted both ends under `cagw validate`. 100 bounds a typo: 2 tasks of 100 already
  // need db.t4g.medium, and the connection rule checks the rest against DB_INSTANCE_CLASS.
  DB_POOL_SIZE: defaulted('scale', integer(1, 100), String(GATEWAY_POOL_SIZE), 'Database connections each gateway task keeps (the gateway\'s store.max_connections); MAX_TASKS × DB_POOL_SIZE plus 8 reserved must fit DB_INSTANCE_CLASS\'s max_connections'),
  DB_BACKUP_RETENTION_DAYS: defaulted('scale', integer(1, 35), '7', 'Days of automated database backups (the point-in-time recovery window); spend caps live in the database'),
  TASK_CPU: defaulted('scale', oneOf(FARGATE_CPU_VALUES.map(String)), '1024', 'Fargate CPU units per gateway task (1024 = 1 vCPU)'),
  TASK_MEMORY: defaulted('scale', integer(512, 122880), '2048', 'Fargate memory per gateway task in MiB; must be a size Fargate offers with TASK_CPU (1024 CPU: 2048 to 8192)'),

  // image
  BUILD_IMAGE: defaulted('image', boolean, 'false', 'Build and push the verified gateway image here; false = use GATEWAY_IMAGE_URI'),
  GATEWAY_IMAGE_URI: optional('image', imageUri, 'The gateway image to run when BUILD_IMAGE=false'),
  CLAUDE_VERSION: defaulted('image', releaseVersion, '2.1.330', 'Claude Code release whose gateway runs (and that validate and local boot)'),
  IMAGE_TAG: optional('image', matching('image tag', /^[\w][\w.-]{0,127}$/, '2.1.330-3f2a1c'), 'Image tag; default = CLAUDE_VERSION plus a hash of the image inputs'),
  BASE_DIGEST: optional('image', matching('image digest', /^sha256:[0-9a-f]{64}$/, 'sha256:' + '0'.repeat(64)), 'Digest of the debian:bookworm-slim index the image is built on (pinned, never a moving tag). Required with BUILD_IMAGE=true to deploy'),
  DB_CLIENT_IMAGE_URI: optional('image', matching('image URI pinned by digest', /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/, 'public.ecr.aws/docker/library/postgres@sha256:<digest>'), 'A PostgreSQL 16+ client image (psql), pinned by digest: the database stack runs it once per change to create the gateway\'s own database role, so the gateway never holds the master password. Required to deploy; cagw pin writes it from DB_CLIENT_IMAGE'),
  DB_CLIENT_IMAGE: defaulted('image', matching('image name with a tag', /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+:[\w][\w.-]{0,127}$/, 'public.ecr.aws/docker/library/postgres:16-alpine'), 'public.ecr.aws/docker/library/postgres:16-alpine', 'The PostgreSQL client image by tag (psql 16+): cagw pin resolves it into DB_CLIENT_IMAGE_URI'),
  COLLECTOR_IMAGE_URI: optional('telemetry', matching('image URI pinned by digest', /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/, 'public.ecr.aws/aws-observability/aws-otel-collector@sha256:<digest>'), 'The ADOT collector image, pinned by digest. Required with ENABLE_COLLECTOR=true to deploy'),
  IMAGE_BUILDER: optional('image', oneOf(['docker', 'podman', 'buildah', 'finch'] as const), 'Builder of the gateway image; unset = the first of docker, podman, buildah, finch on PATH that can build here (podman and buildah: a RUN step runs, in chroot isolation when OCI fails)'),
  BASE_IMAGE: defaulted('image', matching('image name', /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)*(?::[\w][\w.-]{0,127})?$/, 'mirror.example.com/debian:bookworm-slim'), 'debian:bookworm-slim', 'Base image of both Dockerfile stages, by name (a mirror for offline builds; plain http only on 127.0.0.1); BASE_DIGEST pins it'),
  RELEASE_MIRROR_URL: optional('image', matching('https URL (http only on 127.0.0.1)', /^(?:https:\/\/[^\s/]+|http:\/\/(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)(?::\d+)?)(?:\/\S*)?$/, 'https://mirror.example.com/claude-code-releases'), 'A copy of the Claude Code release tree to build from; still verified against the pinned key'),
  RELEASE_KEY_FILE: optional('image', text, 'The release signing key as a file instead of downloaded (relative to the profile); needs RELEASE_KEY_FINGERPRINT'),
  RELEASE_KEY_FINGERPRINT: optional('image', matching('OpenPGP fingerprint', /^[0-9A-Fa-f]{40}$/, '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE'), 'The fingerprint RELEASE_KEY_FILE must have. Another signer than Anthropic\'s (31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE) needs RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED'),
  RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED: optional('image', matching('OpenPGP fingerprint', /^[0-9A-Fa-f]{40}$/, '0123456789ABCDEF0123456789ABCDEF01234567'), 'Only when RELEASE_KEY_FINGERPRINT is not Anthropic\'s release key: the same fingerprint again, saying you trust that signer for the gateway binary the image, cagw local and cagw validate run'),
  RDS_CA_BUNDLE_FILE: optional('image', text, 'The RDS CA bundle (global-bundle.pem) as a file instead of downloaded, for offline builds'),
  COLLECTOR_IMAGE: optional('telemetry', matching('image name with a tag', /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+:[\w][\w.-]{0,127}$/, 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3'), 'The ADOT collector image by tag: cagw pin resolves it into COLLECTOR_IMAGE_URI'),
  ECR_REPO: defaulted('image', matching('ECR repository name', /^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/, 'claude-apps-gateway'), 'claude-apps-gateway', 'ECR repository the built image is pushed to'),
  TASK_ARCH: defaulted('image', oneOf(['X86_64', 'ARM64'] as const), (raw) => (raw.PLATFORM === 'linux/arm64' ? 'ARM64' : 'X86_64'), 'CPU architecture of the gateway tasks and image', 'X86_64, or ARM64 when PLATFORM=linux/arm64'),
  PLATFORM: optional('image', oneOf(['linux/amd64', 'linux/arm64'] as const), 'The original\'s name for TASK_ARCH, as a docker platform'),

  // stacks
  TAGS: defaulted('stacks', stackTags, '', 'Your organisation\'s tags on every cagw stack, as key=value pairs, comma separated (TAGS=team=platform,cost-center=1234); CloudFormation puts stack tags on every resource that takes tags, so tag policies and SCPs that require tags are met. AWS\'s rules apply: keys 1-128 and values 1-256 characters of letters, numbers, spaces and _ . : / = + - @, no key starting with aws:, each key once, at most 47 (AWS allows 50 and cagw sets cagw:prefix, cagw:part and project). Changing them updates every stack\'s tags in the next deploy'),
  STACK_PREFIX: defaulted('stacks', matching('stack name prefix', /^[A-Za-z][A-Za-z0-9-]{0,40}$/, 'claude-gateway'), 'claude-gateway', 'Prefix of every stack and resource name, so two deployments in one account do not collide'),
  GATEWAY_STACK: optional('stacks', stackName, 'Gateway stack name; default <STACK_PREFIX>-gateway'),
  COGNITO_STACK: optional('stacks', stackName, 'Cognito stack name; default <STACK_PREFIX>-idp'),
  COLLECTOR_STACK: optional('stacks', stackName, 'Collector stack name; default <STACK_PREFIX>-collector'),
  VPN_STACK: optional('stacks', stackName, 'Client VPN stack name; default <STACK_PREFIX>-vpn'),
  DISTRIBUTION_STACK: defaulted('stacks', stackName, 'claude-gateway-distribution', 'The original\'s peer-bundle distribution stack (read, never deployed, by cagw)'),
  URL_TTL_SECONDS: defaulted('stacks', integer(60, 604_800), '86400', 'Lifetime of presigned peer-bundle links'),
} satisfies Record<string, VariableSpec<never> | VariableSpec<unknown>>;

export type VariableName = keyof typeof variableCatalog;
export const variableNames = Object.keys(variableCatalog) as VariableName[];

/**
 * Secret values that must never be written in a profile: their ARN variable is named instead.
 * Loading refuses them (value hidden) so they cannot end up in a file, a log or a parameter.
 */
export const secretValueVariables: Readonly<Record<string, string>> = {
  OIDC_CLIENT_SECRET: 'OIDC_CLIENT_SECRET_ARN',
  GATEWAY_ADMIN_WRITE_KEY: 'GATEWAY_ADMIN_WRITE_KEY_ARN',
  GATEWAY_PG_PASSWORD: 'the database stack (its password is generated in Secrets Manager)',
  GATEWAY_JWT_SECRET: 'the gateway stack (it generates the session secret in Secrets Manager)',
  GATEWAY_JWT_SECRET_PREVIOUS: 'PREVIOUS_JWT_SECRET_ARN',
};
