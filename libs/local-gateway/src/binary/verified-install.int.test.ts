// Installing another CLAUDE_VERSION: npm runs without install scripts, and the binary is kept
// only when Anthropic's signed release manifest vouches for its SHA-256 (real gpg, throwaway
// keys made here, a release tree and a fake npm registry on 127.0.0.1).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { useSignedReleaseTree } from '@cagw/test-support';
import { resolveGatewayBinary } from './resolve-gateway-binary.ts';
import { OLDEST_SUPPORTED_GATEWAY_VERSION } from './supported-versions.ts';

const tree = useSignedReleaseTree('cagw-verified-install-');
const { work, signer, files } = tree;
const target = { platform: 'linux', arch: 'x64' };
const packageName = '@anthropic-ai/claude-code-linux-x64';
let nextVersion = 400; // above the oldest supported, never the workspace's 2.1.330

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Publishes a signed manifest for a new version; returns the version and the released binary. */
function publish(options: { signer?: string } = {}): { version: string; binary: Buffer } {
  const version = `2.1.${nextVersion++}`;
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\necho claude\n'), randomBytes(256)]);
  const manifest = JSON.stringify({ version, platforms: { 'linux-x64': { checksum: sha256(binary), size: binary.length }, 'darwin-arm64': { checksum: sha256(randomBytes(8)), size: 8 } } });
  files.set(`/${version}/manifest.json`, Buffer.from(manifest));
  files.set(`/${version}/manifest.json.sig`, signer.sign(manifest, options.signer ?? tree.releaseKey.fingerprint));
  return { version, binary };
}

/** A registry that serves `binary` as the package's claude, and records what npm was asked. */
function fakeNpm(binary: Buffer) {
  const calls: string[][] = [];
  const npm = async (args: string[]) => {
    calls.push(args);
    const staging = args[args.indexOf('--prefix') + 1]!;
    const version = args.at(-1)!.split('@').at(-1)!;
    const dir = join(staging, 'node_modules', packageName);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: packageName, version }));
    writeFileSync(join(dir, 'claude'), binary, { mode: 0o755 });
  };
  return { npm, calls };
}
const noNpm = async () => {
  throw new Error('npm must not run');
};

const resolve = (version: string, cacheDir: string, npm: (args: string[]) => Promise<void>, key = tree.releaseKey) =>
  resolveGatewayBinary({ version, cacheDir, target, npm, release: { baseUrl: tree.baseUrl, keyFile: key.file, fingerprint: tree.releaseKey.fingerprint, acknowledgedFingerprint: tree.releaseKey.fingerprint } });

async function refusal(promise: Promise<unknown>): Promise<CagwError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CagwError);
  return error as CagwError;
}

describe('another CLAUDE_VERSION', () => {
  test('is installed without install scripts, verified, cached, and then reused without npm', async () => {
    const cacheDir = mkdtempSync(join(work, 'cache-'));
    const release = publish();
    const registry = fakeNpm(release.binary);
    const installed = await resolve(release.version, cacheDir, registry.npm);
    expect(registry.calls).toHaveLength(1);
    expect(registry.calls[0]).toContain('--ignore-scripts');
    expect(readFileSync(installed.path).equals(release.binary)).toBe(true);
    expect((await resolve(release.version, cacheDir, noNpm)).path).toBe(installed.path);
  });

  test('a binary the signed manifest does not vouch for is refused and not cached', async () => {
    const cacheDir = mkdtempSync(join(work, 'cache-'));
    const release = publish();
    const error = await refusal(resolve(release.version, cacheDir, fakeNpm(randomBytes(300)).npm));
    expect(error.code).toBe('ReleaseNotVerified');
    expect(error.message).toMatch(/the signed manifest says [0-9a-f]{64}/);
    expect(existsSync(join(cacheDir, packageName.replace('/', '__'), release.version))).toBe(false);
  });

  test('a manifest signed by another key is refused', async () => {
    const release = publish({ signer: tree.otherKey.fingerprint });
    const error = await refusal(resolve(release.version, mkdtempSync(join(work, 'cache-')), fakeNpm(release.binary).npm));
    expect(error.message).toMatch(/signed by another key/);
  });

  test('a key file that is not the pinned key is refused', async () => {
    const release = publish();
    const error = await refusal(resolve(release.version, mkdtempSync(join(work, 'cache-')), fakeNpm(release.binary).npm, tree.otherKey));
    expect(error.message).toMatch(/is not the pinned/);
  });

  test('a manifest modified after signing is refused', async () => {
    const release = publish();
    const path = `/${release.version}/manifest.json`;
    files.set(path, Buffer.from(files.get(path)!.toString().replace('"linux-x64"', '"linux-x64" ')));
    const error = await refusal(resolve(release.version, mkdtempSync(join(work, 'cache-')), fakeNpm(release.binary).npm));
    expect(error.message).toMatch(/does not match its signature/);
  });

  test('a cache entry nobody verified (an older cagw) is installed again and verified', async () => {
    const cacheDir = mkdtempSync(join(work, 'cache-'));
    const release = publish();
    const stale = join(cacheDir, packageName.replace('/', '__'), release.version, 'node_modules', packageName);
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'package.json'), JSON.stringify({ name: packageName, version: release.version }));
    writeFileSync(join(stale, 'claude'), 'unverified');
    const registry = fakeNpm(release.binary);
    const installed = await resolve(release.version, cacheDir, registry.npm);
    expect(registry.calls).toHaveLength(1);
    expect(readFileSync(installed.path).equals(release.binary)).toBe(true);
  });

  test(`a version older than ${OLDEST_SUPPORTED_GATEWAY_VERSION} is refused before npm runs`, async () => {
    const error = await refusal(resolve('2.1.231', mkdtempSync(join(work, 'cache-')), noNpm));
    expect(error.code).toBe('GatewayVersionUnsupported');
    expect(error.where).toBe('CLAUDE_VERSION');
  });
});
