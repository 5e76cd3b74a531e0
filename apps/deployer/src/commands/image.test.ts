// cagw image: what it refuses before any build starts (the real build is docker:integration).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { imageCommand } from './image.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-image-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flags = (extra: Record<string, unknown> = {}) => ({
  profile: undefined, builder: undefined, tag: undefined, push: false, repository: undefined, base: undefined, 'release-mirror': undefined,
  'release-key': undefined, 'release-fingerprint': undefined, 'ca-bundle': undefined, verbose: false, json: false, ...extra,
});
const refusal = (positionals: string[], extra: Record<string, unknown> = {}) => imageCommand.run(flags(extra) as never, positionals, createRecordingIo()).then(() => undefined, (e: unknown) => e);

test('build is the only sub-command', async () => {
  expect(await refusal([])).toMatchObject({ code: 'UnknownSubcommand', fix: 'run cagw image build --profile <file>' });
  expect(await refusal(['push'])).toMatchObject({ code: 'UnknownSubcommand' });
});

test('--repository without --push is refused: it only says where to push', async () => {
  expect(await refusal(['build'], { repository: '127.0.0.1:5000/cagw-gateway' })).toMatchObject({ code: 'RepositoryWithoutPush', where: '--repository' });
});

test('the base must be pinned: a profile without BASE_DIGEST, and no --base, names cagw pin', async () => {
  const profile = join(dir, 'unpinned.env');
  writeFileSync(profile, readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8'));
  expect(await refusal(['build'], { profile })).toMatchObject({ code: 'BaseDigestMissing', where: 'BASE_DIGEST', fix: expect.stringMatching(/cagw pin --profile .*pins\.lock\.json beside the profile/) });
});

test('a flag is named in the error when the value came from it', async () => {
  const profile = join(dir, 'pinned.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_DIGEST=sha256:${'a'.repeat(64)}\n`);
  expect(await refusal(['build'], { profile, 'release-mirror': 'http://mirror.example.com/releases' })).toMatchObject({ code: 'ReleaseMirrorInsecure', where: '--release-mirror' });
  expect(await refusal(['build'], { profile, builder: 'kaniko' })).toMatchObject({ code: 'ImageBuilderUnknown', where: '--builder' });
});

test("a release key not Anthropic's needs --release-fingerprint-acknowledged repeating its fingerprint, before any build", async () => {
  const profile = join(dir, 'mirror.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_DIGEST=sha256:${'a'.repeat(64)}\n`);
  const keyFile = join(dir, 'own-release-key.asc');
  writeFileSync(keyFile, '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n');
  const own = '0123456789ABCDEF0123456789ABCDEF01234567';
  // kaniko is refused after the signer check: reaching it means the signer was accepted
  const signer = { profile, builder: 'kaniko', 'release-key': keyFile, 'release-fingerprint': own };
  expect(await refusal(['build'], signer)).toMatchObject({ code: 'ReleaseSignerNotAcknowledged', where: '--release-fingerprint', fix: expect.stringContaining(`--release-fingerprint-acknowledged ${own}`) });
  expect(await refusal(['build'], { ...signer, 'release-fingerprint-acknowledged': 'FEDCBA9876543210FEDCBA9876543210FEDCBA98' })).toMatchObject({ code: 'ReleaseSignerNotAcknowledged', where: '--release-fingerprint-acknowledged' });
  expect(await refusal(['build'], { ...signer, 'release-fingerprint-acknowledged': own.toLowerCase() })).toMatchObject({ code: 'ImageBuilderUnknown' });
});
