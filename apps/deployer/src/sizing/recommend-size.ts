// `cagw size`: MIN and MAX tasks, task size and database class for N developers, from the load
// bench's measured figures, each step of the arithmetic kept so the command can show it.
import { connectionBudget, fargateMemoryFor, GATEWAY_POOL_SIZE, smallestClassFor } from '@cagw/profile';
import type { MeasuredLoad } from './measured-load.ts';

export interface SizeRequest {
  developers: number;
  /** share of developers with a stream in flight at the busiest minute */
  peakShare: number;
  /** DB_POOL_SIZE, each task's store.max_connections; absent: its default */
  poolSize?: number | undefined;
}

export interface SizeRecommendation {
  developers: number;
  peakShare: number;
  peakStreams: number;
  task: { cpu: number; memoryMiB: number };
  streamsPerTask: number;
  minTasks: number;
  maxTasks: number;
  databaseClass: string | undefined;
  connections: { needed: number; neededDuringRollout: number; maxConnections: number } | undefined;
  /** each line of the arithmetic, in order */
  arithmetic: string[];
  measured: { gatewayVersion: string; date: string; note: string };
}

/** A task's CPU the policy keeps free for bursts (sign-ins, admin calls): scale before 60%. */
export const CPU_TARGET = 0.6;
/** Memory a task may fill with streams before it is counted full. */
export const MEMORY_TARGET = 0.7;
/** Spare tasks at the peak: a new task takes one to two minutes to start and pass its health check. */
export const PEAK_HEADROOM = 1.5;
/** The bench pins the gateway to one core, so its figures are for a 1-vCPU task (TASK_CPU=1024). */
export const TASK_CPU = 1024;

export function recommendSize(request: SizeRequest, load: MeasuredLoad): SizeRecommendation {
  const clean = load.steps.filter((s) => s.errors === 0);
  if (clean.length === 0) throw new Error('the measured load has no step without errors');
  // the costliest figures the bench saw without errors: small steps carry the fixed overhead
  const cpuPerStream = Math.max(...clean.map((s) => s.cpuMillicoresPerStream));
  const rssPerStream = Math.max(0.05, ...clean.map((s) => s.rssMiBPerStream));
  const shownStreams = Math.max(...clean.map((s) => Math.floor(s.concurrentStreams)));
  const memoryMiB = fargateMemoryFor(TASK_CPU)[0] as number;

  const peakStreams = Math.ceil(request.developers * request.peakShare);
  const taskMillicores = (TASK_CPU / 1024) * 1000; // 1024 CPU units are one vCPU
  const byCpu = Math.floor((taskMillicores * CPU_TARGET) / cpuPerStream);
  const byMemory = Math.floor((memoryMiB * MEMORY_TARGET - load.idleRssMiB) / rssPerStream);
  const streamsPerTask = Math.max(1, Math.min(byCpu, byMemory, shownStreams));
  const tasksAtPeak = Math.ceil(peakStreams / streamsPerTask);
  const minTasks = 2;
  const maxTasks = Math.min(100, Math.max(minTasks, Math.ceil(tasksAtPeak * PEAK_HEADROOM)));
  const poolSize = request.poolSize ?? GATEWAY_POOL_SIZE;
  const database = smallestClassFor(maxTasks, poolSize);
  const budget = database ? connectionBudget(database.name, maxTasks, poolSize) : undefined;

  const limit = streamsPerTask === shownStreams ? 'the most the bench showed without error' : streamsPerTask === byCpu ? 'CPU' : 'memory';
  const arithmetic = [
    `peak streams = ${request.developers} developers × ${request.peakShare} peak share = ${peakStreams}`,
    `CPU per stream ${cpuPerStream} mCPU (measured, highest error-free step): a 1-vCPU task (${taskMillicores} mCPU) at ${CPU_TARGET * 100}% carries ${taskMillicores} × ${CPU_TARGET} / ${cpuPerStream} = ${byCpu} streams`,
    `memory per stream ${rssPerStream} MiB over ${load.idleRssMiB} MiB idle: ${memoryMiB} MiB at ${MEMORY_TARGET * 100}% carries (${memoryMiB} × ${MEMORY_TARGET} − ${load.idleRssMiB}) / ${rssPerStream} = ${byMemory} streams`,
    `the bench ran ${shownStreams} streams on one core without error: streams per task = min(${byCpu}, ${byMemory}, ${shownStreams}) = ${streamsPerTask} (${limit})`,
    `tasks at the peak = ceil(${peakStreams} / ${streamsPerTask}) = ${tasksAtPeak}; MAX_TASKS = ceil(${tasksAtPeak} × ${PEAK_HEADROOM} headroom) = ${maxTasks}${maxTasks === 100 ? ' (the most MAX_TASKS allows)' : ''}; MIN_TASKS = ${minTasks} (one per AZ)`,
    budget
      ? `database: MAX_TASKS ${maxTasks} × DB_POOL_SIZE ${budget.pool} + ${budget.reserved} reserved = ${budget.needed} connections, ${budget.neededDuringRollout} during a rolling deploy; ${budget.databaseClass} allows ${budget.maxConnections}`
      : `database: no class cagw offers allows ${maxTasks} tasks × 2 (rolling deploy) × DB_POOL_SIZE ${poolSize} connections`,
  ];
  return {
    developers: request.developers, peakShare: request.peakShare, peakStreams,
    task: { cpu: TASK_CPU, memoryMiB }, streamsPerTask, minTasks, maxTasks,
    databaseClass: database?.name,
    connections: budget ? { needed: budget.needed, neededDuringRollout: budget.neededDuringRollout, maxConnections: budget.maxConnections } : undefined,
    arithmetic,
    measured: { gatewayVersion: load.gatewayVersion, date: load.date, note: load.machine.note },
  };
}
