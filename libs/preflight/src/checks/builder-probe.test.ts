import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { exitZeroProgram, ownStorage } from './builder-probe.ts';

test('the probe’s RUN program is a real static program of this processor that exits 0', () => {
  const program = exitZeroProgram(process.arch);
  expect(program).toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), 'cagw-exit0-'));
  try {
    writeFileSync(join(dir, 'exit0'), program!, { mode: 0o755 });
    const ran = spawnSync(join(dir, 'exit0'), { timeout: 10_000 });
    expect(ran.error).toBeUndefined();
    expect(ran.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('x64 and arm64 have a probe program; another processor has none (the probe then asks `info`)', () => {
  expect(exitZeroProgram('x64')?.readUInt16LE(18)).toBe(62);
  expect(exitZeroProgram('arm64')?.readUInt16LE(18)).toBe(183);
  expect(exitZeroProgram('s390x')).toBeUndefined();
});

test('cagw’s own builder storage lives under the user’s cache folder, never in their containers configuration', () => {
  expect(ownStorage({ XDG_CACHE_HOME: '/home/u/.cache-x' })).toEqual({ root: '/home/u/.cache-x/cagw/containers/storage', runroot: '/home/u/.cache-x/cagw/containers/run' });
});
