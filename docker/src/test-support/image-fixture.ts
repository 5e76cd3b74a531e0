// The parts a real image build needs on this machine, all on loopback and all in one temporary
// folder that `dispose` removes (buildah's layers included, so runs never fill the disk):
//   - for the test's own buildah calls (the base, opening the built image): buildah with its own
//     storage root (vfs driver, chroot isolation: no daemon, no namespaces). `cagw` gets none of
//     this: it runs with the environment a user's shell gives it (PATH, HOME) and finds by itself
//     how buildah can build here; what it stored in the user's storage is removed by `dispose`;
//   - Debian's reference OCI registry (docker-registry) on a free 127.0.0.1 port;
//   - a Debian bookworm base made by mmdebstrap from the Debian archive (cached for a day),
//     pushed to that registry;
//   - a release tree served over http with the real pinned `claude` binary as payload and a
//     manifest signed by a gpg key made here.
// Every child process is bounded in time.
import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreeLoopbackPort, PINNED_GATEWAY_VERSION } from '@cagw/local-gateway';
import { DOCKER_DIR } from './run-bash.ts';

export const REPO_DIR = join(DOCKER_DIR, '..');
const CAGW = join(REPO_DIR, 'apps', 'deployer', 'bin', 'cagw.mjs');

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking this process (the release server answers from it), bounded in time. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; input?: string }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 1 << 26, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr: `${stderr}${error && typeof error.code !== 'number' ? `\n${error.message}` : ''}` });
    });
    child.stdin?.end(options.input ?? '');
  });
}

async function mustRun(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; input?: string }): Promise<string> {
  const result = await run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return result.stdout;
}

export interface Release {
  /** the key file and the fingerprint it must have */
  keyFile: string;
  fingerprint: string;
  /**
   * the flags that trust this throwaway signer, as a user with their own mirror gives them:
   * the key, its fingerprint, and the acknowledgement that it is not Anthropic's
   */
  signerFlags: string[];
  /** the good release tree, and one whose linux-x64 binary was changed after signing */
  goodUrl: string;
  tamperedUrl: string;
  caBundleFile: string;
}

export interface ImageFixture {
  work: string;
  /** the environment every buildah call needs: its storage root and isolation */
  env: NodeJS.ProcessEnv;
  registry: string;
  /** the base as the registry names it by digest: 127.0.0.1:P/debian@sha256:… */
  base: string;
  release: Release;
  /** runs `cagw …` with a user's environment (PATH, HOME): cagw sets buildah up by itself */
  cagw(args: string[], timeoutMs: number): Promise<CommandResult>;
  buildah(args: string[], timeoutMs?: number): Promise<string>;
  dispose(): Promise<void>;
}

export async function startImageFixture(): Promise<ImageFixture> {
  const work = mkdtempSync(join(tmpdir(), 'cagw-image-'));
  chmodSync(work, 0o755); // the boot test mounts files from here for uid 10001
  const storageConf = join(work, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${join(work, 'storage')}"\nrunroot = "${join(work, 'run')}"\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? work, TMPDIR: tmpdir(),
    CONTAINERS_STORAGE_CONF: storageConf, BUILDAH_ISOLATION: 'chroot',
    // buildah's registries.conf and policy.json are Debian's; nothing here reads ~/.config
    XDG_CONFIG_HOME: join(work, 'xdg'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const buildah = (args: string[], timeoutMs = 120_000) => mustRun('buildah', args, { env, timeoutMs });

  // What a user's shell gives cagw: nothing that sets up buildah (no storage, no isolation).
  // (AWS_EC2_METADATA_DISABLED: the suite's rule that no test probes the instance-metadata endpoint)
  const userEnv: NodeJS.ProcessEnv = { PATH: env.PATH, HOME: env.HOME, AWS_EC2_METADATA_DISABLED: 'true' };
  let registryOfRun: string | undefined;

  const dispose = async () => {
    if (registryOfRun) await removeFromUserStorage(userEnv, registryOfRun);
    // SIGTERM: `timeout` passes it on to the registry (a SIGKILL would orphan it)
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await run('buildah', ['rm', '--all'], { env, timeoutMs: 60_000 });
    spawnSync('gpgconf', ['--homedir', join(work, 'gnupg'), '--kill', 'all']);
    rmSync(work, { recursive: true, force: true });
  };

  try {
    // the registry: Debian's docker-registry with its storage in the work folder
    const registryPort = await findFreeLoopbackPort();
    const registry = `127.0.0.1:${registryPort}`;
    registryOfRun = registry;
    mkdirSync(join(work, 'registry'));
    writeFileSync(join(work, 'registry.yml'), [
      'version: 0.1', 'log: { level: warn }', `storage: { filesystem: { rootdirectory: ${join(work, 'registry')} } }`, `http: { addr: "${registry}" }`, '',
    ].join('\n'));
    const registryProcess = spawn('timeout', ['1800', 'docker-registry', 'serve', join(work, 'registry.yml')], { stdio: 'ignore' });
    children.push(registryProcess);
    await waitFor(async () => (await fetch(`http://${registry}/v2/`).catch(() => undefined))?.status === 200, 'docker-registry to answer');

    // the base: a Debian bookworm minbase from the Debian archive, imported and pushed by digest
    const baseTar = await debianBase(env);
    const container = (await buildah(['from', 'scratch'])).trim();
    const mount = (await buildah(['mount', container])).trim();
    await mustRun('tar', ['-C', mount, '-xf', baseTar], { timeoutMs: 120_000 });
    await buildah(['umount', container]);
    await buildah(['commit', '--quiet', '--format', 'docker', container, 'localhost/debian:bookworm-slim']);
    await buildah(['rm', container]);
    const digestFile = join(work, 'base.digest');
    await buildah(['push', '--quiet', '--tls-verify=false', '--digestfile', digestFile, 'localhost/debian:bookworm-slim', `docker://${registry}/debian:bookworm-slim`]);
    const base = `${registry}/debian@${readFileSync(digestFile, 'utf8').trim()}`;

    const release = await serveRelease(work, servers);
    return {
      work, env, registry, base, release, buildah, dispose,
      cagw: (args, timeoutMs) => run(process.execPath, [CAGW, ...args], { env: userEnv, timeoutMs }),
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/**
 * Removes what cagw's builds of this run left in the user's buildah storage: the working
 * containers of a build that failed (the tampered release) and the images named after this run's
 * registry (the pushed gateway, the base pulled by digest), never another's.
 */
async function removeFromUserStorage(userEnv: NodeJS.ProcessEnv, registry: string): Promise<void> {
  const containers = await run('buildah', ['containers', '--format', '{{.ContainerID}} {{.ImageName}}'], { env: userEnv, timeoutMs: 60_000 });
  const left = containers.stdout.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, image]) => image?.startsWith(`${registry}/`)).map(([id]) => id!);
  if (left.length > 0) await run('buildah', ['rm', ...left], { env: userEnv, timeoutMs: 60_000 });
  const listed = await run('buildah', ['images', '--format', '{{.ID}} {{.Name}}'], { env: userEnv, timeoutMs: 60_000 });
  const ids = listed.stdout.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, name]) => name?.startsWith(`${registry}/`)).map(([id]) => id!);
  if (ids.length > 0) await run('buildah', ['rmi', '--force', ...new Set(ids)], { env: userEnv, timeoutMs: 120_000 });
}

// mmdebstrap takes 20 s to minutes (the Debian archive, a busy machine): one base per day is
// kept in the temporary folder and shared by the test and the bench of that day.
const BASE_CACHE = join(tmpdir(), 'cagw-image-cache');
const BASE_MAX_AGE_MS = 24 * 3600_000;

async function debianBase(env: NodeJS.ProcessEnv): Promise<string> {
  const tar = join(BASE_CACHE, 'debian-bookworm-minbase.tar');
  if (existsSync(tar) && Date.now() - statSync(tar).mtimeMs < BASE_MAX_AGE_MS) return tar;
  mkdirSync(BASE_CACHE, { recursive: true, mode: 0o700 });
  // the name must end in .tar: mmdebstrap picks the output format from it
  const partial = join(BASE_CACHE, `partial-${process.pid}.tar`);
  try {
    await mustRun('mmdebstrap', ['--variant=minbase', '--quiet', 'bookworm', partial], { env, timeoutMs: 900_000 });
    renameSync(partial, tar);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return tar;
}

/** A signing key made here, and the pinned binary published under it, good and tampered. */
async function serveRelease(work: string, servers: Server[]): Promise<Release> {
  const gnupg = join(work, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  const gpg = (args: string[], input?: string) => {
    const result = spawnSync('gpg', ['--batch', '--homedir', gnupg, ...args], { input, maxBuffer: 1 << 26, timeout: 60_000 });
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr.toString()}`);
    return result.stdout;
  };
  gpg(['--passphrase', '', '--quick-gen-key', 'cagw test release <release@cagw.test>', 'ed25519', 'sign', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys', 'release@cagw.test']).toString())![1]!;
  const keyFile = join(work, 'release-key.asc');
  writeFileSync(keyFile, gpg(['--armor', '--export', fingerprint]));
  const binaryPath = join(REPO_DIR, 'node_modules', '@anthropic-ai', 'claude-code-linux-x64', 'claude');
  const binary = readFileSync(binaryPath);
  const manifest = JSON.stringify({
    version: PINNED_GATEWAY_VERSION, buildDate: '2026-11-24T00:00:00Z',
    platforms: { 'linux-x64': { checksum: createHash('sha256').update(binary).digest('hex'), size: binary.length } },
  }, null, 2);
  const signature = gpg(['--local-user', fingerprint, '--detach-sign', '--output', '-'], manifest);
  const tampered = Buffer.concat([binary, Buffer.from('\n# appended after signing\n')]);
  const files = new Map<string, Buffer>([
    [`/good/${PINNED_GATEWAY_VERSION}/manifest.json`, Buffer.from(manifest)],
    [`/good/${PINNED_GATEWAY_VERSION}/manifest.json.sig`, signature],
    [`/good/${PINNED_GATEWAY_VERSION}/linux-x64/claude`, binary],
    [`/tampered/${PINNED_GATEWAY_VERSION}/manifest.json`, Buffer.from(manifest)],
    [`/tampered/${PINNED_GATEWAY_VERSION}/manifest.json.sig`, signature],
    [`/tampered/${PINNED_GATEWAY_VERSION}/linux-x64/claude`, tampered],
  ]);
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404, { 'Content-Length': body?.length ?? 9 }).end(body ?? 'not found');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Not the real RDS bundle (no network to AWS here): a certificate made for the test.
  const caBundleFile = join(work, 'rds-global-bundle.pem');
  const ca = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Test RDS Root', '-days', '2', '-outform', 'PEM'], { timeout: 30_000 });
  writeFileSync(caBundleFile, ca.stdout);
  const signerFlags = ['--release-key', keyFile, '--release-fingerprint', fingerprint, '--release-fingerprint-acknowledged', fingerprint];
  return { keyFile, fingerprint, signerFlags, goodUrl: `${url}/good`, tamperedUrl: `${url}/tampered`, caBundleFile };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A file only uid 10001 (the image's user) can read, to mount into the container. */
export function secretFileFor10001(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o400 });
  chownSync(path, 10001, 10001);
  return path;
}
