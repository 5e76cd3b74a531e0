// The command table is lazy: help and the commands that need no AWS load neither the other
// commands' files nor the AWS SDK (the load time of a CLI people type all day).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const loaded = vi.hoisted(() => new Set<string>());
// Each factory records that the module was imported, then hands back the real one.
vi.mock('./destroy.ts', async (real) => (loaded.add('destroy.ts'), real()));
vi.mock('./status.ts', async (real) => (loaded.add('status.ts'), real()));
vi.mock('./validate.ts', async (real) => (loaded.add('validate.ts'), real()));
vi.mock('@aws-sdk/client-cloudformation', async (real) => (loaded.add('@aws-sdk/client-cloudformation'), real()));
vi.mock('@aws-sdk/client-rds', async (real) => (loaded.add('@aws-sdk/client-rds'), real()));
vi.mock('@aws-sdk/client-sts', async (real) => (loaded.add('@aws-sdk/client-sts'), real()));
vi.mock('@aws-sdk/client-cloudwatch', async (real) => (loaded.add('@aws-sdk/client-cloudwatch'), real()));
vi.mock('@aws-cdk/aws-service-spec', async (real) => (loaded.add('@aws-cdk/aws-service-spec'), real()));

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n') };
}

test('cagw --help, cagw render and cagw plan load no other command, no AWS SDK and no resource specification; cagw destroy --help loads destroy alone', async () => {
  expect((await run('--help')).code).toBe(0);
  expect((await run('render', '--profile', `${profiles}local.env`, '--out', mkdtempSync(join(tmpdir(), 'cagw-lazy-')))).code).toBe(0);
  expect((await run('plan', '--profile', `${profiles}local.env`)).code).toBe(0);
  expect([...loaded]).toEqual([]);

  const { code, out } = await run('destroy', '--help');
  expect(code).toBe(0);
  expect(out).toContain('cagw destroy');
  expect(loaded.has('destroy.ts')).toBe(true);
  expect(loaded.has('status.ts')).toBe(false);
  expect(loaded.has('@aws-sdk/client-rds')).toBe(true);
});
