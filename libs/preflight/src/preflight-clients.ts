// Everything a check talks to, injected: AWS SDK v3 clients, a DNS resolver with the shape of
// node:dns/promises, fetch, and a way to find an executable. Tests pass fakes.
import type { ACMClient } from '@aws-sdk/client-acm';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { STSClient } from '@aws-sdk/client-sts';

/** Clients for AWS_REGION, except `bedrock`, which is for the Bedrock region. */
export interface AwsClients {
  sts: STSClient;
  route53: Route53Client;
  acm: ACMClient;
  secretsManager: SecretsManagerClient;
  kms: KMSClient;
  bedrock: BedrockClient;
  ec2: EC2Client;
  cloudFormation: CloudFormationClient;
  ecr: ECRClient;
  cognito: CognitoIdentityProviderClient;
  serviceQuotas: ServiceQuotasClient;
}

/** The subset of node:dns/promises the checks use. */
export interface DnsResolver {
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
  resolveNs(hostname: string): Promise<string[]>;
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** The full path of a command on PATH, or undefined when it is not installed. */
export type FindExecutable = (name: string) => Promise<string | undefined>;

/** Runs a command (arguments as an array, no shell), bounded in time; `output` is stdout and stderr. */
export type RunCommand = (command: string, args: string[], options: { timeoutMs: number }) => Promise<{ ok: boolean; output: string }>;

export interface PreflightClients {
  /** undefined when no AWS credentials are configured: every AWS check is skipped */
  aws: AwsClients | undefined;
  /** why `aws` is undefined, shown on each skipped check */
  noAwsReason?: string;
  dns: DnsResolver;
  fetch: FetchLike;
  findExecutable: FindExecutable;
  /** to ask a found builder whether it can build now; absent = only whether it is installed */
  runCommand?: RunCommand;
}
