// cagw size: MIN and MAX tasks, task size and database class for N developers, from the load
// bench's measured figures (shipped with the gateway version and date), showing the arithmetic.
import { defineCommand } from '../cli/command-spec.ts';
import { UsageError } from '../cli/usage-error.ts';
import { MEASURED_LOAD } from '../sizing/measured-load.ts';
import { recommendSize, type SizeRecommendation } from '../sizing/recommend-size.ts';

const USAGE_LINE = 'cagw size --developers N [--peak-share P] [--json]';
const DEFAULT_PEAK_SHARE = 0.5;

function formatSize(size: SizeRecommendation): string {
  return [
    `for ${size.developers} developers (${size.peakShare} of them streaming at the peak):`,
    `  MIN_TASKS=${size.minTasks}`,
    `  MAX_TASKS=${size.maxTasks}`,
    `  TASK_CPU=${size.task.cpu}`,
    `  TASK_MEMORY=${size.task.memoryMiB}`,
    `  DB_INSTANCE_CLASS=${size.databaseClass ?? '(none cagw offers is large enough: lower MAX_TASKS)'}`,
    '',
    'how:',
    ...size.arithmetic.map((line) => `  ${line}`),
    '',
    `measured: claude gateway ${size.measured.gatewayVersion} on ${size.measured.date} (nx run local-gateway:bench-load; ${size.measured.note}); docs/sizing.md explains each figure`,
  ].join('\n');
}

export const sizeCommand = defineCommand({
  name: 'size',
  summary: 'Recommend MIN_TASKS, MAX_TASKS, task size and database class for a number of developers, from measured load (no AWS call)',
  details: [
    "Reasons from the load bench's figures for the pinned gateway (one core, streams through a stub",
    'upstream at 50 tokens a second): CPU and memory per stream, the streams one task carried without',
    'error, and RDS max_connections of each class against MAX_TASKS × DB_POOL_SIZE (5) connections (twice MAX_TASKS',
    'during a rolling deploy). --peak-share is the share of developers with a stream in flight at the',
    `busiest minute (default ${DEFAULT_PEAK_SHARE}). Prints the values to put in the profile and the arithmetic.`,
    'Exit 0; 2 on a wrong flag.',
    '',
    'Examples:',
    '  cagw size --developers 300',
    '  cagw size --developers 2000 --peak-share 0.3 --json',
  ].join('\n'),
  flags: {
    developers: { type: 'string', value: 'N', desc: 'developers who will use the gateway (1 to 100000)' },
    'peak-share': { type: 'string', value: 'P', desc: `share of them streaming at the same time at the peak, above 0 and at most 4 (subagents stream in parallel; default ${DEFAULT_PEAK_SHARE})` },
    json: { type: 'boolean', desc: 'print { developers, peakShare, peakStreams, task, streamsPerTask, minTasks, maxTasks, databaseClass, connections, arithmetic, measured } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const developers = Number(flags.developers);
    if (!/^\d+$/.test(flags.developers ?? '') || developers < 1 || developers > 100_000) {
      throw new UsageError(`--developers "${flags.developers ?? ''}" is not a whole number of developers from 1 to 100000`, USAGE_LINE);
    }
    const peakShare = flags['peak-share'] === undefined ? DEFAULT_PEAK_SHARE : Number(flags['peak-share']);
    if (!Number.isFinite(peakShare) || peakShare <= 0 || peakShare > 4) {
      throw new UsageError(`--peak-share "${flags['peak-share']}" is not a share above 0 and at most 4 (0.5 = half the developers streaming at once)`, USAGE_LINE);
    }
    const size = recommendSize({ developers, peakShare }, MEASURED_LOAD);
    io.result(flags.json ? size : formatSize(size));
    return 0;
  },
});
