import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';

// A persistent cluster (cagw local --state-dir) can be left running when the process that
// started it was killed outright (SIGKILL, a closed terminal). PostgreSQL then refuses a
// second start on the same data directory. An orphan (adopted by init or a subreaper) is ours
// to stop; a postmaster whose parent is still a Node process belongs to another cagw session.

/** Stops an orphaned postmaster of this data directory; throws StateDirInUse if a live session owns it. */
export async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale file: PostgreSQL handles it
  const parent = parentPid(pid);
  if (parent !== undefined && isNodeProcess(parent)) {
    throw new CagwError('StateDirInUse', `another process already runs PostgreSQL on ${dataDir} (pid ${pid}, started by pid ${parent})`, {
      source: 'user',
      where: dataDir,
      fix: `stop the other cagw local first (Ctrl-C in its terminal, or kill ${parent}), or use another state directory`,
    });
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: ends sessions, writes a checkpoint
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /^node/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // no /proc (macOS): treat as an orphan, as the pid file says it is ours
  }
}
