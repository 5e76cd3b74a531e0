// cagw caps without a gateway: the exit codes of --detailed-exitcode when the run fails before
// any plan (the plan's 0 and 2 against the real gateway are in caps.int.test.ts).
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

async function cagw(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const io = createRecordingIo();
  return { code: await main(argv, io), stderr: io.stderr.join('\n') };
}

test('with --detailed-exitcode a usage error is 1, since 2 there means changes pending; without it, usage stays 2', async () => {
  const both = ['caps', 'plan', '--local', '--url', 'https://127.0.0.1:8443'];
  expect((await cagw(...both)).code).toBe(2);
  const detailed = await cagw(...both, '--detailed-exitcode');
  expect(detailed.code).toBe(1);
  expect(detailed.stderr).toMatch(/--local and --url name two different gateways/);
  expect((await cagw('caps', 'plan', '--detailed-exitcod')).code).toBe(2);
  expect((await cagw('caps', 'plan', '--detailed-exitcode', '--profil', 'x.env')).code).toBe(1);
});

test('--detailed-exitcode belongs to plan: with apply or export it is refused (1)', async () => {
  const apply = await cagw('caps', 'apply', '--detailed-exitcode', '--yes');
  expect(apply.code).toBe(1);
  expect(apply.stderr).toMatch(/--detailed-exitcode goes with cagw caps plan, not apply/);
});

test('a profile that cannot be read is an error: 1 with --detailed-exitcode', async () => {
  const missing = await cagw('caps', 'plan', '--detailed-exitcode', '--profile', 'profiles/no-such-profile.env');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/ProfileNotFound|no-such-profile/);
});
