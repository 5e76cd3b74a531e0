import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test as propertyTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { formatProfileValue, readProfileFile } from './read-profile-file.ts';

describe('readProfileFile', () => {
  test('reads exported, quoted and commented assignments with their line numbers', () => {
    const file = readProfileFile('p.env', ['# comment', 'export A=1', "B='x # y' # trailing", 'C="it\'s"', '', 'D=plain # note'].join('\n'));
    expect([...file.entries.values()]).toEqual([
      { name: 'A', value: '1', line: 2 },
      { name: 'B', value: 'x # y', line: 3 },
      { name: 'C', value: "it's", line: 4 },
      { name: 'D', value: 'plain', line: 6 },
    ]);
    expect(file.problems).toEqual([]);
  });

  test('the last assignment of a name wins, as in bash', () => {
    expect(readProfileFile('p.env', 'A=1\nA=2').entries.get('A')).toEqual({ name: 'A', value: '2', line: 2 });
  });

  test('unset removes an earlier assignment and is remembered', () => {
    const file = readProfileFile('p.env', 'DOMAIN_NAME=x.example.com\nunset DOMAIN_NAME PUBLIC_HOSTED_ZONE_ID');
    expect(file.entries.has('DOMAIN_NAME')).toBe(false);
    expect([...file.unset.keys()]).toEqual(['DOMAIN_NAME', 'PUBLIC_HOSTED_ZONE_ID']);
  });

  test.each([
    ['A=a#b', 'unquoted #'],
    ['A=two words', 'spaces'],
    ['A="costs $5"', '$'],
    ['A=`date`', 'backticks'],
    ['A=x&y', 'shell characters'],
  ])('%s is reported because bash would read it differently (%s)', (line) => {
    const [problem] = readProfileFile('p.env', line).problems;
    expect(problem).toMatchObject({ variable: 'A', where: 'p.env:1' });
    expect(problem!.fix).toMatch(/quote|single quotes/);
  });

  test.each(["A='costs $5 & #1'", 'A="it\'s fine"', 'A=simple-value.1', 'A=""'])('%s reads the same in bash and is not reported', (line) => {
    expect(readProfileFile('p.env', line).problems).toEqual([]);
  });
});

// Values as a person might write them: quotes, #, &, =, spaces, $, unicode; no line breaks.
const profileValue = fc.string({ unit: fc.oneof(fc.constantFrom(...'\'"#&=$`\\ ;|()[]{}*?!~<>,:%@/'.split('')), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('é', 'ß', '名', '🙂')), maxLength: 40 })
  .filter((v) => !/[\r\n\0]/.test(v) && v.trim() === v)
  .filter((v) => { try { formatProfileValue(v); return true; } catch { return false; } });

describe('a value written with formatProfileValue reads back unchanged', () => {
  propertyTest.prop([profileValue])('through the dotenv reader', (value) => {
    const file = readProfileFile('p.env', `SPEND_BLOCKED_MESSAGE=${formatProfileValue(value)}\n`);
    expect(file.problems).toEqual([]);
    expect(file.entries.get('SPEND_BLOCKED_MESSAGE')?.value ?? '').toBe(value);
  });

  const dir = mkdtempSync(join(tmpdir(), 'cagw-profile-'));
  // 60 bash processes: about 1.5 s alone, far more on a loaded machine, so more than the default 20 s
  propertyTest.prop([profileValue], { numRuns: 60 })('through bash `source`', (value) => {
    const path = join(dir, 'p.env');
    writeFileSync(path, `SPEND_BLOCKED_MESSAGE=${formatProfileValue(value)}\n`);
    const sourced = execFileSync('bash', ['-c', 'source "$1" && printf %s "$SPEND_BLOCKED_MESSAGE"', 'bash', path], { encoding: 'utf8' });
    expect(sourced).toBe(value);
  }, 120_000);
});

test('formatProfileValue refuses what no quoting can carry for both readers', () => {
  expect(() => formatProfileValue('a\nb')).toThrow(/line break/);
  expect(() => formatProfileValue(`it's "$x"`)).toThrow(/both/);
});
