import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ownerCanExecute, type PostgresOwner } from './postgres-owner.ts';

/** Where a cluster lives: its folder (data/, password) and whether it is kept between runs. */
export interface ClusterHome {
  rootDir: string;
  persistent: boolean;
  /** set when the state directory is out of the postgres user's reach and the cluster lives here instead */
  relocatedFrom?: string;
}

/** Where a root process keeps clusters whose own place the `postgres` user cannot reach. */
export const ROOT_CLUSTER_HOME = '/var/lib/cagw/postgres';

// A relocated cluster belongs to the state directory that names it in this file: deleting the
// state directory (cagw local --reset) orphans the cluster, and the next start replaces it.
const MARKER_FILE = 'postgres-home.json';
const TOKEN_FILE = 'state-token';

/**
 * The cluster's folder: `<stateDir>/postgres` (kept) or a fresh temp folder (throwaway). As
 * root, PostgreSQL runs as the `postgres` user, which must be able to enter that folder's
 * parents; a checkout in a `mktemp -d` folder or under /root is out of its reach. Then the
 * cluster lives under ROOT_CLUSTER_HOME instead, tied to the state directory by a marker file.
 */
export async function clusterHome(stateDir: string | undefined, owner: PostgresOwner | undefined, relocationRoot = ROOT_CLUSTER_HOME): Promise<ClusterHome> {
  if (stateDir === undefined) {
    const base = !owner || ownerCanExecute(owner, tmpdir()) ? tmpdir() : await reachableFolder(relocationRoot);
    return { rootDir: await mkdtemp(join(base, 'cagw-pg-')), persistent: false };
  }
  await mkdir(stateDir, { recursive: true });
  if (!owner || ownerCanExecute(owner, stateDir)) return { rootDir: join(stateDir, 'postgres'), persistent: true };
  return { rootDir: await relocatedHome(resolve(stateDir), await reachableFolder(relocationRoot)), persistent: true, relocatedFrom: stateDir };
}

async function relocatedHome(stateDir: string, base: string): Promise<string> {
  const home = join(base, createHash('sha256').update(stateDir).digest('hex').slice(0, 16));
  const markerFile = join(stateDir, MARKER_FILE);
  const marker = readJson(markerFile) as { home?: string; token?: string } | undefined;
  const token = readText(join(home, TOKEN_FILE));
  if (marker?.home === home && marker.token !== undefined && marker.token === token) return home;
  // no marker (a new or reset state directory) or another one's: start this cluster afresh
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true, mode: 0o700 });
  const fresh = randomUUID();
  await writeFile(join(home, TOKEN_FILE), fresh, { mode: 0o600 });
  await writeFile(markerFile, `${JSON.stringify({ home, token: fresh, why: 'the postgres user cannot enter this folder, so cagw keeps the PostgreSQL cluster there' }, null, 2)}\n`, { mode: 0o600 });
  return home;
}

// root's own folder that every user may enter (not list or write): 0711
async function reachableFolder(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o711 });
  await chmod(path, 0o711);
  return path;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
