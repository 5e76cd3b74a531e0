// cagw local's command line: usage errors, and probe's answer when nothing runs. Starting the
// real session is in local.int.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

test('an unknown sub-command, a port that is not one and an unknown upstream are usage errors (exit 2)', async () => {
  for (const argv of [['local', 'prove'], ['local', '--port', '80a'], ['local', '--port', '70000'], ['local', '--upstream', 'vertex']]) {
    const io = createRecordingIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/usage: cagw local/);
  }
});

test('probe without a running session exits 1 and says how to start one', async () => {
  const io = createRecordingIo();
  const stateDir = mkdtempSync(join(tmpdir(), 'cagw-probe-'));
  expect(await main(['local', 'probe', '--state-dir', stateDir, '--json'], io)).toBe(1);
  expect(io.stdout).toEqual([]);
  expect(io.stderr.join('\n')).toMatch(/no cagw local is running for this profile[\s\S]*fix: +start it first/);
});

test('a profile error ends before anything starts, with exit 1', async () => {
  const io = createRecordingIo();
  expect(await main(['local', '--profile', join(tmpdir(), 'no-such-profile.env'), '--state-dir', mkdtempSync(join(tmpdir(), 'cagw-local-'))], io)).toBe(1);
  expect(io.stdout).toEqual([]);
  expect(io.stderr.join('\n')).toMatch(/no-such-profile\.env/);
});
