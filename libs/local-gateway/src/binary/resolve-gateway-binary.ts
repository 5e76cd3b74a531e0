import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { gatewayPackageFor, type PlatformId } from './platform-package.ts';
import { assertSupportedGatewayVersion } from './supported-versions.ts';
import { DEFAULT_RELEASE_SOURCE, sha256OfFile, verifyGatewayBinary, type ReleaseSource } from './verify-gateway-binary.ts';

export interface ResolveGatewayBinaryOptions {
  /** exact gateway version, e.g. "2.1.330" */
  version: string;
  /** where versions other than the workspace's are installed, one folder per version */
  cacheDir: string;
  /** environment for npm (registry settings, proxy); the current one when omitted */
  env?: NodeJS.ProcessEnv;
  /** the platform to resolve for; this machine's when omitted */
  target?: PlatformId;
  /** where the signed release manifest and key come from (RELEASE_MIRROR_URL, RELEASE_KEY_FILE...) */
  release?: Partial<ReleaseSource>;
  /** runs npm; tests pass a fake registry */
  npm?: (args: string[], env: NodeJS.ProcessEnv | undefined) => Promise<void>;
}

export interface GatewayBinary {
  path: string;
  version: string;
  packageName: string;
  /** where it came from: the workspace's node_modules, or the on-demand cache */
  origin: 'workspace' | 'cache';
}

const require = createRequire(import.meta.url);

// Written next to a cached install once its binary matched the signed manifest.
const VERIFIED_MARKER = 'verified-sha256';

/**
 * Finds the gateway binary of one exact version, installing it with npm into cacheDir when the
 * workspace has another one: without install scripts, and kept only when its SHA-256 is the
 * one Anthropic's signed release manifest gives (as the image's verify-release.sh checks).
 */
export async function resolveGatewayBinary(options: ResolveGatewayBinaryOptions): Promise<GatewayBinary> {
  assertSupportedGatewayVersion(options.version);
  const target = options.target ?? { platform: process.platform, arch: process.arch };
  const packageName = gatewayPackageFor(target);
  const fromWorkspace = workspaceCopy(packageName, options.version);
  if (fromWorkspace) return { path: fromWorkspace, version: options.version, packageName, origin: 'workspace' };

  const prefix = join(options.cacheDir, packageName.replace('/', '__'), options.version);
  const cached = binaryUnder(prefix, packageName, options.version);
  if (cached && (await stillVerified(prefix, cached))) return { path: cached, version: options.version, packageName, origin: 'cache' };
  // an entry from an older cagw (never verified) or changed since: install it again
  if (cached) await rm(prefix, { recursive: true, force: true });

  await installInto(prefix, packageName, `${target.platform}-${target.arch}`, options);
  const installed = binaryUnder(prefix, packageName, options.version);
  if (!installed) {
    throw new CagwError('GatewayBinaryUnavailable', `npm installed ${packageName}@${options.version} but it holds no claude binary`, {
      source: 'internal',
      where: prefix,
      fix: `delete ${prefix} and run again`,
    });
  }
  return { path: installed, version: options.version, packageName, origin: 'cache' };
}

function workspaceCopy(packageName: string, version: string): string | undefined {
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch {
    return undefined;
  }
  return binaryIn(dirname(manifestPath), version);
}

function binaryUnder(prefix: string, packageName: string, version: string): string | undefined {
  return binaryIn(join(prefix, 'node_modules', packageName), version);
}

function binaryIn(packageDir: string, version: string): string | undefined {
  const manifestPath = join(packageDir, 'package.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string };
  const binary = join(packageDir, 'claude');
  return manifest.version === version && existsSync(binary) ? binary : undefined;
}

async function stillVerified(prefix: string, binary: string): Promise<boolean> {
  const marker = await readFile(join(prefix, VERIFIED_MARKER), 'utf8').catch(() => '');
  return marker.trim() !== '' && marker.trim() === (await sha256OfFile(binary));
}

// Installs into a private folder first and renames it into place, so a half-finished, a
// concurrent or an unverified install never looks like a usable cache entry.
async function installInto(prefix: string, packageName: string, platform: string, options: ResolveGatewayBinaryOptions): Promise<void> {
  const staging = `${prefix}.installing-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const spec = `${packageName}@${options.version}`;
  try {
    // --ignore-scripts: nothing of the package runs before its binary is verified
    await (options.npm ?? runNpm)(['install', '--prefix', staging, '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], options.env);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw npmFailure(error, spec);
  }
  try {
    const binary = binaryUnder(staging, packageName, options.version);
    if (binary) {
      const sha256 = await verifyGatewayBinary(binary, options.version, platform, { ...DEFAULT_RELEASE_SOURCE, ...options.release });
      await writeFile(join(staging, VERIFIED_MARKER), `${sha256}\n`);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rename(staging, prefix).catch(async (error: NodeJS.ErrnoException) => {
    await rm(staging, { recursive: true, force: true });
    // another process finished the same install first: its copy is as good as ours
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  });
}

// An install of one platform package (~70 MB) from a reachable registry takes under a minute.
const NPM_INSTALL_TIMEOUT_MS = 600_000;

function runNpm(args: string[], env: NodeJS.ProcessEnv | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('npm', args, { env, maxBuffer: 16 * 1024 * 1024, timeout: NPM_INSTALL_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (error?.killed) stderr = `${stderr}\nnpm did not finish within ${NPM_INSTALL_TIMEOUT_MS / 1000} s and was stopped`;
      if (error) reject(Object.assign(error, { stderr }));
      else resolve();
    });
  });
}

function npmFailure(error: unknown, spec: string): CagwError {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '');
  if (/E404|ETARGET|No matching version|is not in this registry/i.test(stderr)) {
    return new CagwError('GatewayVersionNotFound', `gateway version ${spec} does not exist in the npm registry`, {
      source: 'user',
      where: spec,
      fix: 'pick a published version (npm view @anthropic-ai/claude-code versions) or leave the version unset to use the pinned one',
      cause: error,
    });
  }
  const lastLine = stderr.trim().split('\n').filter((line) => !/^npm warn/i.test(line)).pop() ?? String(error);
  return new CagwError('GatewayBinaryInstallFailed', `npm could not install ${spec}: ${lastLine}`, {
    source: 'internal',
    where: spec,
    fix: 'check that npm can reach its registry (proxy, .npmrc), then run again',
    cause: error,
  });
}
