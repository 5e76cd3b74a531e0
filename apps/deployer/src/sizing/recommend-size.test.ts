// The sizing arithmetic on fixed figures (not the shipped ones, which the bench rewrites).
import { expect, test } from 'vitest';
import type { MeasuredLoad, MeasuredStep } from './measured-load.ts';
import { recommendSize } from './recommend-size.ts';

const step = (over: Partial<MeasuredStep>): MeasuredStep => ({
  streams: 10, concurrentStreams: 10, rps: 5, errors: 0, addedTtfbP99Ms: 20, addedChunkGapP99Ms: 5,
  cpuMillicoresPerStream: 3, rssMiB: 170, rssMiBPerStream: 0.2, statementsPerRequest: 3, postgresConnectionsMax: 5, held: true, ...over,
});
const load = (steps: MeasuredStep[]): MeasuredLoad => ({ gatewayVersion: '2.1.330', date: '2026-12-08', machine: { cores: 2, loadAverage1m: 1, note: 'test' }, idleRssMiB: 160, steps });

test('300 developers at a 0.5 peak: streams per task from the tightest of CPU, memory and what the bench showed', () => {
  // CPU: 1000 × 0.6 / 4 = 150; memory: (2048 × 0.7 − 160) / 0.5 = 2547; shown without error: 100
  const size = recommendSize({ developers: 300, peakShare: 0.5 }, load([step({ cpuMillicoresPerStream: 4, rssMiBPerStream: 0.5, concurrentStreams: 100.4 }), step({ concurrentStreams: 400, errors: 3 })]));
  expect(size).toMatchObject({ peakStreams: 150, streamsPerTask: 100, minTasks: 2, maxTasks: 3, task: { cpu: 1024, memoryMiB: 2048 }, databaseClass: 'db.t4g.micro' });
  expect(size.arithmetic[3]).toBe('the bench ran 100 streams on one core without error: streams per task = min(150, 2547, 100) = 100 (the most the bench showed without error)');
  expect(size.connections).toEqual({ needed: 23, neededDuringRollout: 38, maxConnections: 79 });
});

test('CPU limits when a stream costs more, and a large company gets a database class that holds a rolling deploy', () => {
  // CPU: 1000 × 0.6 / 20 = 30 streams a task; 3000 × 0.5 = 1500 streams → 50 tasks → 75 at the peak
  const size = recommendSize({ developers: 3000, peakShare: 0.5 }, load([step({ cpuMillicoresPerStream: 20, concurrentStreams: 200 })]));
  expect(size).toMatchObject({ streamsPerTask: 30, maxTasks: 75 });
  // 75 × 2 × 5 + 8 = 758 during a rollout: db.t4g.large (8 GiB, 811 connections) is the smallest
  expect(size.databaseClass).toBe('db.t4g.large');
});

test('a larger DB_POOL_SIZE takes more connections, so the same tasks need a bigger database class', () => {
  // 3 tasks × 2 (rolling deploy) × 20 + 8 = 128, over db.t4g.micro's 79: db.t4g.small (2 GiB, 182)
  const size = recommendSize({ developers: 300, peakShare: 0.5, poolSize: 20 }, load([step({ cpuMillicoresPerStream: 4, rssMiBPerStream: 0.5, concurrentStreams: 100 })]));
  expect(size).toMatchObject({ maxTasks: 3, databaseClass: 'db.t4g.small', connections: { needed: 68, neededDuringRollout: 128 } });
});
