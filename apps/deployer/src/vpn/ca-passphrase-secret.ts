// The VPN CA's passphrase held by the account, so that an operator with only AWS credentials can
// add or revoke a developer: a Secrets Manager secret, cagw/<profile>/vpn-ca-passphrase, that cagw
// creates encrypted with the state bucket's KMS key when the account is bootstrapped, else with
// the account's default key aws/secretsmanager
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).
// A local passphrase (CAGW_VPN_CA_PASSPHRASE_FILE, CAGW_VPN_CA_PASSPHRASE) still wins; when the
// account holds none yet, it is stored there. With neither, a first CA gets a random one, made
// here and stored before the key is encrypted with it; an existing CA without one is refused.
import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import { PASSPHRASE_FILE_VAR, PASSPHRASE_VAR, readCaPassphrase } from './ca-passphrase.ts';

export const caPassphraseSecretName = (profile: string): string => `cagw/${profile}/vpn-ca-passphrase`;

export interface AccountPassphrase {
  secrets: SecretsManagerClient;
  profile: string;
  /** the state bucket's KMS key (bootstrap); undefined: the account's default key */
  kmsKeyId?: string | undefined;
  awsProfile?: string | undefined;
}

export interface ResolvedPassphrase { passphrase: string; from: 'local' | 'account' | 'new' }

const hasLocal = (env: NodeJS.ProcessEnv) => Boolean(env[PASSPHRASE_FILE_VAR] || env[PASSPHRASE_VAR]);

/** The passphrase the account holds, or undefined when it holds none (ResourceNotFoundException). */
export async function readAccountPassphrase(a: AccountPassphrase): Promise<string | undefined> {
  const name = caPassphraseSecretName(a.profile);
  return callAws(`reading the VPN CA passphrase (secret ${name})`, () => a.secrets.send(new GetSecretValueCommand({ SecretId: name })).then(
    (s) => s.SecretString,
    (e: unknown) => {
      if ((e as Error)?.name === 'ResourceNotFoundException') return undefined;
      throw e;
    },
  ), { awsProfile: a.awsProfile });
}

/** Stores the passphrase; when another operator stored one meanwhile, theirs is returned. */
async function storeAccountPassphrase(a: AccountPassphrase, passphrase: string): Promise<string> {
  const name = caPassphraseSecretName(a.profile);
  return callAws(`storing the VPN CA passphrase (secret ${name})`, () => a.secrets.send(new CreateSecretCommand({
    Name: name, SecretString: passphrase, Description: `cagw: the passphrase of the VPN CA key of profile ${a.profile} (profiles/${a.profile}/pki.json in the state bucket)`,
    // no Tags: they would need secretsmanager:TagResource too, which no other call of cagw needs
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)
    ...(a.kmsKeyId ? { KmsKeyId: a.kmsKeyId } : {}),
  })).then(
    () => passphrase,
    async (e: unknown) => {
      if ((e as Error)?.name !== 'ResourceExistsException') throw e;
      return (await readAccountPassphrase(a)) ?? passphrase;
    },
  ), { awsProfile: a.awsProfile });
}

/**
 * The passphrase a command opens (or makes) the CA with: the operator's own when given (stored in
 * the account if it holds none), else the account's, else, for a CA not made yet, a new one.
 */
export async function resolveCaPassphrase(env: NodeJS.ProcessEnv, a: AccountPassphrase, caExists: boolean): Promise<ResolvedPassphrase> {
  if (hasLocal(env)) {
    const passphrase = readCaPassphrase(env);
    if ((await readAccountPassphrase(a)) === undefined) await storeAccountPassphrase(a, passphrase);
    return { passphrase, from: 'local' };
  }
  const held = await readAccountPassphrase(a);
  if (held !== undefined) return { passphrase: held, from: 'account' };
  if (!caExists) return { passphrase: await storeAccountPassphrase(a, randomBytes(32).toString('base64')), from: 'new' };
  throw new CagwError('VpnCaPassphraseMissing', `the VPN CA key is encrypted, no passphrase was given and the account holds none (secret ${caPassphraseSecretName(a.profile)})`, {
    source: 'user', where: `${PASSPHRASE_FILE_VAR} or ${PASSPHRASE_VAR}`,
    fix: `run the command once with ${PASSPHRASE_FILE_VAR} pointing at a file (mode 600) that holds the CA's passphrase: cagw stores it in the account, and later runs need only AWS credentials`,
  });
}
