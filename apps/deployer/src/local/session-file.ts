// The small file a running `cagw local` leaves in its state directory so that `cagw local probe`
// (another process) can find it. It holds addresses, ports, process ids and the path of the
// secrets file, never a secret itself.
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { type GroupPolicy } from '@cagw/profile';
import type { TestUser } from '@cagw/local-gateway';

export const SESSION_FILE_NAME = 'session.json';

export interface SessionFile {
  /** the `cagw local` process */
  pid: number;
  profile: string;
  startedAt: string;
  url: string;
  version: string;
  upstream: 'config' | 'stub';
  /** every loopback port the session listens on: gateway, PostgreSQL, issuer, stub */
  ports: { gateway: number; postgres: number; issuer: number; stub?: number };
  gatewayPid: number;
  users: TestUser[];
  /** the profile's policies in first-match order, for naming the one each user matches */
  policies: GroupPolicy[];
  /** every model id the config offers, for picking one outside a user's allowlist */
  models: string[];
  /** the admin API (spend caps) is on */
  spendCaps: boolean;
  adminGroups: string[];
  /** mode 0600 file with the loopback admin key (see local-secrets.ts) */
  secretsFile: string;
  /** mode 0600 file with this run's sign-in code (see sign-in-code-file.ts) */
  signInCodeFile: string;
}

export function sessionFilePath(stateDir: string): string {
  return join(stateDir, SESSION_FILE_NAME);
}

export async function writeSessionFile(stateDir: string, session: SessionFile): Promise<string> {
  const path = sessionFilePath(stateDir);
  await writeFile(path, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export async function removeSessionFile(stateDir: string): Promise<void> {
  await rm(sessionFilePath(stateDir), { force: true });
}

/** The session running for this state directory; throws LocalSessionNotRunning when there is none. */
export function readRunningSession(stateDir: string, isAlive: (pid: number) => boolean = processIsAlive): SessionFile {
  const path = sessionFilePath(stateDir);
  const notRunning = (why: string) =>
    new CagwError('LocalSessionNotRunning', `no cagw local is running for this profile: ${why}`, {
      source: 'user',
      where: path,
      fix: 'start it first in another terminal (npm start, or cagw local --profile <the same profile>), or pass the same --state-dir',
    });
  if (!existsSync(path)) throw notRunning('it has no session file');
  let session: SessionFile;
  try {
    session = JSON.parse(readFileSync(path, 'utf8')) as SessionFile;
  } catch {
    throw notRunning('its session file is not JSON');
  }
  if (!Number.isInteger(session.pid) || !isAlive(session.pid)) throw notRunning(`the process that wrote it (pid ${session.pid}) has ended`);
  return session;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
