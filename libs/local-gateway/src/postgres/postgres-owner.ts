import { execFileSync, spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { CagwError } from '@cagw/errors';

/** The system user PostgreSQL runs as when cagw runs as root (PostgreSQL refuses to run as root). */
export interface PostgresOwner {
  name: string;
  uid: number;
  gid: number;
}

const OWNER_NAME = 'postgres';

/** The `postgres` user when this process is root; undefined otherwise (PostgreSQL runs as us). */
export function postgresOwner(): PostgresOwner | undefined {
  if (userInfo().uid !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', OWNER_NAME], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', OWNER_NAME], { encoding: 'utf8' }).trim());
    return { name: OWNER_NAME, uid, gid };
  } catch (error) {
    throw new CagwError('PostgresNeedsUser', `running as root, but there is no \`${OWNER_NAME}\` system user to run the embedded PostgreSQL as`, {
      source: 'user',
      where: 'this machine (uid 0)',
      fix: `run cagw as a normal user, or create the user once: useradd --system --user-group ${OWNER_NAME}`,
      cause: error,
    });
  }
}

/**
 * True when `owner` may execute `path` (a program) or search it (a folder), asked of the kernel
 * as that user, so every folder above it, ACLs and mount options count.
 */
export function ownerCanExecute(owner: PostgresOwner, path: string): boolean {
  return spawnSync('test', ['-x', path], { uid: owner.uid, gid: owner.gid, stdio: 'ignore', timeout: 10_000 }).status === 0;
}
