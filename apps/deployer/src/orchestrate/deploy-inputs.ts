// Everything any step of a deploy needs, checked before the first stack operation and reported
// at once: the image pins, the image step's own inputs (key files, CA bundle, mirror), and what
// preflight found missing in the account (credentials, secrets, certificates, the hosted zone,
// images). A deploy that stops here has created nothing: no change set, no stack, no push.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '@cagw/preflight';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { imageInputsFromSettings } from '../image/profile-image-inputs.ts';
import { pinsLockPath } from '../image/pins-lock.ts';
import { pinsMissingFix, type PinState } from '../image/resolve-pins.ts';
import { PASSPHRASE_FILE_VAR, PASSPHRASE_VAR, readCaPassphrase } from '../vpn/ca-passphrase.ts';
import { caPassphraseSecretName } from '../vpn/ca-passphrase-secret.ts';
import { profileName } from '../cli/load-profile.ts';

const DOCKER_DIR = fileURLToPath(new URL('../../../../docker/', import.meta.url));

export interface DeployInputProblem {
  /** the variable or preflight check that names the input */
  input: string;
  message: string;
  fix: string;
}

export interface DeployInputs {
  /** the settings with the pins filled in */
  settings: Settings;
  pins: readonly PinState[];
  /** every preflight result; the failed ones are problems */
  preflight: readonly CheckResult[];
  /** where the VPN passphrase variables are read, as the certificates step reads them (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** the profile's PKI folder, out/<profile>/pki (default under the working folder, as the deploy writes it) */
  pkiDir?: string;
  /** what the account holds of the VPN CA (vpn/ca-passphrase-secret.ts): its passphrase, and whether the CA is there */
  account?: { passphrase: string | undefined; caExists: boolean };
}

/** Every problem with the inputs of a deploy, in the order a person fixes them: pins, image, account. */
export function deployInputProblems(inputs: DeployInputs): DeployInputProblem[] {
  const { settings } = inputs;
  const problems: DeployInputProblem[] = [];
  const lock = settings.profilePath ? pinsLockPath(settings.profilePath) : undefined;
  // the missing pins together: one command resolves them all
  const missing = inputs.pins.filter((p) => p.from === 'missing');
  if (missing.length > 0) {
    const each = missing.map((p) => `\n      ${p.variable} from ${p.image}: ${p.reason ?? 'not resolved'}`).join('');
    problems.push({
      input: missing.map((p) => p.variable).join(', '),
      message: `not pinned in the profile${lock ? ` nor in ${lock}` : ''}, and the registry could not be asked:${each}`,
      fix: pinsMissingFix(settings.profilePath),
    });
  }
  if (settings.BUILD_IMAGE) {
    const imageProblem = imageStepProblem(settings);
    if (imageProblem) problems.push(imageProblem);
  }
  if (settings.ENABLE_VPN) {
    const pkiDir = inputs.pkiDir ?? join('out', profileName(settings.profilePath), 'pki');
    const vpnProblem = caPassphraseProblem(inputs.env ?? process.env, pkiDir, inputs.account, profileName(settings.profilePath));
    if (vpnProblem) problems.push(vpnProblem);
  }
  for (const check of inputs.preflight.filter((c) => c.status === 'fail')) {
    problems.push({ input: check.id, message: check.message, fix: check.fix });
  }
  return problems;
}

/** The image step's inputs as it will check them; a missing BASE_DIGEST is already a pin problem. */
function imageStepProblem(settings: Settings): DeployInputProblem | undefined {
  // a stand-in digest, so that the other inputs are checked even when the pin is missing
  const withBase = settings.BASE_DIGEST || settings.BASE_IMAGE.includes('@') ? settings : { ...settings, BASE_DIGEST: `sha256:${'0'.repeat(64)}` };
  try {
    imageInputsFromSettings(withBase, DOCKER_DIR);
    return undefined;
  } catch (e) {
    if (!CagwError.is(e)) throw e;
    return { input: e.where ?? e.code, message: e.message, fix: e.fix ?? '' };
  }
}

/**
 * The certificates step opens the VPN CA with this passphrase beside the network stack: the
 * operator's, else the account's (a CA not made yet gets one there); read it now, and when the CA
 * exists, open its key with it (openssl takes it from its environment).
 */
function caPassphraseProblem(env: NodeJS.ProcessEnv, pkiDir: string, account: DeployInputs['account'], profile: string): DeployInputProblem | undefined {
  const keyPath = join(pkiDir, 'ca.key');
  const local = Boolean(env[PASSPHRASE_FILE_VAR] || env[PASSPHRASE_VAR]);
  let passphrase: string;
  if (!local && account?.passphrase !== undefined) passphrase = account.passphrase;
  else if (!local && account && !account.caExists && !existsSync(keyPath)) return undefined;
  else {
    try {
      passphrase = readCaPassphrase(env);
    } catch (e) {
      if (!CagwError.is(e)) throw e;
      const fromAccount = account ? ` (the account holds none: cagw stores the one you give in Secrets Manager, ${caPassphraseSecretName(profile)}, and later deploys need only AWS credentials)` : '';
      return { input: e.where ?? e.code, message: e.message, fix: `${e.fix ?? ''}${fromAccount}` };
    }
  }
  if (!existsSync(keyPath)) return undefined;
  const passEnv = 'CAGW_CA_PASSPHRASE_CHECK';
  const opened = spawnSync('openssl', ['pkey', '-in', keyPath, '-passin', `env:${passEnv}`, '-noout'], { env: { ...process.env, [passEnv]: passphrase }, encoding: 'utf8', timeout: 10_000 });
  if (opened.error) throw opened.error;
  if (opened.status === 0) return undefined;
  const where = env[PASSPHRASE_FILE_VAR] ? PASSPHRASE_FILE_VAR : local ? PASSPHRASE_VAR : 'the account\'s VPN CA passphrase';
  return {
    input: where,
    message: `the passphrase does not open the VPN CA key ${keyPath}: ${opened.stderr.trim().split('\n')[0] ?? ''}`,
    fix: `give the passphrase ${keyPath} was encrypted with (${PASSPHRASE_FILE_VAR}, or ${PASSPHRASE_VAR} in CI)`,
  };
}

/** The one error a deploy stops with when inputs are missing, naming each. */
export function deployInputsError(problems: readonly DeployInputProblem[]): CagwError {
  const lines = problems.map((p) => `  - ${p.input}: ${p.message}${p.fix ? `\n    fix: ${p.fix}` : ''}`);
  return new CagwError('DeployInputsMissing', `${problems.length} input(s) of the deploy are missing or wrong; nothing was created:\n${lines.join('\n')}`, {
    source: 'user', where: problems.map((p) => p.input).join(', '), fix: 'fix each input above, then run the command again',
  });
}
