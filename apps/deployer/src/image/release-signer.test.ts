// Another signer than Anthropic's for the gateway binary is shown on every run that loads the
// profile (the image build, cagw local, cagw validate all do), and an unacknowledged one never
// gets that far: the profile refuses it, and the library refuses it before downloading anything.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RELEASE_SOURCE, releaseSignerOf as librarySignerOf, verifyGatewayBinary } from '@cagw/local-gateway';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { loadProfile } from '../cli/load-profile.ts';
import { createRecordingIo } from '../cli/recording-io.ts';
import { checkImageInputs, PROFILE_NAMES } from './image-inputs.ts';
import { ANTHROPIC_RELEASE_KEY_FINGERPRINT, releaseSignerOf } from './release-signer.ts';

const OTHER = '0123456789ABCDEF0123456789ABCDEF01234567';
const WORKSPACE = join(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'cagw-signer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function profileWith(lines: string): string {
  const path = join(dir, `p${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(path, `${readFileSync(join(WORKSPACE, 'profiles/byo-oidc-notelemetry.env'), 'utf8')}\n${lines}\n`);
  return path;
}

test("the official fingerprint is the library's default and the Dockerfile's", () => {
  expect(ANTHROPIC_RELEASE_KEY_FINGERPRINT).toBe(DEFAULT_RELEASE_SOURCE.fingerprint);
  expect(readFileSync(join(WORKSPACE, 'docker/Dockerfile'), 'utf8')).toContain(`ARG RELEASE_KEY_FINGERPRINT=${ANTHROPIC_RELEASE_KEY_FINGERPRINT}\n`);
  expect(releaseSignerOf(undefined)).toEqual({ fingerprint: ANTHROPIC_RELEASE_KEY_FINGERPRINT, official: true });
  expect(releaseSignerOf(OTHER.toLowerCase())).toEqual({ fingerprint: OTHER, official: false });
  expect(librarySignerOf({ fingerprint: OTHER })).toEqual({ fingerprint: OTHER, official: false });
});

test('an acknowledged other signer is printed each time the profile loads; Anthropic\'s is not', () => {
  const io = createRecordingIo();
  loadProfile(profileWith(`RELEASE_KEY_FINGERPRINT=${OTHER}\nRELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${OTHER}`), io, {});
  expect(io.stderr.filter((line) => line.includes(OTHER))).toEqual([
    `warning: RELEASE_KEY_FINGERPRINT: the gateway binary (the image, cagw local, cagw validate) is trusted on the signature of ${OTHER}, not Anthropic's release key ${ANTHROPIC_RELEASE_KEY_FINGERPRINT}; remove RELEASE_KEY_FINGERPRINT to trust Anthropic's again`,
  ]);
  const quiet = createRecordingIo();
  loadProfile(profileWith(`RELEASE_KEY_FINGERPRINT=${ANTHROPIC_RELEASE_KEY_FINGERPRINT}`), quiet, {});
  expect(quiet.stderr.filter((line) => line.includes('trusted on the signature'))).toEqual([]);
});

test('an unacknowledged other signer stops the profile from loading at all', () => {
  const error = (() => {
    try {
      return loadProfile(profileWith(`RELEASE_KEY_FINGERPRINT=${OTHER}`), createRecordingIo(), {});
    } catch (e) {
      return e;
    }
  })();
  expect(CagwError.is(error) && error.code).toBe('ProfileInvalid');
  expect((error as CagwError).message).toContain('RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED');
});

test('the image inputs carry the signer the build will trust', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const raw = { contextDir: join(WORKSPACE, 'docker'), claudeVersion: '2.1.330', architecture: 'X86_64', base: `debian:bookworm-slim@${digest}` };
  expect(checkImageInputs(raw, PROFILE_NAMES).releaseSigner).toEqual({ fingerprint: ANTHROPIC_RELEASE_KEY_FINGERPRINT, official: true });
  const keyFile = join(dir, 'key.asc');
  writeFileSync(keyFile, 'key');
  expect(checkImageInputs({ ...raw, releaseKeyFile: keyFile, releaseFingerprint: OTHER }, PROFILE_NAMES).releaseSigner).toEqual({ fingerprint: OTHER, official: false });
});

test('the library refuses an unacknowledged signer before it downloads anything, and takes an acknowledged one', async () => {
  // nothing listens on port 9: a download attempt would fail with ReleaseDownloadFailed instead
  const source = { baseUrl: 'http://127.0.0.1:9/releases', keyUrl: 'http://127.0.0.1:9/key.asc', fingerprint: OTHER };
  const refused = await verifyGatewayBinary('/nonexistent', '2.1.330', 'linux-x64', source).catch((e: unknown) => e);
  expect(CagwError.is(refused) && [refused.code, refused.where]).toEqual(['ReleaseSignerNotAcknowledged', 'RELEASE_KEY_FINGERPRINT']);
  expect((refused as CagwError).fix).toContain(`RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${OTHER}`);
  const acknowledged = await verifyGatewayBinary('/nonexistent', '2.1.330', 'linux-x64', { ...source, acknowledgedFingerprint: OTHER.toLowerCase() }).catch((e: unknown) => e);
  expect(CagwError.is(acknowledged) && acknowledged.code).toBe('ReleaseDownloadFailed');
});
