// A throwaway signer for release-verification tests: its own gpg home (0700) under a test's
// folder, keys made there with real gpg, exported as the armored files a verifier is given.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKey {
  fingerprint: string;
  /** the armored public key, as a verifier is given it */
  file: string;
}

export interface ReleaseSigner {
  /** runs gpg in the signer's home; throws with gpg's stderr when it fails */
  gpg(args: string[], input?: string | Buffer): Buffer;
  /** `expire` as gpg takes it ('never', '1d'); `at` fakes the clock, for keys that must be old */
  makeKey(name: string, options?: { expire?: string; at?: string }): SigningKey;
  /** a detached signature of `data` by the key, with any extra gpg arguments before it */
  sign(data: string | Buffer, fingerprint: string, extraArgs?: string[]): Buffer;
  /** revokes the key with the certificate gpg made for it, and re-exports its file (now revoked) */
  revoke(key: SigningKey): void;
  /** stops the gpg agent of the signer's home */
  close(): void;
}

export function createReleaseSigner(dir: string): ReleaseSigner {
  const home = join(dir, 'signer-gnupg');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const gpg = (args: string[], input?: string | Buffer): Buffer => {
    const result = spawnSync('gpg', ['--batch', '--homedir', home, ...args], { input, maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr.toString()}`);
    return result.stdout;
  };
  return {
    gpg,
    makeKey(name, options = {}) {
      const clock = options.at ? ['--faked-system-time', options.at] : [];
      gpg([...clock, '--passphrase', '', '--quick-gen-key', `${name} <${name}@release.test>`, 'ed25519', 'sign', options.expire ?? 'never']);
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys', `${name}@release.test`]).toString())![1]!;
      const file = join(dir, `${name}.asc`);
      writeFileSync(file, gpg(['--armor', '--export', fingerprint]));
      return { fingerprint, file };
    },
    sign: (data, fingerprint, extraArgs = []) => gpg([...extraArgs, '--local-user', fingerprint, '--detach-sign', '--output', '-'], data),
    revoke(key) {
      const certificate = readFileSync(join(home, 'openpgp-revocs.d', `${key.fingerprint}.rev`), 'utf8');
      // gpg stores it with the armor's first line escaped by a colon, against accidental import
      gpg(['--import'], certificate.replace(/^:-----BEGIN/m, '-----BEGIN'));
      writeFileSync(key.file, gpg(['--armor', '--export', key.fingerprint]));
    },
    close: () => void spawnSync('gpgconf', ['--homedir', home, '--kill', 'all']),
  };
}
