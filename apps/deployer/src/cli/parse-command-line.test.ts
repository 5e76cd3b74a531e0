// The repeatable string flag: given several times it is every value in order, absent it is an
// empty list, and help says it repeats.
import { expect, test } from 'vitest';
import { commands } from '../commands/index.ts';
import { formatCommandHelp } from './help.ts';
import { parseCommandLine } from './parse-command-line.ts';

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
