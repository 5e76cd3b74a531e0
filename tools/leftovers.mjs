// Finds the processes a test run left running, so tools/test-all.mjs can kill them and fail the
// run naming each. Two nets, because neither alone sees everything:
// - the marker: every target starts with CAGW_TEST_RUN=<run id> and CAGW_TEST_TARGET=<label> in
//   its environment, which every descendant inherits, daemons included (gpg-agent, PostgreSQL as
//   the postgres user: root reads any /proc/<pid>/environ);
// - the session: a target runs in a session of its own (spawned detached), which a child started
//   with a fresh environment (the gateway, buildah under the image tests) stays in unless it
//   daemonises. Read when the target ends, while the kernel cannot yet have given its session id
//   to anyone else (a session id is not reused while any process is still in it).
// Processes are named by pid and start time together: pids come round again (pid_max may be 32768).
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_VARIABLE = 'CAGW_TEST_RUN';
export const TARGET_VARIABLE = 'CAGW_TEST_TARGET';

/** Every live process (not a zombie, not this one) with its start time, session and command line. */
export function liveProcesses() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the fields after the command name, which may itself hold spaces and parentheses
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid: Number(entry), session: Number(fields[3]), startTime: fields[19], command: cmdline || stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The target label this run's marker names in a process's environment, or undefined. */
function markedTarget(pid, runId) {
  let environ;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return undefined; // gone, or another user's process and we are not root: not ours either way
  }
  if (!environ.includes(`${RUN_VARIABLE}=${runId}`)) return undefined;
  return environ.find((entry) => entry.startsWith(`${TARGET_VARIABLE}=`))?.slice(TARGET_VARIABLE.length + 1) ?? 'an unnamed target';
}

/** Processes still in the session a target led (its pid), each { pid, startTime, command, target }. */
export function sessionMembers(sessionId, target) {
  return liveProcesses().filter((p) => p.session === sessionId).map((p) => ({ ...p, target }));
}

/**
 * What the run left running: each process carrying this run's marker, optionally only one
 * target's, and each earlier session member (from sessionMembers) that is still the same process.
 */
export function leftovers(runId, { target, sessionSuspects = [] } = {}) {
  const live = liveProcesses();
  const found = new Map();
  for (const p of live) {
    const marked = markedTarget(p.pid, runId);
    if (marked !== undefined && (target === undefined || marked === target)) found.set(p.pid, { ...p, target: marked });
  }
  for (const suspect of sessionSuspects) {
    if (found.has(suspect.pid)) continue;
    if (live.some((p) => p.pid === suspect.pid && p.startTime === suspect.startTime)) found.set(suspect.pid, suspect);
  }
  return [...found.values()];
}

/** SIGKILLs each process that is still the one found (same pid and start time). */
export function killAll(processes) {
  const live = new Map(liveProcesses().map((p) => [p.pid, p.startTime]));
  for (const p of processes) {
    if (live.get(p.pid) !== p.startTime) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
