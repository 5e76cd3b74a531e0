import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { MEASURED_LOAD } from '../sizing/measured-load.ts';

test('--json recommends from the shipped measured figures and names where they came from', async () => {
  const io = createRecordingIo();
  expect(await main(['size', '--developers', '300', '--peak-share', '0.4', '--json'], io)).toBe(0);
  const size = JSON.parse(io.stdout[0] as string) as { peakStreams: number; minTasks: number; maxTasks: number; databaseClass: string; arithmetic: string[]; measured: { gatewayVersion: string } };
  expect(size.peakStreams).toBe(120);
  expect(size.minTasks).toBe(2);
  expect(size.maxTasks).toBeGreaterThanOrEqual(2);
  expect(size.databaseClass).toMatch(/^db\./);
  expect(size.arithmetic[0]).toBe('peak streams = 300 developers × 0.4 peak share = 120');
  expect(size.measured.gatewayVersion).toBe(MEASURED_LOAD.gatewayVersion);
});

test('the text form prints the profile lines; a wrong flag exits 2 with the usage', async () => {
  const io = createRecordingIo();
  expect(await main(['size', '--developers', '50'], io)).toBe(0);
  expect(io.stdout[0]).toMatch(/MIN_TASKS=2\n {2}MAX_TASKS=\d+\n {2}TASK_CPU=1024\n {2}TASK_MEMORY=2048\n {2}DB_INSTANCE_CLASS=db\./);
  for (const flags of [['--developers', '0'], ['--developers', '10', '--peak-share', '0'], []]) {
    const bad = createRecordingIo();
    expect(await main(['size', ...flags], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain('cagw size --developers N');
  }
});
