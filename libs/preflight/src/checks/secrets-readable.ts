// Every secret the profile names must exist, not be scheduled for deletion, hold a value the
// deploying identity can read, and, when a customer KMS key encrypts it, that key must be
// usable and the one key the gateway stack grants its execution role (SecretsKmsKeyArn).
// The secret's value is read only to prove it is there: it is never kept or shown.
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { combineOutcomes, fail, pass, type CheckOutcome, type CheckContext, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';

const AWS_MANAGED_KEY = /^(alias\/aws\/secretsmanager|arn:aws[\w-]*:kms:[^:]+:\d+:alias\/aws\/secretsmanager)$/;

interface SecretFinding {
  outcome: CheckOutcome;
  /** the customer key that encrypts it, when there is one */
  kmsKeyId?: string | undefined;
}

/** The gateway refuses a session key shorter than this (session.jwt_secret, every entry). */
const MIN_SESSION_KEY_LENGTH = 32;

async function checkSecret(variable: string, arn: string, { aws, signal }: CheckContext): Promise<SecretFinding> {
  let kmsKeyId: string | undefined;
  try {
    const described = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: arn }), { abortSignal: signal });
    if (described.DeletedDate) {
      return { outcome: fail(`${variable} names a secret scheduled for deletion on ${described.DeletedDate.toISOString().slice(0, 10)}`, `restore it (aws secretsmanager restore-secret --secret-id ${arn}) or create a new secret and update ${variable}`) };
    }
    kmsKeyId = described.KmsKeyId && !AWS_MANAGED_KEY.test(described.KmsKeyId) ? described.KmsKeyId : undefined;
  } catch (e) {
    if (isNotFound(e, 'ResourceNotFoundException')) return { outcome: fail(`${variable} names a secret that does not exist in this account and region`, `create the secret (value from a file, never on the command line) and set ${variable} to its ARN`) };
    return { outcome: awsCallFailed('secretsmanager:DescribeSecret', e) };
  }
  try {
    const value = await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: arn }), { abortSignal: signal });
    const empty = (value.SecretString ?? '').trim() === '' && !value.SecretBinary?.length;
    if (empty) return { outcome: fail(`${variable} names a secret with an empty value (value hidden): the gateway would crash-loop`, `put the real value in the secret (aws secretsmanager put-secret-value --secret-id ${arn} --secret-string file://value.txt)`), kmsKeyId };
    if (variable === 'PREVIOUS_JWT_SECRET_ARN' && (value.SecretString ?? '').length < MIN_SESSION_KEY_LENGTH) {
      return { outcome: fail(`${variable} names a secret shorter than ${MIN_SESSION_KEY_LENGTH} characters (value hidden): the gateway refuses such a session key, so the new tasks would not start`, 'copy the session key the gateway signs with now into that secret exactly, as docs/secrets.md shows, or unset PREVIOUS_JWT_SECRET_ARN'), kmsKeyId };
    }
  } catch (e) {
    if (isNotFound(e, 'ResourceNotFoundException')) return { outcome: fail(`${variable} names a secret with no current value`, 'put a value in the secret'), kmsKeyId };
    return { outcome: awsCallFailed('secretsmanager:GetSecretValue', e), kmsKeyId };
  }
  return { outcome: pass(`${variable} is readable`), kmsKeyId };
}

async function checkKeys(keys: string[], { aws, signal, settings }: CheckContext): Promise<CheckOutcome[]> {
  if (keys.length > 1) {
    return [fail(`the secrets use ${keys.length} different customer KMS keys (${keys.join(', ')}); the gateway stack grants decrypt on one`, 'encrypt both secrets with the same key, or with the AWS-managed key')];
  }
  return Promise.all(keys.map(async (keyId) => {
    try {
      const { KeyMetadata: key } = await aws.kms.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal: signal });
      if (key?.KeyState !== 'Enabled') return fail(`KMS key ${keyId} of the secrets is ${key?.KeyState ?? 'in an unknown state'}`, 'enable the key (or cancel its deletion), or re-encrypt the secrets with an enabled key');
      // The execution role may decrypt only with the key the profile names (SecretsKmsKeyArn).
      if (key.Arn && settings.SECRETS_KMS_KEY_ARN !== key.Arn) {
        return fail(`the secrets are encrypted with customer KMS key ${key.Arn}, but SECRETS_KMS_KEY_ARN is ${settings.SECRETS_KMS_KEY_ARN ?? 'not set'}: the tasks could not decrypt them and would never start`, `set SECRETS_KMS_KEY_ARN=${key.Arn} in the profile`);
      }
      return pass(`customer KMS key ${key.Arn ?? keyId} is enabled and named by SECRETS_KMS_KEY_ARN; the gateway stack grants its execution role decrypt on it`);
    } catch (e) {
      return awsCallFailed('kms:DescribeKey', e);
    }
  }));
}

export const secretsReadable: PreflightCheck = {
  id: 'secrets.readable',
  title: 'the secrets the profile names exist and can be read',
  needs: 'aws',
  reads: ['OIDC_CLIENT_SECRET_ARN', 'GATEWAY_ADMIN_WRITE_KEY_ARN', 'PREVIOUS_JWT_SECRET_ARN'],
  skipReason: (s) => (secretVariables(s).length ? undefined : 'the profile names no secret'),
  async run(ctx) {
    const findings = await Promise.all(secretVariables(ctx.settings).map(([variable, arn]) => checkSecret(variable, arn, ctx)));
    const keys = [...new Set(findings.map((f) => f.kmsKeyId).filter((k): k is string => Boolean(k)))];
    return combineOutcomes([...findings.map((f) => f.outcome), ...(await checkKeys(keys, ctx))], '');
  },
};

function secretVariables(s: CheckContext['settings']): [string, string][] {
  const named: [string, string | undefined][] = [
    ['OIDC_CLIENT_SECRET_ARN', s.idpMode === 'byo' ? s.OIDC_CLIENT_SECRET_ARN : undefined],
    ['GATEWAY_ADMIN_WRITE_KEY_ARN', s.ENABLE_SPEND_CAPS ? s.GATEWAY_ADMIN_WRITE_KEY_ARN : undefined],
    ['PREVIOUS_JWT_SECRET_ARN', s.PREVIOUS_JWT_SECRET_ARN],
  ];
  return named.filter((e): e is [string, string] => Boolean(e[1]));
}
