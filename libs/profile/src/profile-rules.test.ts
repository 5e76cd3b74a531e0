// The rules that read several variables, each with a passing and a failing case.
import { describe, expect, test } from 'vitest';
import { cidrsOverlap } from './profile-rules.ts';
import { loadWith, problemVariables } from './test-support.ts';

const managed = { DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABC', ZONE: undefined };
const certArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const adminKey = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf';

// [rule, changes that pass, changes that fail, the variable the failure names]
const rules: [string, Record<string, string | undefined>, Record<string, string | undefined>, string][] = [
  ['AWS_REGION is required', {}, { AWS_REGION: undefined }, 'AWS_REGION'],
  ['ALLOWED_DOMAINS is required', {}, { ALLOWED_DOMAINS: undefined }, 'ALLOWED_DOMAINS'],
  ['managed TLS needs PUBLIC_HOSTED_ZONE_ID', managed, { ...managed, PUBLIC_HOSTED_ZONE_ID: undefined }, 'PUBLIC_HOSTED_ZONE_ID'],
  ['managed TLS needs DOMAIN_NAME', managed, { ...managed, DOMAIN_NAME: undefined }, 'DOMAIN_NAME'],
  ['managed TLS and CERT_ARN exclude each other', managed, { ...managed, CERT_ARN: certArn }, 'CERT_ARN'],
  ['CERT_ARN needs ZONE', { CERT_ARN: certArn }, { CERT_ARN: certArn, ZONE: undefined }, 'ZONE'],
  ['CERT_ARN is in the deploy region', { CERT_ARN: certArn }, { CERT_ARN: certArn.replace('us-east-1', 'eu-west-1') }, 'CERT_ARN'],
  ['some TLS mode is configured', {}, { ZONE: undefined }, 'DOMAIN_NAME'],
  ['new-cognito needs COGNITO_ADMIN_EMAIL', { IDP_MODE: 'new-cognito', COGNITO_ADMIN_EMAIL: 'a@example.com', COGNITO_DOMAIN_PREFIX: 'acme-login' }, { IDP_MODE: 'new-cognito', COGNITO_DOMAIN_PREFIX: 'acme-login' }, 'COGNITO_ADMIN_EMAIL'],
  ['new-cognito needs COGNITO_DOMAIN_PREFIX', { IDP_MODE: 'new-cognito', COGNITO_ADMIN_EMAIL: 'a@example.com', COGNITO_DOMAIN_PREFIX: 'acme-login' }, { IDP_MODE: 'new-cognito', COGNITO_ADMIN_EMAIL: 'a@example.com' }, 'COGNITO_DOMAIN_PREFIX'],
  ['existing-cognito needs COGNITO_POOL_ID', { IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc' }, { IDP_MODE: 'existing-cognito' }, 'COGNITO_POOL_ID'],
  ['Cognito rejects offline_access', { IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc' }, { IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc', OIDC_SCOPES: 'openid,email,offline_access' }, 'OIDC_SCOPES'],
  ['a Cognito pool as a BYO issuer rejects offline_access too', { OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc' }, { OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc', OIDC_SCOPES: 'openid,offline_access' }, 'OIDC_SCOPES'],
  ['byo needs OIDC_ISSUER', {}, { OIDC_ISSUER: undefined }, 'OIDC_ISSUER'],
  ['byo needs OIDC_CLIENT_ID', {}, { OIDC_CLIENT_ID: undefined }, 'OIDC_CLIENT_ID'],
  ['byo needs OIDC_CLIENT_SECRET_ARN', {}, { OIDC_CLIENT_SECRET_ARN: undefined }, 'OIDC_CLIENT_SECRET_ARN'],
  ['the bundled collector and a BYO endpoint exclude each other', { ...managed, ENABLE_COLLECTOR: 'true' }, { ...managed, ENABLE_COLLECTOR: 'true', COLLECTOR_ENDPOINT: 'https://otel.example.com' }, 'COLLECTOR_ENDPOINT'],
  ['the bundled collector needs managed TLS (its certificate lives in the public zone)', { ...managed, ENABLE_COLLECTOR: 'true' }, { ENABLE_COLLECTOR: 'true' }, 'ENABLE_COLLECTOR'],
  ['spend caps need the admin key', { ENABLE_SPEND_CAPS: 'true', GATEWAY_ADMIN_WRITE_KEY_ARN: adminKey }, { ENABLE_SPEND_CAPS: 'true' }, 'GATEWAY_ADMIN_WRITE_KEY_ARN'],
  ['MAX_TASKS is not below MIN_TASKS', { MIN_TASKS: '4', MAX_TASKS: '4' }, { MIN_TASKS: '4', MAX_TASKS: '3' }, 'MAX_TASKS'],
  // db.t4g.micro: (1 GiB − 300 MiB) / 9531392 = 79 connections; 14 × 5 + 8 = 78 fits, 15 × 5 + 8 = 83 does not
  ['MAX_TASKS × pool + reserved fits the database class', { MAX_TASKS: '14', DB_INSTANCE_CLASS: 'db.t4g.micro' }, { MAX_TASKS: '15', DB_INSTANCE_CLASS: 'db.t4g.micro' }, 'MAX_TASKS'],
  // 7 × 10 + 8 = 78 fits db.t4g.micro's 79, 7 × 11 + 8 = 85 does not
  ['MAX_TASKS × DB_POOL_SIZE + reserved fits the database class', { MAX_TASKS: '7', DB_POOL_SIZE: '10' }, { MAX_TASKS: '7', DB_POOL_SIZE: '11' }, 'MAX_TASKS'],
  ['a bigger class carries more tasks', { MAX_TASKS: '36', DB_INSTANCE_CLASS: 'db.t4g.small' }, { MAX_TASKS: '36', DB_INSTANCE_CLASS: 'db.t4g.micro' }, 'MAX_TASKS'],
  ['TASK_MEMORY is a size Fargate offers with TASK_CPU', { TASK_CPU: '512', TASK_MEMORY: '4096' }, { TASK_CPU: '512', TASK_MEMORY: '8192' }, 'TASK_MEMORY'],
  ['TASK_MEMORY moves in Fargate\'s steps', { TASK_CPU: '1024', TASK_MEMORY: '3072' }, { TASK_CPU: '1024', TASK_MEMORY: '3000' }, 'TASK_MEMORY'],
  ['without BUILD_IMAGE an image is named', { BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:${'e'.repeat(64)}` }, { BUILD_IMAGE: 'false' }, 'GATEWAY_IMAGE_URI'],
  ['PLATFORM agrees with TASK_ARCH', { PLATFORM: 'linux/arm64', TASK_ARCH: 'ARM64' }, { PLATFORM: 'linux/arm64', TASK_ARCH: 'X86_64' }, 'PLATFORM'],
  ['the VPN pool is outside the VPC', { ENABLE_VPN: 'true', VPN_CLIENT_CIDR: '10.30.0.0/22' }, { ENABLE_VPN: 'true', VPN_CLIENT_CIDR: '10.20.8.0/22' }, 'VPN_CLIENT_CIDR'],
];

describe.each(rules)('%s', (_rule, passing, failing, variable) => {
  test('passes', () => expect(loadWith(passing).problems).toEqual([]));
  test('fails, naming the variable', () => expect(problemVariables(loadWith(failing))).toContain(variable));
});

test('the connection rule names both variables, the figures and the fix', () => {
  const [problem] = loadWith({ MAX_TASKS: '20', DB_INSTANCE_CLASS: 'db.t4g.micro' }).problems;
  expect(problem?.message).toContain('needs 108 database connections (MAX_TASKS 20 × DB_POOL_SIZE 5 + 8 reserved), over the 79 that DB_INSTANCE_CLASS=db.t4g.micro allows');
  expect(problem?.fix).toBe('set MAX_TASKS to 14 or less, DB_POOL_SIZE to 3 or less, or DB_INSTANCE_CLASS=db.t4g.medium (holds a rolling deploy at MAX_TASKS too); cagw size --developers N recommends MAX_TASKS and the class');
});

test('the connection rule counts DB_POOL_SIZE: 7 tasks × 11 + 8 is over db.t4g.micro', () => {
  const [problem] = loadWith({ MAX_TASKS: '7', DB_POOL_SIZE: '11' }).problems;
  expect(problem?.message).toContain('needs 85 database connections (MAX_TASKS 7 × DB_POOL_SIZE 11 + 8 reserved), over the 79 that DB_INSTANCE_CLASS=db.t4g.micro allows');
  expect(problem?.fix).toContain('DB_POOL_SIZE to 10 or less');
  // no class-of-one fix: MAX_TASKS cannot go below 2
  expect(loadWith({ MAX_TASKS: '10', DB_POOL_SIZE: '100' }).problems[0]?.fix).toMatch(/^set DB_POOL_SIZE to 7 or less, or DB_INSTANCE_CLASS=db\.m7g\.2xlarge /);
});

test('a value that fails to parse is not reported a second time as missing', () => {
  const loaded = loadWith({ OIDC_CLIENT_SECRET_ARN: 'not-an-arn' });
  expect(problemVariables(loaded)).toEqual(['OIDC_CLIENT_SECRET_ARN']);
});

test('a VPN pool overlapping the VPC is fine while the VPN is off', () => {
  expect(loadWith({ ENABLE_VPN: 'false', VPN_CLIENT_CIDR: '10.20.8.0/22' }).problems).toEqual([]);
});

describe('cidrsOverlap', () => {
  test.each([
    ['10.20.0.0/16', '10.20.8.0/22', true],
    ['10.20.8.0/22', '10.20.0.0/16', true],
    ['10.0.0.0/8', '10.30.0.0/22', true],
    ['10.20.0.0/16', '10.21.0.0/16', false],
    ['192.168.0.0/24', '192.168.1.0/24', false],
  ])('%s and %s → %s', (a, b, expected) => expect(cidrsOverlap(a, b)).toBe(expected));
});
