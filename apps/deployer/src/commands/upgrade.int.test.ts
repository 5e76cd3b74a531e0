// cagw upgrade's comparison under two real gateway binaries: the pinned one from the workspace
// and another release installed from npm into a temp cache; and the downgrade refusal as a
// person meets it on the command line (through main(), in this process).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayPackageFor, PINNED_GATEWAY_VERSION, stopSharedServices } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { compareUnderBoth } from '../upgrade/compare-under-both.ts';
import { formatComparison } from './upgrade.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
// a published release before the pinned one (also what local-gateway's own binary test installs)
const OLDER = '2.1.329';
const dir = mkdtempSync(join(tmpdir(), 'cagw-upgrade-it-'));
const cacheDir = join(dir, 'cache');
const packageName = gatewayPackageFor({ platform: process.platform, arch: process.arch });

// The release tree is not reachable from here: the real npm package of OLDER is listed in a
// manifest signed with a throwaway key, served on loopback, and the profile names that mirror
// and key (RELEASE_MIRROR_URL, RELEASE_KEY_FILE, RELEASE_KEY_FINGERPRINT) as a team's would.
const gpgHome = join(dir, 'gnupg');
const gpg = (args: string[], input?: string) => execFileSync('gpg', ['--batch', '--homedir', gpgHome, ...args], { input, maxBuffer: 1 << 26 });
let mirror: Server;
let releaseLines = '';

beforeAll(async () => {
  mkdirSync(gpgHome, { mode: 0o700 });
  gpg(['--passphrase', '', '--quick-gen-key', 'cagw upgrade test <release@cagw.test>', 'ed25519', 'sign', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys', 'release@cagw.test']).toString())![1]!;
  writeFileSync(join(dir, 'release.asc'), gpg(['--armor', '--export', fingerprint]));
  const fetched = join(dir, 'fetched');
  execFileSync('npm', ['install', '--prefix', fetched, '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', `${packageName}@${OLDER}`], { stdio: 'ignore' });
  const checksum = createHash('sha256').update(readFileSync(join(fetched, 'node_modules', packageName, 'claude'))).digest('hex');
  const manifest = JSON.stringify({ version: OLDER, platforms: { [`${process.platform}-${process.arch}`]: { checksum } } });
  const files = new Map([[`/${OLDER}/manifest.json`, Buffer.from(manifest)], [`/${OLDER}/manifest.json.sig`, gpg(['--local-user', fingerprint, '--detach-sign', '--output', '-'], manifest)]]);
  mirror = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404).end(body ?? 'not found');
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  releaseLines = `RELEASE_MIRROR_URL=http://127.0.0.1:${(mirror.address() as AddressInfo).port}\nRELEASE_KEY_FILE=release.asc\nRELEASE_KEY_FINGERPRINT=${fingerprint}\nRELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${fingerprint}\n`;
});

function profileAt(version: string): string {
  const local = readFileSync(join(root, 'profiles/local.env'), 'utf8').replace(/^POLICIES_FILE=.*$/m, `POLICIES_FILE=${join(root, 'profiles/policies.example.yaml')}`);
  const path = join(dir, `at-${version}.env`);
  writeFileSync(path, `${local}\nCLAUDE_VERSION=${version}\n${releaseLines}`);
  return path;
}

afterAll(async () => {
  await stopSharedServices();
  mirror?.closeAllConnections();
  mirror?.close();
  execFileSync('gpgconf', ['--homedir', gpgHome, '--kill', 'all']);
  rmSync(dir, { recursive: true, force: true });
});

test(`${OLDER} -> the pinned version: both real binaries boot the config, and the comparison says what changes`, async () => {
  const settings = loadSettingsOrThrow({ profilePath: profileAt(OLDER), env: {} }).settings;
  const comparison = await compareUnderBoth(settings, PINNED_GATEWAY_VERSION, { cacheDir, profileName: 'upgrade-it' });
  expect(comparison.current).toMatchObject({ version: OLDER, result: 'pass' });
  expect(comparison).toMatchObject({ from: OLDER, to: PINNED_GATEWAY_VERSION, accepted: true, refused: [] });
  expect(formatComparison(comparison)).toMatch(new RegExp(`^claude gateway ${OLDER} -> ${PINNED_GATEWAY_VERSION}: the new version boots this config`));
  // the older binary really came from npm, into the temp cache
  expect(readFileSync(join(cacheDir, '@anthropic-ai__claude-code-linux-x64', OLDER, 'node_modules/@anthropic-ai/claude-code-linux-x64/package.json'), 'utf8')).toContain(`"version": "${OLDER}"`);
});

test('a version older than the profile runs is refused before anything boots, unless --allow-downgrade', async () => {
  const io = createRecordingIo();
  expect(await main(['upgrade', '--profile', profileAt(PINNED_GATEWAY_VERSION), '--to', OLDER, '--check'], io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(new RegExp(`${OLDER} is older than ${PINNED_GATEWAY_VERSION}[\\s\\S]*--allow-downgrade`));
});
