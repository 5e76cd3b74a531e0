// Which gateway `cagw caps` talks to, and with which key: the deployed one at its URL with the
// write key read from Secrets Manager (GATEWAY_ADMIN_WRITE_KEY_ARN), or with --local the gateway
// `cagw local` runs for the same profile, with that session's own loopback key. The key is
// held in memory only, for the x-api-key header, and read only once the URL passed checkAdminUrl.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import { readLocalSecrets } from '../local/local-secrets.ts';
import { checkAdminUrl } from './admin-url.ts';
import { readRunningSession } from '../local/session-file.ts';

export interface AdminTarget {
  url: string;
  apiKey: string;
  /**
   * the secret's AWSPREVIOUS version, while there is one: during a key rotation tasks that started
   * before it still hold this key, so a 401 with the current key is tried again with it
   */
  previousKey?: string;
  /** for messages: "cagw local (…)" or the deployed URL */
  label: string;
}

export function localAdminTarget(stateDir: string): AdminTarget {
  const session = readRunningSession(stateDir);
  if (!session.spendCaps) {
    throw new CagwError('SpendCapsOff', `profile ${session.profile} does not turn spend caps on, so the gateway cagw local runs has no admin API`, {
      source: 'user',
      where: 'ENABLE_SPEND_CAPS',
      fix: 'set ENABLE_SPEND_CAPS=true (with GATEWAY_ADMIN_WRITE_KEY_ARN) in the profile and restart cagw local',
    });
  }
  checkAdminUrl(session.url, `the cagw local session in ${stateDir}`);
  return { url: session.url, apiKey: readLocalSecrets(session.secretsFile).adminKey, label: `cagw local at ${session.url}` };
}

/** The secret's string at a staging label (AWSCURRENT unless said); undefined when no version has it. */
export type SecretReader = (arn: string, stage?: 'AWSCURRENT' | 'AWSPREVIOUS') => Promise<string | undefined>;

export async function deployedAdminTarget(
  settings: Pick<Settings, 'ENABLE_SPEND_CAPS' | 'GATEWAY_ADMIN_WRITE_KEY_ARN' | 'AWS_REGION' | 'AWS_PROFILE' | 'publicUrl'>,
  url: string | undefined,
  readSecret: SecretReader = secretsManagerReader(settings),
): Promise<AdminTarget> {
  const arn = settings.GATEWAY_ADMIN_WRITE_KEY_ARN;
  if (!settings.ENABLE_SPEND_CAPS || !arn) {
    throw new CagwError('SpendCapsOff', 'the profile does not turn spend caps on, so the deployed gateway has no admin API', {
      source: 'user',
      where: 'ENABLE_SPEND_CAPS',
      fix: 'set ENABLE_SPEND_CAPS=true and GATEWAY_ADMIN_WRITE_KEY_ARN in the profile, cagw deploy, then run this again',
    });
  }
  const target = url ?? settings.publicUrl;
  checkAdminUrl(target, url ? '--url' : 'the profile\'s gateway URL', settings.publicUrl);
  let key: string | undefined;
  let previousKey: string | undefined;
  try {
    [key, previousKey] = await Promise.all([readSecret(arn), readSecret(arn, 'AWSPREVIOUS')]);
  } catch (error) {
    throw new CagwError('AdminKeyUnreadable', `cannot read the admin write key from Secrets Manager: ${(error as Error).name}: ${(error as Error).message}`, {
      source: 'aws',
      where: 'GATEWAY_ADMIN_WRITE_KEY_ARN',
      fix: 'use AWS credentials allowed secretsmanager:GetSecretValue on that secret (and kms:Decrypt on SECRETS_KMS_KEY_ARN if set), in AWS_REGION',
      cause: error,
    });
  }
  if (!key) {
    throw new CagwError('AdminKeyUnreadable', 'the secret at GATEWAY_ADMIN_WRITE_KEY_ARN holds no string value', {
      source: 'user',
      where: 'GATEWAY_ADMIN_WRITE_KEY_ARN',
      fix: 'store the key as the secret string (at least 32 characters), then redeploy so the gateway loads it',
    });
  }
  return { url: target, apiKey: key, ...(previousKey && previousKey !== key ? { previousKey } : {}), label: target };
}

function secretsManagerReader(settings: { AWS_REGION: string; AWS_PROFILE?: string | undefined }): SecretReader {
  return async (arn, stage = 'AWSCURRENT') => {
    const client = new SecretsManagerClient({ region: settings.AWS_REGION, credentials: fromNodeProviderChain(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}) });
    try {
      return (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }))).SecretString;
    } catch (error) {
      // a secret never rotated has no AWSPREVIOUS version: GetSecretValue answers ResourceNotFoundException
      // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html)
      if (stage === 'AWSPREVIOUS' && (error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    } finally {
      client.destroy();
    }
  };
}
