// Which target tools/test-all.mjs starts next: the longest first (longest-processing-time-first
// keeps the two cores busy to the end instead of leaving one long target alone at the tail), and
// never two at once that share something one of them writes.
//
// A project declares what its targets share in package.json, e.g.
//   "cagwTest": { "uses": { "integration": { "writes": ["dist"], "why": "..." } } }
// Names are free-form and only compared: two targets conflict when one writes a name the other
// reads or writes. Everything else runs side by side, integration targets included: they take
// their ports from the kernel and their folders from mkdtemp.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

// Seconds assumed for a target no timing file knows, by kind: integration targets start real
// servers and are the long ones.
const assumedSeconds = { integration: 120, test: 30, typecheck: 20, lint: 20 };

/** { "project:target": seconds } from the previous run (reports/), else the committed hint, else {}. */
export function loadTimings(...files) {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(readFileSync(file, 'utf8')).seconds ?? {};
    } catch {
      // a torn or hand-edited file: try the next
    }
  }
  return {};
}

/** Keeps this run's seconds for the next run's order, over what earlier runs measured. */
export function saveTimings(file, previous, results) {
  const seconds = { ...previous };
  for (const r of results) seconds[`${r.project}:${r.target}`] = Math.round(r.seconds * 10) / 10;
  writeFileSync(file, `${JSON.stringify({ seconds }, null, 2)}\n`);
}

// a task's kind (integration, test, typecheck, lint) is its target's name unless it says otherwise
const kindOf = (task) => task.kind ?? task.target;

export const expectedSeconds = (task, timings) => timings[`${task.project}:${task.target}`] ?? assumedSeconds[kindOf(task)] ?? 30;

/** The tasks, longest expected first (ties: integration, test, typecheck, lint, then by name). */
export function longestFirst(tasks, timings) {
  const kind = ['integration', 'test', 'typecheck', 'lint'];
  return [...tasks].sort((a, b) => expectedSeconds(b, timings) - expectedSeconds(a, timings) || kind.indexOf(kindOf(a)) - kind.indexOf(kindOf(b)) || a.project.localeCompare(b.project));
}

/** True when one of the two writes something the other reads or writes. */
export function conflict(a, b) {
  const touches = (task) => [...task.uses.reads, ...task.uses.writes];
  return a.uses.writes.some((name) => touches(b).includes(name)) || b.uses.writes.some((name) => touches(a).includes(name));
}

// Two targets at a time keep both cores busy while they compute. Integration targets spend much
// of their time waiting on the servers they start (local-gateway: 74 s of CPU in 182 s of wall,
// strict-cloudformation 11 s in 50 s), so while one runs a third target may start, unless the
// machine is already busy (a load average at or over its cores: another job, or stress-ng):
// then a third only slows the two, and a long target towards its deadline.
export const MAX_TARGETS_AT_ONCE = 3;
export function hasRoomFor(running, machine = { load: loadavg()[0] ?? 0, cores: availableParallelism() }) {
  if (running.length < 2) return true;
  return running.length < MAX_TARGETS_AT_ONCE && running.some((task) => kindOf(task) === 'integration') && machine.load < machine.cores;
}

/**
 * Index in `pending` (already in order) of the first task that conflicts with none running, or
 * -1 (also when no more may run now, see hasRoomFor).
 */
export const nextRunnable = (pending, running, machine) => (hasRoomFor(running, machine) ? pending.findIndex((task) => running.every((other) => !conflict(task, other))) : -1);
