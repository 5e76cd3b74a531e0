import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { startLocalPostgres } from './local-postgres.ts';
import { binariesRunnableBy, installationAt, platformPostgresBinaries } from './postgres-binaries.ts';
import { ownerCanExecute, postgresOwner } from './postgres-owner.ts';

// A checkout cloned into `mktemp -d` (0700) as root: node_modules, and PostgreSQL in it, are out
// of reach of the postgres user that PostgreSQL must run as.
const privateFolder = await mkdtemp(join(tmpdir(), 'cagw-private-checkout-'));
const owner = postgresOwner();

afterAll(async () => {
  await rm(privateFolder, { recursive: true, force: true });
});

test('PostgreSQL installed inside a folder only root may enter still starts', async () => {
  const installed = await platformPostgresBinaries();
  const hidden = installationAt(join(privateFolder, 'native'));
  await cp(installed.root, hidden.root, { recursive: true, verbatimSymlinks: true });
  expect((await stat(privateFolder)).mode & 0o077).toBe(0);
  if (owner) expect(ownerCanExecute(owner, hidden.postgres)).toBe(false);

  const runnable = await binariesRunnableBy(hidden, owner);
  if (owner) expect(ownerCanExecute(owner, runnable.postgres)).toBe(true);
  else expect(runnable).toEqual(hidden);

  const postgres = await startLocalPostgres({ binaries: hidden });
  try {
    expect(await postgres.query('postgres', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  } finally {
    await postgres.stop();
  }
});

test('a missing PostgreSQL is refused at once, naming the path and how to reinstall', async () => {
  const outcome = await startLocalPostgres({ binaries: installationAt(join(privateFolder, 'nowhere')) }).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('PostgresBinariesMissing');
  expect(String((outcome as CagwError).message)).toContain(join(privateFolder, 'nowhere'));
});
