import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { minimalDeployedConfig } from '../test-support/gateway-configs.ts';
import { PINNED_GATEWAY_VERSION } from './pinned-version.ts';
import { gatewayPackageFor } from './platform-package.ts';
import { resolveGatewayBinary } from './resolve-gateway-binary.ts';

// One real install of another version (the npm registry is reachable here); everything else
// in this file reuses it.
const OTHER_VERSION = '2.1.329';
const cacheDir = await mkdtemp(join(tmpdir(), 'cagw-gateway-cache-test-'));

afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
  await rm(signerHome, { recursive: true, force: true });
});

test('the pinned version comes from the workspace, without npm', async () => {
  const binary = await resolveGatewayBinary({ version: PINNED_GATEWAY_VERSION, cacheDir, env: { PATH: '' } });
  expect(binary.origin).toBe('workspace');
  expect(execFileSync(binary.path, ['--version'], { encoding: 'utf8' })).toContain(PINNED_GATEWAY_VERSION);
});

// The release tree is not reachable from here, so the manifest for the real package's binary is
// signed with a throwaway key that this test pins in place of Anthropic's.
const signerHome = await mkdtemp(join(tmpdir(), 'cagw-release-signer-'));
const gpg = (args: string[], input?: string) => execFileSync('gpg', ['--batch', '--homedir', signerHome, ...args], { input, maxBuffer: 1 << 26 });
// Serves a release tree on 127.0.0.1 whose manifest is signed once `sign` is called.
async function releaseTree(version: string) {
  gpg(['--passphrase', '', '--quick-gen-key', 'cagw test release <release@cagw.test>', 'ed25519', 'sign', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys', 'release@cagw.test']).toString())![1]!;
  const keyFile = join(signerHome, 'release.asc');
  writeFileSync(keyFile, gpg(['--armor', '--export', fingerprint]));
  const files = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404).end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const sign = (binaryPath: string) => {
    const checksum = createHash('sha256').update(readFileSync(binaryPath)).digest('hex');
    const manifest = JSON.stringify({ version, platforms: { [`${process.platform}-${process.arch}`]: { checksum } } });
    files.set(`/${version}/manifest.json`, Buffer.from(manifest));
    files.set(`/${version}/manifest.json.sig`, gpg(['--local-user', fingerprint, '--detach-sign', '--output', '-'], manifest));
  };
  // a throwaway signer, acknowledged as a team's own would be (RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED)
  return { server, sign, release: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keyFile, fingerprint, acknowledgedFingerprint: fingerprint } };
}

const packageName = gatewayPackageFor({ platform: process.platform, arch: process.arch });
const realNpm = (args: string[], env: NodeJS.ProcessEnv | undefined) =>
  new Promise<void>((done, fail) => execFile('npm', args, { env, maxBuffer: 1 << 24 }, (error) => (error ? fail(error) : done())));

test('another version that cannot be verified (no release tree reachable) is refused, and nothing is cached', async () => {
  const unreachable = { baseUrl: 'http://127.0.0.1:9/claude-code-releases' };
  // any registry answer will do: it is never trusted without the signed manifest
  const npm = async (args: string[]) => {
    const dir = join(args[args.indexOf('--prefix') + 1]!, 'node_modules', packageName);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: OTHER_VERSION }));
    writeFileSync(join(dir, 'claude'), 'a binary nobody signed');
  };
  const outcome = await resolveGatewayBinary({ version: OTHER_VERSION, cacheDir, npm, release: unreachable }).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('ReleaseDownloadFailed');
  expect(readdirSync(cacheDir).flatMap((dir) => readdirSync(join(cacheDir, dir)))).toEqual([]);
});

test('another version is installed on demand into the cache, verified, then reused without npm, and boots', async () => {
  const tree = await releaseTree(OTHER_VERSION);
  // the real registry's package, signed here as Anthropic's manifest would list it
  const npm = async (args: string[], env: NodeJS.ProcessEnv | undefined) => {
    await realNpm(args, env);
    tree.sign(join(args[args.indexOf('--prefix') + 1]!, 'node_modules', packageName, 'claude'));
  };
  try {
    const installed = await resolveGatewayBinary({ version: OTHER_VERSION, cacheDir, env: process.env, npm, release: tree.release });
    expect(installed.origin).toBe('cache');
    expect(installed.path.startsWith(cacheDir)).toBe(true);
    expect(execFileSync(installed.path, ['--version'], { encoding: 'utf8' })).toContain(OTHER_VERSION);

    // no npm on PATH and no release tree: only the verified cache can answer
    const again = await resolveGatewayBinary({ version: OTHER_VERSION, cacheDir, env: { PATH: '' } });
    expect(again.path).toBe(installed.path);

    const gateway = await startLocalGateway({ config: minimalDeployedConfig(), version: OTHER_VERSION, cacheDir });
    try {
      expect(gateway.version).toBe(OTHER_VERSION);
      expect(await (await fetch(`${gateway.url}/`)).text()).toContain(OTHER_VERSION);
    } finally {
      await gateway.stop();
    }
  } finally {
    tree.server.closeAllConnections();
    tree.server.close();
    execFileSync('gpgconf', ['--homedir', signerHome, '--kill', 'all']);
  }
});

test('a version that was never published is a user error naming it', async () => {
  const outcome = await resolveGatewayBinary({ version: '2.1.9999', cacheDir, env: process.env }).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('GatewayVersionNotFound');
  expect((outcome as Error).message).toContain('2.1.9999');
});
