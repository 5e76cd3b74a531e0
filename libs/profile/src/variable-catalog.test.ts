// Every variable of the catalog, loaded with a value it accepts and one it refuses.
import { expect, test } from 'vitest';
import { variableNames, type VariableName } from './variable-catalog.ts';
import { loadWith } from './test-support.ts';

/** good: a value that loads; bad: one the variable refuses, or null for free text (any string is fine). */
const samples: Record<VariableName, { good: string; bad: string | null; with?: Record<string, string | undefined> }> = {
  AWS_REGION: { good: 'eu-west-1', bad: 'Ireland' },
  AWS_PROFILE: { good: 'platform-admin', bad: null },
  BEDROCK_REGION: { good: 'us-west-2', bad: 'us_west_2' },
  DOMAIN_NAME: { good: 'claude.example.com', bad: 'claude..example.com', with: { PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABC', ZONE: undefined } },
  PUBLIC_HOSTED_ZONE_ID: { good: 'Z0123456789ABC', bad: 'example.com', with: { DOMAIN_NAME: 'claude.example.com', ZONE: undefined } },
  CERT_ARN: { good: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', bad: 'arn:aws:acm:us-east-1:123456789012:cert/x' },
  ZONE: { good: 'corp.internal.example.com', bad: 'corp internal' },
  GATEWAY_HOST: { good: 'gw.internal.example.com', bad: '-gw.internal.example.com' },
  IDP_MODE: { good: 'new-cognito', bad: 'okta', with: { COGNITO_ADMIN_EMAIL: 'a@example.com', COGNITO_DOMAIN_PREFIX: 'example-login' } },
  OIDC_ISSUER: { good: 'https://login.microsoftonline.com/tenant/v2.0', bad: 'http://login.example.com' },
  OIDC_CLIENT_ID: { good: 'abc-123', bad: 'abc 123' },
  OIDC_CLIENT_SECRET_ARN: { good: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf', bad: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc' },
  OIDC_SCOPES: { good: 'openid,email,profile,groups', bad: 'openid,,email' },
  GROUPS_CLAIM: { good: 'roles', bad: 'my groups' },
  ALLOWED_DOMAINS: { good: 'example.com,example.org', bad: 'example.com;example.org' },
  COGNITO_ADMIN_EMAIL: { good: 'admin@example.com', bad: 'admin' },
  COGNITO_DOMAIN_PREFIX: { good: 'acme-claude', bad: 'my-cognito-login' },
  COGNITO_POOL_ID: { good: 'us-east-1_AbCdEf', bad: 'AbCdEf' },
  POLICIES_FILE: { good: 'policies.yaml', bad: 'missing.yaml' },
  CAPS_FILE: { good: 'caps.yaml', bad: 'missing.yaml' },
  DENY_TOOL_GROUP: { good: 'contractors', bad: 'two groups' },
  DENY_TOOLS: { good: 'Bash,mcp__computer', bad: 'Bash,web fetch' },
  ENFORCE_MODELS: { good: 'us.anthropic.claude-haiku-4-5-20251001-v1:0,sonnet', bad: 'sonnet 4' },
  COLLECTOR_ENDPOINT: { good: 'https://otel.example.com:4318', bad: 'http://otel.example.com' },
  ENABLE_COLLECTOR: { good: 'true', bad: 'on', with: { DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABC', ZONE: undefined } },
  ENABLE_CODING_AGENT_INSIGHTS: { good: 'false', bad: 'no' },
  FORWARD_LOGS: { good: 'true', bad: '1', with: { COLLECTOR_ENDPOINT: 'https://otel.example.com' } },
  FORWARD_LOG_DETAILS: { good: 'true', bad: 'yes' },
  COLLECTOR_HOST: { good: 'otel.internal.example.com', bad: 'otel' },
  COLLECTOR_CA_PEM: { good: 'ca.pem', bad: 'nowhere.pem' },
  ALARM_EMAIL: { good: 'alerts@example.com', bad: 'alerts@' },
  DAILY_COST_THRESHOLD_USD: { good: '250.5', bad: 'lots' },
  PER_USER_ALARM_EMAIL: { good: 'dev@example.com', bad: 'dev@@example.com' },
  PER_USER_DAILY_THRESHOLD_USD: { good: '40', bad: '0' },
  USER_DAILY_THRESHOLDS_USD: { good: 'ana@example.com=150, bo@example.com=60', bad: 'ana@example.com=150,ana@example.com=20' },
  TEAM_DAILY_THRESHOLDS_USD: { good: 'platform=200,contractors=50.5', bad: 'platform=-3' },
  DAILY_SPEND_CAPS_USD: { good: 'org=100,group:contractors=20,user:ana@example.com=300', bad: 'team:x=10' },
  SPEND_CAP_WARN_PERCENTS: { good: '90,80,90', bad: '80,120' },
  ENABLE_SPEND_CAPS: { good: 'true', bad: 'True', with: { GATEWAY_ADMIN_WRITE_KEY_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf' } },
  GATEWAY_ADMIN_WRITE_KEY_ARN: { good: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf', bad: 'arn:aws:secretsmanager:us-east-1:1234:secret:admin' },
  CAP_WARNING_TOPIC_ARN: { good: 'arn:aws:sns:eu-west-1:123456789012:cap-warnings', bad: 'arn:aws:sns:eu-west-1:123456789012:cap-warnings.fifo' },
  CAP_WARNING_WEBHOOK_URL_ARN: { good: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-AbCdEf', bad: 'https://hooks.example.com/T000/B000/XXXX' },
  SPEND_CAP_FAIL_CLOSED: { good: 'true', bad: 'maybe' },
  SPEND_BLOCKED_MESSAGE: { good: 'Ask #finops & "wait": 100% [sic]', bad: null },
  SECRETS_KMS_KEY_ARN: { good: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', bad: 'alias/my-key' },
  ADMIN_GROUPS: { good: 'platform-finops,admins', bad: 'platform finops' },
  ALLOWED_GROUPS: { good: 'claude-users,platform', bad: 'claude users' },
  COGNITO_IDENTITY_PROVIDERS: { good: 'COGNITO,AzureAD', bad: 'Azure AD' },
  COGNITO_MFA: { good: 'optional', bad: 'sms' },
  PREVIOUS_JWT_SECRET_ARN: { good: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf', bad: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous' },
  SIGNIN_RATE_LIMIT: { good: '500', bad: '5' },
  VPC_CIDR: { good: '10.40.0.0/20', bad: '10.40.0.0/26' },
  VPC_FLOW_LOGS: { good: 'false', bad: 'sometimes' },
  VPC_ID: { good: 'vpc-0123456789abcdef0', bad: 'vpc-0123', with: { PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788', LOAD_BALANCER_SUBNET_IDS: 'subnet-01234567,subnet-89abcdef' } },
  PRIVATE_SUBNET_IDS: { good: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788', bad: 'subnet-0a1b2c3d4e5f60718,sg-01234567', with: { VPC_ID: 'vpc-0123456789abcdef0', LOAD_BALANCER_SUBNET_IDS: 'subnet-01234567,subnet-89abcdef' } },
  LOAD_BALANCER_SUBNET_IDS: { good: 'subnet-01234567,subnet-89abcdef', bad: 'subnet-0123456G,subnet-89abcdef', with: { VPC_ID: 'vpc-0123456789abcdef0', PRIVATE_SUBNET_IDS: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788' } },
  ENABLE_VPC_ENDPOINTS: { good: 'true', bad: 'yes' },
  DB_CLIENT_IMAGE_URI: { good: `public.ecr.aws/docker/library/postgres@sha256:${'b'.repeat(64)}`, bad: 'postgres:16-alpine' },
  ALB_ACCESS_LOGS: { good: 'false', bad: 'off' },
  CLIENT_CIDR: { good: '192.168.0.0/16', bad: '192.168.0.0' },
  ENABLE_VPN: { good: 'true', bad: 'enabled' },
  VPN_CLIENT_CIDR: { good: '172.16.0.0/22', bad: '172.16.0.0/24' },
  VPN_CLIENT_NAME: { good: 'alice', bad: 'alice smith' },
  SERVER_CN: { good: 'vpn.example.com', bad: 'vpn server' },
  MIN_TASKS: { good: '3', bad: '1' },
  MAX_TASKS: { good: '20', bad: '2.5', with: { DB_INSTANCE_CLASS: 'db.t4g.small' } },
  MULTI_AZ_DB: { good: 'true', bad: 'multi' },
  DB_INSTANCE_CLASS: { good: 'db.m7g.large', bad: 'db.t4g.nano' },
  DB_POOL_SIZE: { good: '1', bad: '0' },
  DB_BACKUP_RETENTION_DAYS: { good: '35', bad: '36' },
  TASK_CPU: { good: '2048', bad: '1000', with: { TASK_MEMORY: '4096' } },
  TASK_MEMORY: { good: '8192', bad: '256' },
  BUILD_IMAGE: { good: 'false', bad: 'no', with: { GATEWAY_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:${'e'.repeat(64)}` } },
  GATEWAY_IMAGE_URI: { good: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:' + 'a'.repeat(64), bad: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gw:2.1.330' },
  CLAUDE_VERSION: { good: '2.1.329', bad: 'v2.1' },
  IMAGE_TAG: { good: '2.1.330-ca', bad: '-bad' },
  BASE_DIGEST: { good: 'sha256:' + 'ab'.repeat(32), bad: 'bookworm-slim' },
  COLLECTOR_IMAGE_URI: { good: 'public.ecr.aws/aws-observability/aws-otel-collector@sha256:' + 'c'.repeat(64), bad: 'public.ecr.aws/aws-observability/aws-otel-collector:latest' },
  IMAGE_BUILDER: { good: 'buildah', bad: 'kaniko' },
  BASE_IMAGE: { good: '127.0.0.1:5000/debian:bookworm-slim', bad: 'Debian:Bookworm Slim' },
  RELEASE_MIRROR_URL: { good: 'http://127.0.0.1:8081/claude-code-releases', bad: 'http://mirror.example.com/claude-code-releases' },
  RELEASE_KEY_FILE: { good: 'release-key.asc', bad: null },
  RELEASE_KEY_FINGERPRINT: { good: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE', bad: '31DD DE24' },
  RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED: { good: '0123456789ABCDEF0123456789ABCDEF01234567', bad: '0123 4567', with: { RELEASE_KEY_FINGERPRINT: '0123456789ABCDEF0123456789ABCDEF01234567' } },
  RDS_CA_BUNDLE_FILE: { good: 'global-bundle.pem', bad: null },
  DB_CLIENT_IMAGE: { good: '127.0.0.1:5000/library/postgres:16-alpine', bad: 'postgres@sha256:' + 'd'.repeat(64) },
  COLLECTOR_IMAGE: { good: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3', bad: 'aws-otel-collector@sha256:' + 'c'.repeat(64) },
  ECR_REPO: { good: 'team/claude-gateway', bad: 'Claude_Gateway' },
  TASK_ARCH: { good: 'ARM64', bad: 'arm64' },
  PLATFORM: { good: 'linux/amd64', bad: 'linux/386' },
  TAGS: { good: 'team=platform, cost-center=1234', bad: 'aws:team=platform' },
  STACK_PREFIX: { good: 'acme-claude', bad: '1acme' },
  GATEWAY_STACK: { good: 'acme-gw', bad: 'acme_gw' },
  COGNITO_STACK: { good: 'acme-idp', bad: 'acme idp' },
  COLLECTOR_STACK: { good: 'acme-otel', bad: '-otel' },
  VPN_STACK: { good: 'acme-vpn', bad: 'acme.vpn' },
  DISTRIBUTION_STACK: { good: 'acme-dist', bad: 'acme/dist' },
  URL_TTL_SECONDS: { good: '3600', bad: '30' },
};

const files = { 'policies.yaml': 'policies:\n  - name: everyone\n', 'caps.yaml': 'organization: { daily: 100 }\n', 'ca.pem': '-----BEGIN CERTIFICATE-----\n' };

test('every catalog variable has a sample here', () => {
  expect(Object.keys(samples).sort()).toEqual([...variableNames].sort());
});

test.each(variableNames)('%s: a valid value loads', (name) => {
  const sample = samples[name];
  const loaded = loadWith({ ...sample.with, [name]: sample.good }, files);
  expect(loaded.problems).toEqual([]);
  expect(loaded.settings).toBeDefined();
});

// Free-text variables (bad: null) accept any string, so they have no refused value.
const refusable = variableNames.filter((name) => samples[name].bad !== null);
test.each(refusable)('%s: an invalid value is reported, naming the variable, with a fix', (name) => {
  const sample = samples[name];
  const loaded = loadWith({ ...sample.with, [name]: sample.bad! }, files);
  expect(loaded.settings).toBeUndefined();
  const problem = loaded.problems.find((p) => p.variable === name);
  expect(problem, JSON.stringify(loaded.problems)).toBeDefined();
  expect(problem!.fix).not.toBe('');
});
