// The repeatable string flag: given several times it is every value in order, absent it is an
// empty list, and help says it repeats.
import { expect, test } from 'vitest';
import { commands } from '../commands/index.ts';
import { formatCommandHelp } from './help.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { UsageError } from './usage-error.ts';

const usageErrorOf = (argv: string[]) => parseCommandLine(argv, commands).then(() => undefined, (e: unknown) => (UsageError.is(e) ? e : undefined));

test('--allow-replace given twice is both logical ids, in order', async () => {
  const parsed = await parseCommandLine(['deploy', '--allow-replace', 'Database', '--yes', '--allow-replace', 'Endpoint'], commands);
  expect(parsed.kind === 'run' && parsed.flags['allow-replace']).toEqual(['Database', 'Endpoint']);
});

test('--allow-replace absent is an empty list', async () => {
  const parsed = await parseCommandLine(['deploy', '--yes'], commands);
  expect(parsed.kind === 'run' && parsed.flags['allow-replace']).toEqual([]);
});

test('cagw deploy --help shows the flag with its placeholder, and that it repeats', async () => {
  const parsed = await parseCommandLine(['deploy', '--help'], commands);
  expect(parsed.kind === 'help' && parsed.command ? formatCommandHelp(parsed.command) : '').toMatch(/--allow-replace LOGICAL_ID\s+accept that this run replaces or removes .*\(repeatable\)/);
});

test('an unknown command is named, with the command a typo away and where to find the commands', async () => {
  expect((await usageErrorOf(['deplyo']))?.message).toBe('unknown command deplyo; did you mean deploy? (cagw --help lists every command)');
  expect((await usageErrorOf(['help', 'deplyo']))?.message).toBe('unknown command deplyo; did you mean deploy? (cagw --help lists every command)');
  // nothing near: no guess
  expect((await usageErrorOf(['frobnicate']))?.message).toBe('unknown command frobnicate (cagw --help lists every command)');
});

test('an unknown flag names itself and the command, the flag a typo away, and where its flags are listed', async () => {
  expect((await usageErrorOf(['deploy', '--profil', 'profiles/my.env']))?.message).toBe('unknown flag --profil for cagw deploy; did you mean --profile? (cagw deploy --help lists its flags)');
  expect((await usageErrorOf(['deploy', '--allow-replcae', 'Endpoint']))?.message).toBe('unknown flag --allow-replcae for cagw deploy; did you mean --allow-replace? (cagw deploy --help lists its flags)');
  expect((await usageErrorOf(['plan', '-q']))?.message).toBe('unknown flag -q for cagw plan (cagw plan --help lists its flags)');
});

test('a flag before the command says that flags follow the command', async () => {
  expect((await usageErrorOf(['--profile', 'profiles/my.env', 'plan']))?.message).toMatch(/^unknown flag --profile before a command; flags follow the command, as in cagw plan --profile/);
});

test('a flag missing its value, or given one it does not take, says how to write it', async () => {
  expect((await usageErrorOf(['plan', '--profile']))?.message).toBe('--profile of cagw plan needs a value: write --profile FILE');
  expect((await usageErrorOf(['deploy', '--yes=true']))?.message).toBe('--yes of cagw deploy takes no value: write --yes alone');
});
