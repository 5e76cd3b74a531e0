// Test helpers: Settings from a few profile values, injected clients with nothing real, SDK
// clients for aws-sdk-client-mock, and a way to run one check through the real runner.
import { ACMClient } from '@aws-sdk/client-acm';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { KMSClient } from '@aws-sdk/client-kms';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import { renderGatewayConfig } from '@cagw/config-render';
import { loadSettings, type Settings } from '@cagw/profile';
import type { CheckResult, PreflightCheck, PreflightRendered } from './check.ts';
import type { AwsClients, PreflightClients } from './preflight-clients.ts';
import { runPreflight } from './run-preflight.ts';

const BASE: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  ALLOWED_DOMAINS: 'example.com',
  ZONE: 'internal.example.com',
  IDP_MODE: 'byo',
  OIDC_ISSUER: 'https://idp.example.com',
  OIDC_CLIENT_ID: 'gateway',
  OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw/oidc-AbCdEf',
  BUILD_IMAGE: 'true',
};

/** Settings from the base values plus `values` (a value of '' removes a base value). */
export function settingsFrom(values: Record<string, string>, readFile?: (path: string) => string): Settings {
  const env = Object.fromEntries(Object.entries({ ...BASE, ...values }).filter(([, v]) => v !== ''));
  const loaded = loadSettings({ env, ...(readFile ? { readFile, profilePath: '/profiles/test.env' } : {}) });
  if (!loaded.settings) throw new Error(`test settings are invalid: ${loaded.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
  return loaded.settings;
}

const unusable = (what: string) => async () => { throw new Error(`the test did not expect a ${what} call`); };

export function fakeClients(overrides: Partial<PreflightClients> = {}): PreflightClients {
  return {
    aws: {} as AwsClients,
    dns: { resolve4: unusable('DNS'), resolve6: unusable('DNS'), resolveNs: unusable('DNS') },
    fetch: unusable('fetch'),
    findExecutable: async () => undefined,
    ...overrides,
  };
}

/** Real SDK v3 clients with static test credentials: aws-sdk-client-mock intercepts their send. */
export function testAwsClients(): AwsClients {
  const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 };
  return {
    sts: new STSClient(config), route53: new Route53Client(config), acm: new ACMClient(config),
    secretsManager: new SecretsManagerClient(config), kms: new KMSClient(config), bedrock: new BedrockClient(config),
    ec2: new EC2Client(config), cloudFormation: new CloudFormationClient(config), ecr: new ECRClient(config),
    cognito: new CognitoIdentityProviderClient(config), serviceQuotas: new ServiceQuotasClient(config),
  };
}

/** An error shaped like the SDK's service exceptions: `name` is the AWS error code. */
export function awsError(name: string, message = `${name} from the fake`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** A DNS failure as node:dns/promises reports it. */
export function dnsError(code: string): Error {
  return Object.assign(new Error(`query failed: ${code}`), { code });
}

/** Runs one check through the real runner, with AWS test clients unless overridden. */
export async function runOne(check: PreflightCheck, settings: Settings, overrides: Partial<PreflightClients> & { rendered?: PreflightRendered | undefined; now?: Date } = {}): Promise<CheckResult> {
  const { rendered, now, ...clients } = overrides;
  const renderedConfig = 'rendered' in overrides ? rendered : renderGatewayConfig(settings);
  const report = await runPreflight(settings, renderedConfig, fakeClients({ aws: testAwsClients(), ...clients }), { checks: [check], timeoutMs: 5000, ...(now ? { now: () => now } : {}) });
  return report.results[0]!;
}
