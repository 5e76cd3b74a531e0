import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { isProcessAlive } from '../test-support/processes.ts';
import { installationAt } from './postgres-binaries.ts';
import { runInitdb, startPostmaster } from './postgres-process.ts';

// Stand-ins for the PostgreSQL programs that fail the ways a real one can, so each way is
// shown to end the wait at once with its cause, or at the bound with what was awaited.
const folder = await mkdtemp(join(tmpdir(), 'cagw-pg-process-'));
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fakeInstallation(name: string, postgresScript: string) {
  const binaries = installationAt(join(folder, name));
  await rm(binaries.root, { recursive: true, force: true });
  await import('node:fs/promises').then(({ mkdir }) => mkdir(join(binaries.root, 'bin'), { recursive: true }));
  await writeFile(binaries.postgres, `#!/bin/sh\n${postgresScript}\n`);
  await chmod(binaries.postgres, 0o755);
  return binaries;
}

const request = (timeoutMs: number) => ({ dataDir: join(folder, 'data'), port: 5999, flags: [], owner: undefined, timeoutMs, onLog: () => undefined });

test('a program that cannot be spawned rejects at once with PostgresSpawnFailed', async () => {
  const outcome = await runInitdb(installationAt(join(folder, 'absent')), { dataDir: join(folder, 'data'), user: 'postgres', passwordFile: join(folder, 'pw'), owner: undefined, timeoutMs: 60_000 }).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('PostgresSpawnFailed');
  expect((outcome as CagwError).message).toContain('ENOENT');
});

test('a server that exits while starting rejects at once with its last words', async () => {
  const binaries = await fakeInstallation('exits', 'echo "FATAL:  could not bind IPv4 address" >&2; exit 1');
  const outcome = await startPostmaster(binaries, request(60_000)).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('PostgresExited');
  expect((outcome as CagwError).message).toContain('could not bind IPv4 address');
});

test('a server that never becomes ready is stopped at the bound, and the error names the port and the wait', async () => {
  const binaries = await fakeInstallation('silent', `echo $$ > ${join(folder, 'silent.pid')}; exec sleep 600`);
  const outcome = await startPostmaster(binaries, request(1500)).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('PostgresStartTimeout');
  expect((outcome as CagwError).message).toContain('127.0.0.1:5999 did not accept connections within 1.5 s');
  const pid = Number((await import('node:fs')).readFileSync(join(folder, 'silent.pid'), 'utf8'));
  const { waitFor } = await import('@cagw/test-support');
  expect(await waitFor(() => !isProcessAlive(pid), 30_000)).toBe(true);
});
