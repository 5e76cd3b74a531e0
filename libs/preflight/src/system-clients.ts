// The real clients the CLI (and the deployer) pass to runPreflight: AWS SDK v3 clients, the
// system DNS resolver, global fetch, and a PATH lookup. Credential detection asks only the
// default credential chain (with a short timeout), never an AWS API.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { delimiter, join } from 'node:path';
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
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients, FetchLike, FindExecutable, PreflightClients, RunCommand } from './preflight-clients.ts';

export type AwsCredentialsStatus =
  | { available: true; credentials: AwsCredentialIdentityProvider }
  | { available: false; reason: string; /** what the credential chain said */ detail: string };

/**
 * Whether the default credential chain (or the named AWS_PROFILE) yields credentials, within
 * `timeoutMs`. Only resolves them locally (env, files, SSO cache, container/instance metadata).
 */
export async function detectAwsCredentials(options: { profile?: string | undefined; timeoutMs?: number; provider?: AwsCredentialIdentityProvider } = {}): Promise<AwsCredentialsStatus> {
  const provider = options.provider ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const timeoutMs = options.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no credentials within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const identity = await Promise.race([provider(), timeout]);
    // Cache what was resolved, so every client signs with the same credentials without asking again.
    return { available: true, credentials: async () => identity };
  } catch (e) {
    const where = options.profile ? `AWS profile ${options.profile}` : 'the default credential chain';
    return { available: false, reason: `no AWS credentials from ${where}`, detail: e instanceof Error ? e.message.split('\n')[0] ?? e.name : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

export function createAwsClients(options: { region: string; bedrockRegion: string; credentials: AwsCredentialIdentityProvider }): AwsClients {
  const config = { region: options.region, credentials: options.credentials, maxAttempts: 3 };
  return {
    sts: new STSClient(config),
    route53: new Route53Client(config),
    acm: new ACMClient(config),
    secretsManager: new SecretsManagerClient(config),
    kms: new KMSClient(config),
    bedrock: new BedrockClient({ ...config, region: options.bedrockRegion }),
    ec2: new EC2Client(config),
    cloudFormation: new CloudFormationClient(config),
    ecr: new ECRClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    serviceQuotas: new ServiceQuotasClient(config),
  };
}

/** A FindExecutable over a PATH value (the caller passes its environment's PATH). */
export function findExecutableOnPath(pathValue: string): FindExecutable {
  return async (name) => {
    for (const dir of pathValue.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
    return undefined;
  };
}

/** Real clients for the CLI: AWS when credentials were found, else the reason AWS checks skip. */
export function systemPreflightClients(options: { region: string; bedrockRegion: string; credentials: AwsCredentialsStatus; pathValue: string }): PreflightClients {
  const { credentials } = options;
  return {
    aws: credentials.available ? createAwsClients({ region: options.region, bedrockRegion: options.bedrockRegion, credentials: credentials.credentials }) : undefined,
    ...(credentials.available ? {} : { noAwsReason: credentials.reason }),
    dns: new Resolver({ timeout: 5000, tries: 2 }),
    fetch: globalThis.fetch as FetchLike,
    findExecutable: findExecutableOnPath(options.pathValue),
    runCommand: runCommandBounded,
  };
}

/** A RunCommand that kills the command at its deadline (a hung engine must not hang preflight). */
export const runCommandBounded: RunCommand = (command, args, options) => new Promise((resolve) => {
  execFile(command, args, { timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
    resolve({ ok: !error, output: `${stdout}${stderr}${error?.killed ? `\n(no answer within ${options.timeoutMs / 1000} s)` : ''}` });
  });
});
