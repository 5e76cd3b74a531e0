import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkImageInputs, imageTag, imageTagOf, PROFILE_NAMES, type RawImageInputs } from './image-inputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-image-inputs-'));
const context = join(dir, 'context');
writeFileSync(join(dir, 'key.asc'), '-----BEGIN PGP PUBLIC KEY BLOCK-----\n');
writeFileSync(join(dir, 'bundle.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(join(dir, 'not-a-bundle.pem'), 'hello\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DIGEST = `sha256:${'c'.repeat(64)}`;
const FPR = '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE';
const raw = (extra: Partial<RawImageInputs> = {}): RawImageInputs => ({ contextDir: context, claudeVersion: '2.1.330', architecture: 'X86_64', base: 'debian:bookworm-slim', baseDigest: DIGEST, ...extra });
const refusal = (extra: Partial<RawImageInputs>) => {
  try {
    checkImageInputs(raw(extra), PROFILE_NAMES);
  } catch (e) {
    return e as { code: string; where: string; message: string };
  }
  throw new Error('accepted');
};

describe('checkImageInputs refuses, naming the variable', () => {
  test.each([
    [{ baseDigest: undefined }, 'BaseDigestMissing', 'BASE_DIGEST'],
    [{ base: `127.0.0.1:5000/debian@sha256:${'d'.repeat(64)}` }, 'BaseDigestConflict', 'BASE_IMAGE'],
    [{ releaseMirror: 'http://mirror.example.com/releases' }, 'ReleaseMirrorInsecure', 'RELEASE_MIRROR_URL'],
    [{ releaseMirror: 'http://127.0.0.1.example.com/releases' }, 'ReleaseMirrorInsecure', 'RELEASE_MIRROR_URL'],
    [{ releaseKeyFile: join(dir, 'key.asc') }, 'ReleaseKeyIncomplete', 'RELEASE_KEY_FINGERPRINT'],
    [{ releaseFingerprint: FPR }, 'ReleaseKeyIncomplete', 'RELEASE_KEY_FILE'],
    [{ releaseKeyFile: join(dir, 'key.asc'), releaseFingerprint: 'ABCD' }, 'ReleaseFingerprintInvalid', 'RELEASE_KEY_FINGERPRINT'],
    [{ caBundleFile: join(dir, 'missing.pem') }, 'ImageInputMissing', 'RDS_CA_BUNDLE_FILE'],
    [{ caBundleFile: join(dir, 'not-a-bundle.pem') }, 'CaBundleInvalid', 'RDS_CA_BUNDLE_FILE'],
  ])('%o → %s at %s', (extra, code, where) => {
    expect(refusal(extra)).toMatchObject({ code, where });
  });
});

test('accepts a loopback http mirror, a key file with its fingerprint in groups, and a base by digest', () => {
  const inputs = checkImageInputs(raw({
    base: `127.0.0.1:5000/debian@${DIGEST}`, baseDigest: undefined, releaseMirror: 'http://127.0.0.1:8081/releases',
    releaseKeyFile: join(dir, 'key.asc'), releaseFingerprint: '31dd de24 ddfa b679 f42d  7bd2 baa9 29ff 1a7e cace', caBundleFile: join(dir, 'bundle.pem'),
  }), PROFILE_NAMES);
  expect(inputs).toMatchObject({ baseName: '127.0.0.1:5000/debian', base: { registry: '127.0.0.1:5000', repository: 'debian', digest: DIGEST }, releaseFingerprint: FPR });
});

test('the tag: a mirror does not change it (its bytes are verified to be the release); a key file or a CA bundle does', () => {
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  const plain = imageTagOf(checkImageInputs(raw({ contextDir: dir }), PROFILE_NAMES));
  expect(plain).toBe(imageTag(dir, '2.1.330', 'X86_64', DIGEST));
  expect(imageTagOf(checkImageInputs(raw({ contextDir: dir, releaseMirror: 'https://mirror.example.com/r' }), PROFILE_NAMES))).toBe(plain);
  expect(imageTagOf(checkImageInputs(raw({ contextDir: dir, releaseKeyFile: join(dir, 'key.asc'), releaseFingerprint: FPR }), PROFILE_NAMES))).not.toBe(plain);
  expect(imageTagOf(checkImageInputs(raw({ contextDir: dir, caBundleFile: join(dir, 'bundle.pem') }), PROFILE_NAMES))).not.toBe(plain);
});
