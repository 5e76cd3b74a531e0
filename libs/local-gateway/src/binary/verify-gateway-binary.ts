// A gateway binary installed for another CLAUDE_VERSION runs with the developer's AWS
// credentials, so it is trusted only as far as the image's: its SHA-256 must be the one
// Anthropic's signed release manifest gives for this platform (release-manifest.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CagwError } from '@cagw/errors';
import { verifiedReleaseChecksum } from './release-manifest.ts';

export interface ReleaseSource {
  /** the release tree: <baseUrl>/<version>/manifest.json and manifest.json.sig */
  baseUrl: string;
  /** where the release key is fetched from, unless keyFile is given */
  keyUrl: string;
  keyFile?: string;
  /** the only key trusted, whatever the key file holds */
  fingerprint: string;
  /**
   * the same fingerprint again when it is not Anthropic's (RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED):
   * another signer is trusted only when said twice, never by one changed value
   */
  acknowledgedFingerprint?: string;
}

/** Whose signature the gateway binary is trusted on; `official` when it is Anthropic's release key. */
export interface ReleaseSigner {
  fingerprint: string;
  official: boolean;
}

// The same defaults as docker/Dockerfile (RELEASE_BASE_URL, RELEASE_KEY_URL, RELEASE_KEY_FINGERPRINT).
export const DEFAULT_RELEASE_SOURCE: ReleaseSource = {
  baseUrl: 'https://downloads.claude.ai/claude-code-releases',
  keyUrl: 'https://downloads.claude.ai/keys/claude-code.asc',
  // Anthropic Claude Code Release Signing <security@anthropic.com>
  fingerprint: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE',
};

const normalised = (fingerprint: string) => fingerprint.replace(/\s/g, '').toUpperCase();

/** The signer a release source trusts, for the CLI to show on every run that verifies with it. */
export function releaseSignerOf(source: Pick<ReleaseSource, 'fingerprint'> = DEFAULT_RELEASE_SOURCE): ReleaseSigner {
  const fingerprint = normalised(source.fingerprint);
  return { fingerprint, official: fingerprint === DEFAULT_RELEASE_SOURCE.fingerprint };
}

/** Refuses a signer other than Anthropic's that the source does not acknowledge (ReleaseSignerNotAcknowledged). */
export function checkReleaseSigner(source: Pick<ReleaseSource, 'fingerprint' | 'acknowledgedFingerprint'>): ReleaseSigner {
  const signer = releaseSignerOf(source);
  if (signer.official || (source.acknowledgedFingerprint && normalised(source.acknowledgedFingerprint) === signer.fingerprint)) return signer;
  throw new CagwError('ReleaseSignerNotAcknowledged', `the gateway release would be trusted on the signature of ${signer.fingerprint}, not Anthropic's release key ${DEFAULT_RELEASE_SOURCE.fingerprint}, and nothing acknowledges it`, {
    source: 'user',
    where: 'RELEASE_KEY_FINGERPRINT',
    fix: `if you trust that signer with the gateway binary, set RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${signer.fingerprint}; otherwise remove RELEASE_KEY_FINGERPRINT and RELEASE_KEY_FILE`,
  });
}

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Returns the binary's SHA-256 when the signed manifest vouches for it; throws ReleaseNotVerified otherwise. */
export async function verifyGatewayBinary(binaryPath: string, version: string, platform: string, source: ReleaseSource): Promise<string> {
  checkReleaseSigner(source);
  const base = `${source.baseUrl.replace(/\/$/, '')}/${version}`;
  const [manifest, signature, key] = await Promise.all([
    download(`${base}/manifest.json`),
    download(`${base}/manifest.json.sig`),
    source.keyFile ? readFile(source.keyFile) : download(source.keyUrl),
  ]);
  let expected: string;
  try {
    expected = await verifiedReleaseChecksum({ manifest, signature, key, fingerprint: source.fingerprint, version, platform, source: `${base}/manifest.json` });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CagwError('GpgMissing', 'gpg is needed to verify the signature of the gateway release, and it is not on PATH', {
        source: 'user',
        where: 'this machine (PATH)',
        fix: 'install GnuPG (apt-get install gnupg, brew install gnupg), then run again',
        cause: error,
      });
    }
    throw error;
  }
  const actual = await sha256OfFile(binaryPath);
  if (actual !== expected) {
    throw new CagwError('ReleaseNotVerified', `claude ${version} ${platform} is not verified: the installed binary has SHA-256 ${actual}, the signed manifest says ${expected}`, {
      source: 'user',
      where: binaryPath,
      fix: 'check the npm registry or mirror cagw installs from: it served a binary Anthropic did not release',
    });
  }
  return actual;
}

async function download(url: string): Promise<Buffer> {
  // plain http only for a release tree on this machine (tests); anything else over https
  if (!/^https:\/\//.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) {
    throw new CagwError('ReleaseSourceInsecure', `${url} is not an https:// URL`, {
      source: 'user',
      where: 'RELEASE_MIRROR_URL',
      fix: 'serve the release mirror over https (http only on 127.0.0.1)',
    });
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new CagwError('ReleaseDownloadFailed', `could not download ${url}: ${(error as Error).message}`, {
      source: 'user',
      where: url,
      fix: 'check the network or proxy, or point RELEASE_MIRROR_URL at a reachable copy of the release tree',
      cause: error,
    });
  }
  if (!response.ok) {
    throw new CagwError('ReleaseDownloadFailed', `could not download ${url}: ${response.status}`, {
      source: 'user',
      where: url,
      fix: 'check that this version is published in the release tree (RELEASE_MIRROR_URL)',
    });
  }
  return Buffer.from(await response.arrayBuffer());
}
