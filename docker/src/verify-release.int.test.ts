// verify-release.sh with real gpg, curl and sha256sum against a release served from 127.0.0.1,
// signed with throwaway keys made here. Each way a release can be wrong must fail with one
// line naming the check, and leave nothing at --out.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSignedReleaseTree } from '@cagw/test-support';
import { beforeEach, describe, expect, test } from 'vitest';
import { DOCKER_DIR } from './test-support/run-bash.ts';

const tree = useSignedReleaseTree('cagw-verify-release-');
const { work, signer, files } = tree;
let nextVersion = 1;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Release {
  version: string;
  binary: Buffer;
  manifest: string;
}

/** Publishes a release in the real layout; `edit` changes the manifest before it is signed. */
function publish(options: { signer?: string; signArgs?: string[]; manifestVersion?: string; platforms?: string[] } = {}): Release {
  const version = `2.1.${nextVersion++}`;
  const binary = randomBytes(4096);
  const platforms = Object.fromEntries(
    (options.platforms ?? ['darwin-arm64', 'linux-arm64', 'linux-arm64-musl', 'linux-x64', 'linux-x64-musl']).map((p) => [
      p,
      { checksum: p === 'linux-x64' || p === 'linux-arm64' ? sha256(binary) : sha256(randomBytes(8)), size: binary.length },
    ]),
  );
  const manifest = JSON.stringify({ version: options.manifestVersion ?? version, buildDate: '2026-11-24T00:00:00Z', platforms }, null, 2);
  files.set(`/${version}/manifest.json`, Buffer.from(manifest));
  files.set(`/${version}/manifest.json.sig`, signer.sign(manifest, options.signer ?? tree.releaseKey.fingerprint, options.signArgs));
  files.set(`/${version}/linux-x64/claude`, binary);
  files.set(`/${version}/linux-arm64/claude`, binary);
  return { version, binary, manifest };
}

interface VerifyRun {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

// Asynchronous on purpose: the release server runs in this process and must answer curl.
async function verifyRelease(version: string, options: { platform?: string; key?: string; fingerprint?: string; out?: string } = {}): Promise<VerifyRun> {
  const out = options.out ?? join(work, 'out', 'claude');
  const args = ['--base-url', tree.baseUrl, '--version', version, '--platform', options.platform ?? 'linux-x64'];
  args.push('--key', options.key ?? tree.releaseKey.file, '--fingerprint', options.fingerprint ?? tree.releaseKey.fingerprint, '--out', out);
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', join(DOCKER_DIR, 'verify-release.sh'), ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, out }),
    );
  });
}

function expectRefused(run: VerifyRun, said: RegExp) {
  expect(run.status).toBe(1);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(said);
  expect(existsSync(run.out)).toBe(false);
}

// A binary from an earlier run sits at --out before every case: a failure must remove it too.
beforeEach(() => {
  spawnSync('mkdir', ['-p', join(work, 'out')]);
  writeFileSync(join(work, 'out', 'claude'), 'stale binary from an earlier build');
});

describe('verify-release.sh', () => {
  test('a good release passes and leaves the verified binary, executable, at --out', async () => {
    const release = publish();
    const run = await verifyRelease(release.version);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(run.out).equals(release.binary)).toBe(true);
    expect(statSync(run.out).mode & 0o777).toBe(0o755);
    expect(run.stdout).toBe(`verify-release: claude ${release.version} linux-x64 verified (sha256 ${sha256(release.binary)}, key ${tree.releaseKey.fingerprint})\n`);
  });

  test('the arm64 binary verifies against its own manifest entry', async () => {
    const release = publish();
    expect((await verifyRelease(release.version, { platform: 'linux-arm64' })).status).toBe(0);
  });

  test('accepts the fingerprint written in groups of four, in lower case', async () => {
    const release = publish();
    const grouped = tree.releaseKey.fingerprint.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    expect((await verifyRelease(release.version, { fingerprint: grouped })).status).toBe(0);
  });

  test('a tampered binary fails the checksum check', async () => {
    const release = publish();
    files.set(`/${release.version}/linux-x64/claude`, Buffer.concat([release.binary, Buffer.from('backdoor')]));
    expectRefused(await verifyRelease(release.version), /^verify-release: binary checksum: linux-x64\/claude has SHA-256 [0-9a-f]{64}, the signed manifest says/);
  });

  test('a tampered manifest fails the signature check', async () => {
    const release = publish();
    const evil = Buffer.from('evil binary');
    files.set(`/${release.version}/linux-x64/claude`, evil);
    files.set(`/${release.version}/manifest.json`, Buffer.from(release.manifest.replace(sha256(release.binary), sha256(evil))));
    expectRefused(await verifyRelease(release.version), /^verify-release: manifest signature: manifest.json does not match its signature/);
  });

  test('a manifest signed by another key fails', async () => {
    const release = publish({ signer: tree.otherKey.fingerprint });
    expectRefused(await verifyRelease(release.version), /^verify-release: manifest signature: manifest.json is signed by another key/);
  });

  // gpg reports VALIDSIG for these too: only the absence of GOODSIG, or REVKEYSIG/EXPKEYSIG/EXPSIG, tells.
  test('a manifest signed by the pinned key after it was revoked fails', async () => {
    const revokedKey = signer.makeKey('cagw-revoked');
    const release = publish({ signer: revokedKey.fingerprint });
    signer.revoke(revokedKey);
    expectRefused(
      await verifyRelease(release.version, { key: revokedKey.file, fingerprint: revokedKey.fingerprint }),
      /^verify-release: manifest signature: the pinned key has been revoked: get the new release key/,
    );
  });

  test('a manifest signed by the pinned key that has since expired fails', async () => {
    const expiredKey = signer.makeKey('cagw-expired', { expire: '1d', at: '20200101T000000' });
    const release = publish({ signer: expiredKey.fingerprint, signArgs: ['--faked-system-time', '20200101T000100'] });
    expectRefused(
      await verifyRelease(release.version, { key: expiredKey.file, fingerprint: expiredKey.fingerprint }),
      /^verify-release: manifest signature: the pinned key has expired: refresh the key file/,
    );
  });

  test('an expired signature from the pinned, still valid key fails', async () => {
    const oldKey = signer.makeKey('cagw-old', { at: '20200101T000000' });
    const release = publish({ signer: oldKey.fingerprint, signArgs: ['--faked-system-time', '20200101T000100', '--default-sig-expire', '1d'] });
    expectRefused(
      await verifyRelease(release.version, { key: oldKey.file, fingerprint: oldKey.fingerprint }),
      /^verify-release: manifest signature: the signature on manifest.json has expired$/m,
    );
  });

  test('a signature file holding two good signatures fails: exactly one is accepted', async () => {
    const release = publish();
    const again = signer.sign(release.manifest, tree.releaseKey.fingerprint);
    files.set(`/${release.version}/manifest.json.sig`, Buffer.concat([files.get(`/${release.version}/manifest.json.sig`)!, again]));
    expectRefused(await verifyRelease(release.version), /^verify-release: manifest signature: manifest.json.sig must hold exactly one signature, found 2$/m);
  });

  test('a key file whose key is not the pinned fingerprint fails', async () => {
    const release = publish({ signer: tree.otherKey.fingerprint });
    expectRefused(
      await verifyRelease(release.version, { key: tree.otherKey.file }),
      new RegExp(`^verify-release: signing key: fingerprint ${tree.otherKey.fingerprint} is not the pinned ${tree.releaseKey.fingerprint}`),
    );
  });

  test('a wrong pinned fingerprint fails even for a correctly signed release', async () => {
    const release = publish();
    expectRefused(await verifyRelease(release.version, { fingerprint: tree.otherKey.fingerprint }), /^verify-release: signing key: fingerprint .* is not the pinned/);
  });

  test('a key file with more than one key fails', async () => {
    const both = join(work, 'both.asc');
    writeFileSync(both, Buffer.concat([readFileSync(tree.releaseKey.file), readFileSync(tree.otherKey.file)]));
    expectRefused(await verifyRelease(publish().version, { key: both }), /^verify-release: signing key: .* must hold exactly one key, found 2/);
  });

  test('a manifest without the platform fails, even when its -musl variant is listed', async () => {
    const release = publish({ platforms: ['darwin-arm64', 'linux-x64-musl', 'linux-arm64'] });
    expectRefused(await verifyRelease(release.version), /^verify-release: manifest: it has no entry for platform linux-x64$/m);
  });

  test('a correctly signed manifest for another version fails', async () => {
    const release = publish({ manifestVersion: '2.1.0' });
    expectRefused(await verifyRelease(release.version), new RegExp(`^verify-release: manifest: it is for version 2\\.1\\.0, not the requested ${release.version.replace(/\./g, '\\.')}`));
  });

  test('a release that is not there fails on the download', async () => {
    expectRefused(await verifyRelease('9.9.9'), /^verify-release: download of manifest.json failed: .*404/);
  });

  test('refuses a plain-http release host that is not this machine, as a usage error', async () => {
    const run = spawnSync('bash', ['--norc', join(DOCKER_DIR, 'verify-release.sh'), '--base-url', 'http://releases.example', '--version', '2.1.1', '--platform', 'linux-x64', '--key', tree.releaseKey.file, '--fingerprint', tree.releaseKey.fingerprint, '--out', join(work, 'x')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^verify-release: --base-url must be https:\/\/ .*\(usage: verify-release.sh --base-url URL .*\)\n$/);
  });
});
