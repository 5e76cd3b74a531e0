// A process's CPU time and resident memory from /proc (Linux), as Fargate would bill a task.
import { readFile } from 'node:fs/promises';

export interface ProcessUsage {
  /** user + system CPU seconds so far, the process's threads included */
  cpuSeconds: number;
  rssBytes: number;
  at: number;
}

// USER_HZ is 100 on every Linux the gateway ships for (proc(5): "sysconf(_SC_CLK_TCK)").
const TICKS_PER_SECOND = 100;

export async function processUsage(pid: number): Promise<ProcessUsage> {
  const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
  // fields after the command name, which may hold spaces: utime is field 14, stime 15 (proc(5))
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssKb * 1024, at: performance.now() };
}

/** Share of one core used between two samples (1 = a whole core). */
export function coreShare(from: ProcessUsage, to: ProcessUsage): number {
  const seconds = (to.at - from.at) / 1000;
  return seconds > 0 ? (to.cpuSeconds - from.cpuSeconds) / seconds : 0;
}
