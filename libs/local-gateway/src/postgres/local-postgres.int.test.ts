import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { isProcessAlive, pidsWithCommandLineContaining } from '../test-support/processes.ts';
import { startLocalPostgres } from './local-postgres.ts';

// mkdtemp makes the folder 0700: as root, the postgres user cannot enter it, as in a checkout
// cloned into `mktemp -d`; startLocalPostgres must cope with that by itself
const stateRoot = await mkdtemp(join(tmpdir(), 'cagw-state-test-'));
const asRoot = process.getuid?.() === 0;

afterAll(async () => {
  await rm(stateRoot, { recursive: true, force: true });
});

test('a persistent cluster keeps its data and password between runs', async () => {
  const stateDir = join(stateRoot, 'kept');
  const first = await startLocalPostgres({ stateDir });
  await first.ensureDatabase('gateway');
  await first.query('gateway', 'CREATE TABLE marker (note text)');
  await first.query('gateway', 'INSERT INTO marker VALUES ($1)', ['from the first run']);
  await first.stop();
  expect(existsSync(join(first.dataDir, 'PG_VERSION'))).toBe(true);

  const second = await startLocalPostgres({ stateDir });
  try {
    expect(second.password).toBe(first.password);
    await second.ensureDatabase('gateway');
    expect(await second.query('gateway', 'SELECT note FROM marker')).toEqual([{ note: 'from the first run' }]);
  } finally {
    await second.stop();
  }
});

test('a throwaway cluster removes its data directory on stop', async () => {
  const postgres = await startLocalPostgres();
  expect(existsSync(postgres.dataDir)).toBe(true);
  await postgres.stop();
  expect(existsSync(postgres.dataDir)).toBe(false);
  expect(pidsWithCommandLineContaining(postgres.dataDir)).toEqual([]);
});

test('a postmaster orphaned by a killed run is stopped, and the next run starts', async () => {
  const stateDir = join(stateRoot, 'orphan');
  // a separate process starts the cluster, then dies by SIGKILL without stopping it
  const script = `import { startLocalPostgres } from ${JSON.stringify(new URL('./local-postgres.ts', import.meta.url).pathname)};
const pg = await startLocalPostgres({ stateDir: ${JSON.stringify(stateDir)} });
process.stdout.write(pg.dataDir + '\\n');
setInterval(() => undefined, 60000);`;
  const tsx = new URL('../../../../node_modules/.bin/tsx', import.meta.url).pathname;
  const child = spawn(tsx, ['--conditions=development', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const dataDir = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  const orphanPids = pidsWithCommandLineContaining(dataDir);
  expect(orphanPids.length).toBeGreaterThan(0);
  // kill the whole tree of tsx but not postgres: SIGKILL to the node processes only, found by
  // this test's own state directory in their command line (another run's are left alone)
  for (const pid of pidsWithCommandLineContaining(`stateDir: ${JSON.stringify(stateDir)}`)) process.kill(pid, 'SIGKILL');
  child.kill('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(orphanPids.some(isProcessAlive)).toBe(true);

  const next = await startLocalPostgres({ stateDir });
  try {
    expect(orphanPids.filter(isProcessAlive)).toEqual([]);
    await next.ensureDatabase('after_orphan');
  } finally {
    await next.stop();
  }
});

test('a cluster still owned by a running process is refused with StateDirInUse', async () => {
  const stateDir = join(stateRoot, 'busy');
  const running = await startLocalPostgres({ stateDir });
  try {
    // same process, so its parent is this Node process: another session as far as a second start can tell
    const outcome = await startLocalPostgres({ stateDir }).then(
      async (second) => {
        await second.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(CagwError.is(outcome) && outcome.code).toBe('StateDirInUse');
  } finally {
    await running.stop();
  }
});

test('a state directory the postgres user cannot enter keeps its cluster elsewhere, and deleting the state directory starts afresh', async () => {
  const stateDir = join(stateRoot, 'private', 'local');
  expect((await stat(stateRoot)).mode & 0o077).toBe(0);
  const first = await startLocalPostgres({ stateDir });
  try {
    await first.ensureDatabase('gateway');
    await first.query('gateway', 'CREATE TABLE marker (note text)');
  } finally {
    await first.stop();
  }
  // as root the cluster moved out of reach of the 0700 folder; as a normal user it stays inside
  expect(first.relocatedFrom).toBe(asRoot ? stateDir : undefined);
  expect(first.dataDir.startsWith(stateDir)).toBe(!asRoot);

  const second = await startLocalPostgres({ stateDir });
  try {
    expect(second.dataDir).toBe(first.dataDir);
    expect(await second.query('gateway', "SELECT to_regclass('public.marker') IS NOT NULL AS kept")).toEqual([{ kept: true }]);
  } finally {
    await second.stop();
  }

  await rm(stateDir, { recursive: true, force: true }); // what cagw local --reset does
  const third = await startLocalPostgres({ stateDir });
  try {
    await third.ensureDatabase('gateway');
    expect(await third.query('gateway', "SELECT to_regclass('public.marker') IS NOT NULL AS kept")).toEqual([{ kept: false }]);
  } finally {
    await third.stop();
    if (third.relocatedFrom) await rm(join(third.dataDir, '..'), { recursive: true, force: true });
  }
});
