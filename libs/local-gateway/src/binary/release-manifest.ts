// Checks a Claude Code release manifest the way docker/verify-release.sh does for the image,
// with real gpg in a throwaway keyring holding only the pinned key: exactly one signature, a
// GOODSIG whose VALIDSIG names the pinned primary key, none of gpg's refusals beside it (gpg
// prints VALIDSIG next to REVKEYSIG, EXPKEYSIG and EXPSIG too); then the manifest's version and
// the platform's SHA-256.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';

export interface ReleaseManifestCheck {
  manifest: Buffer;
  signature: Buffer;
  /** the release key as an armored or binary OpenPGP key */
  key: Buffer;
  /** 40 hex digits, spaces allowed */
  fingerprint: string;
  version: string;
  /** manifest platform key, e.g. linux-x64, darwin-arm64 */
  platform: string;
  /** where the manifest came from, for messages */
  source: string;
}

const REFUSALS: Record<string, string> = {
  BADSIG: 'manifest.json does not match its signature (modified after signing)',
  NO_PUBKEY: 'manifest.json is signed by another key, not the pinned one',
  REVKEYSIG: 'the pinned key has been revoked: get the new release key and its fingerprint from Anthropic',
  EXPKEYSIG: 'the pinned key has expired: refresh the release key from Anthropic',
  EXPSIG: 'the signature on manifest.json has expired',
  ERRSIG: 'gpg could not check the signature (ERRSIG)',
};

/** The SHA-256 the signed manifest gives for the platform's binary; throws ReleaseNotVerified otherwise. */
export async function verifiedReleaseChecksum(check: ReleaseManifestCheck): Promise<string> {
  const fingerprint = check.fingerprint.replace(/\s/g, '').toUpperCase();
  const refuse = (what: string) =>
    new CagwError('ReleaseNotVerified', `claude ${check.version} ${check.platform} is not verified: ${what}`, {
      source: 'user',
      where: check.source,
      fix: 'use the release as Anthropic published it (RELEASE_MIRROR_URL, RELEASE_KEY_FILE and RELEASE_KEY_FINGERPRINT); never skip verification',
    });
  const home = await mkdtemp(join(tmpdir(), 'cagw-gpg-'));
  try {
    await writeFile(join(home, 'key'), check.key);
    await writeFile(join(home, 'manifest.json'), check.manifest);
    await writeFile(join(home, 'manifest.json.sig'), check.signature);
    const gpg = (args: string[]) => run('gpg', ['--batch', '--no-tty', '--homedir', home, ...args]);

    const listing = await gpg(['--with-colons', '--import-options', 'show-only', '--import', join(home, 'key')]);
    // the fingerprint of a primary key is the first fpr record after its pub record
    const primaries: string[] = [];
    let wantFpr = false;
    for (const line of listing.stdout.split('\n')) {
      const fields = line.split(':');
      if (fields[0] === 'pub') wantFpr = true;
      else if (fields[0] === 'fpr' && wantFpr) {
        primaries.push(fields[9] ?? '');
        wantFpr = false;
      }
    }
    if (listing.code !== 0 || primaries.length === 0) throw refuse('the release key is not an OpenPGP key');
    if (primaries.length !== 1) throw refuse(`the release key file must hold exactly one key, found ${primaries.length}`);
    if (primaries[0] !== fingerprint) throw refuse(`the release key ${primaries[0]} is not the pinned ${fingerprint}`);
    if ((await gpg(['--quiet', '--import', join(home, 'key')])).code !== 0) throw refuse('gpg could not import the release key');

    const verified = await gpg(['--status-fd', '1', '--verify', join(home, 'manifest.json.sig'), join(home, 'manifest.json')]);
    const status = verified.stdout.split('\n').filter((line) => line.startsWith('[GNUPG:] ')).map((line) => line.slice(9).split(' '));
    const said = (keyword: string) => status.filter((fields) => fields[0] === keyword);
    for (const [keyword, why] of Object.entries(REFUSALS)) if (said(keyword).length > 0) throw refuse(`manifest signature: ${why}`);
    if (said('NEWSIG').length !== 1) throw refuse(`manifest signature: manifest.json.sig must hold exactly one signature, found ${said('NEWSIG').length}`);
    const good = said('GOODSIG');
    const valid = said('VALIDSIG');
    if (good.length !== 1 || valid.length !== 1) throw refuse('manifest signature: gpg did not report one good, valid signature');
    // VALIDSIG: the signing (sub)key first, the primary key's fingerprint last
    const [, signer = '', ...rest] = valid[0]!;
    const primary = rest.at(-1) ?? '';
    if (primary !== fingerprint) throw refuse(`manifest signature: made by ${primary}, not the pinned ${fingerprint}`);
    if (!signer.endsWith(good[0]![1] ?? '-')) throw refuse('manifest signature: the good signature is not the valid one');
  } finally {
    await run('gpgconf', ['--homedir', home, '--kill', 'all']).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }

  let manifest: { version?: unknown; platforms?: Record<string, { checksum?: unknown }> };
  try {
    manifest = JSON.parse(check.manifest.toString('utf8')) as typeof manifest;
  } catch {
    throw refuse('manifest: it is not JSON');
  }
  if (manifest.version !== check.version) throw refuse(`manifest: it is for version ${String(manifest.version)}, not the requested ${check.version}`);
  const checksum = manifest.platforms?.[check.platform]?.checksum;
  if (typeof checksum !== 'string' || !/^[0-9a-fA-F]{64}$/.test(checksum)) throw refuse(`manifest: it has no SHA-256 checksum for platform ${check.platform}`);
  return checksum.toLowerCase();
}

// gpg on a local keyring answers in well under a second; one that waits this long waits on
// something it should not (an agent, a terminal), so it is stopped and named.
const GPG_TIMEOUT_MS = 60_000;

function run(command: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1 << 24, timeout: GPG_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout) => {
      if (error?.killed) {
        reject(new CagwError('GpgTimeout', `${command} ${args.filter((arg) => arg.startsWith('--') && arg !== '--homedir').join(' ')} did not finish within ${GPG_TIMEOUT_MS / 1000} s`, {
          source: 'internal',
          where: command,
          fix: 'check that gpg works on this machine (gpg --version; no agent or pinentry prompt waiting), then run again',
          cause: error,
        }));
      } else if (error && typeof (error as NodeJS.ErrnoException).code === 'string') reject(error);
      else resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}
