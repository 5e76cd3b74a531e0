import { watch, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startLocalPostgres } from './local-postgres.ts';

// A temp directory every user can write, standing in for the machine's shared /tmp.
const sharedTmp = await mkdtemp(join(tmpdir(), 'cagw-shared-tmp-'));
await chmod(sharedTmp, 0o1777);
const originalTmpdir = process.env.TMPDIR;

afterAll(async () => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  await rm(sharedTmp, { recursive: true, force: true });
});

test('initdb never finds the superuser password in the shared temp directory', async () => {
  process.env.TMPDIR = sharedTmp;
  // inotify reports every file created there, however briefly it lives
  const seen: string[] = [];
  const watcher = watch(sharedTmp, (_event, name) => {
    if (!name || !/password|pwfile/i.test(name)) return;
    let mode = 'gone';
    try {
      mode = (statSync(join(sharedTmp, name)).mode & 0o777).toString(8);
    } catch {
      // removed before we looked; it was still there for others to read
    }
    seen.push(`${name} (mode ${mode})`);
  });
  const postgres = await startLocalPostgres();
  try {
    expect(await postgres.query('postgres', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  } finally {
    watcher.close();
    await postgres.stop();
  }
  expect(seen).toEqual([]);
  // the rest of the process sees the temp directory it had before
  expect(tmpdir()).toBe(sharedTmp);
});
