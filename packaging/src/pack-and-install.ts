// Builds the publishable packages, packs each with `npm pack` as a registry would receive it,
// and installs the tarballs into a new, empty Node project outside the workspace.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot, type PublishedPackage } from './workspace-packages.ts';

export interface PackedPackage extends PublishedPackage {
  tarball: string;
  /** paths inside the tarball */
  files: string[];
}

/**
 * The environment of every child: none of the workspace's development-condition flags, so
 * the consumer resolves exactly what a user's Node resolves.
 */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  delete env.NODE_OPTIONS;
  for (const key of Object.keys(env)) if (key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) delete env[key];
  return env;
}

export function run(command: string, args: string[], options: SpawnSyncOptions & { timeoutMs: number }): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: plainEnv(), maxBuffer: 64 * 1024 * 1024, ...options, timeout: options.timeoutMs });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

export function buildProjects(projects: readonly string[]): void {
  run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--parallel=1', '--outputStyle=static'], { cwd: workspaceRoot, timeoutMs: 600_000 });
}

export function packPackages(packages: readonly PublishedPackage[], destination: string): PackedPackage[] {
  mkdirSync(destination, { recursive: true });
  return packages.map((pkg) => {
    const out = run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: join(workspaceRoot, pkg.dir), timeoutMs: 120_000 });
    const [report] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    return { ...pkg, tarball: join(destination, report!.filename), files: report!.files.map((f) => f.path) };
  });
}

/**
 * A new project in the system's temporary folder: package.json, then `npm install` of the
 * tarballs. Optional dependencies (the gateway binary and PostgreSQL for each platform, 400 MB)
 * are left out: no example starts them, and copying them would dominate the test's time.
 */
export function newConsumerProject(tarballs: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-consumer-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'cagw-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', ...tarballs], { cwd: dir, timeoutMs: 600_000 });
  return dir;
}
