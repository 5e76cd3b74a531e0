// The VPN CA's private key is encrypted (AES-256) with a passphrase that never appears on a
// command line: cagw reads it from a file named by CAGW_VPN_CA_PASSPHRASE_FILE (a file only its
// owner can read), or, for CI, from the CAGW_VPN_CA_PASSPHRASE environment variable (a CI
// secret). openssl receives it through its own environment (-passin env:), never an argument.
import { readFileSync, statSync } from 'node:fs';
import { CagwError } from '@cagw/errors';

export const PASSPHRASE_FILE_VAR = 'CAGW_VPN_CA_PASSPHRASE_FILE';
export const PASSPHRASE_VAR = 'CAGW_VPN_CA_PASSPHRASE';
const MIN_LENGTH = 12;

const MAKE_ONE = `make one: mkdir -p ~/.config/cagw && (umask 077; openssl rand -base64 32 > ~/.config/cagw/vpn-ca.pass); export ${PASSPHRASE_FILE_VAR}=~/.config/cagw/vpn-ca.pass (keep a copy in your password manager: without it the CA cannot sign or revoke)`;

export function readCaPassphrase(env: NodeJS.ProcessEnv): string {
  const file = env[PASSPHRASE_FILE_VAR];
  if (file) {
    let mode: number;
    let text: string;
    try {
      mode = statSync(file).mode;
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CagwError('VpnCaPassphraseMissing', `the VPN CA passphrase file ${file} cannot be read: ${(e as Error).message}`, {
        source: 'user', where: PASSPHRASE_FILE_VAR, fix: `point ${PASSPHRASE_FILE_VAR} at the file that holds the passphrase, or ${MAKE_ONE}`, cause: e,
      });
    }
    if ((mode & 0o077) !== 0) {
      throw new CagwError('VpnCaPassphraseExposed', `the VPN CA passphrase file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)})`, {
        source: 'user', where: PASSPHRASE_FILE_VAR, fix: `chmod 600 ${file}`,
      });
    }
    return checked(text.replace(/\r?\n$/, ''), PASSPHRASE_FILE_VAR);
  }
  const value = env[PASSPHRASE_VAR];
  if (value) return checked(value, PASSPHRASE_VAR);
  throw new CagwError('VpnCaPassphraseMissing', 'the VPN CA key is encrypted and no passphrase was given', {
    source: 'user', where: `${PASSPHRASE_FILE_VAR} or ${PASSPHRASE_VAR}`,
    fix: `set ${PASSPHRASE_FILE_VAR} to a file only you can read that holds the passphrase (in CI: ${PASSPHRASE_VAR} from a secret); to ${MAKE_ONE}`,
  });
}

function checked(passphrase: string, where: string): string {
  if (passphrase.length < MIN_LENGTH) {
    throw new CagwError('VpnCaPassphraseWeak', `the VPN CA passphrase is ${passphrase.length} characters; at least ${MIN_LENGTH} are needed`, {
      source: 'user', where, fix: MAKE_ONE,
    });
  }
  return passphrase;
}
