// The command line as a user meets it: help, usage errors and exit codes.
import { describe, expect, test } from 'vitest';
import { createRecordingIo } from './cli/recording-io.ts';
import { commands } from './commands/index.ts';
import { main } from './main.ts';

async function run(...argv: string[]) {
  const io = createRecordingIo();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('help', () => {
  test('cagw --help lists every command with its summary', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const command of commands) expect(out).toContain(`${command.name}  `);
    expect(out).toContain('Check a profile');
  });

  test.each(commands.map((c) => c.name))('cagw %s --help lists each of its flags', async (name) => {
    const { code, out } = await run(name, '--help');
    expect(code).toBe(0);
    const command = await commands.find((c) => c.name === name)!.load();
    for (const flag of Object.keys(command.flags)) expect(out).toContain(`--${flag}`);
    expect(out).toContain('--help');
  });

  // the table's summary is what `cagw --help` shows without loading the command
  test.each(commands.map((c) => c.name))('the command table names and summarises %s as its own file does', async (name) => {
    const entry = commands.find((c) => c.name === name)!;
    const command = await entry.load();
    expect(command.name).toBe(entry.name);
    expect(command.summary).toBe(entry.summary);
  });

  test('cagw with no arguments shows the help', async () => {
    expect((await run()).out).toContain('Usage: cagw <command>');
  });
});

describe('usage errors exit 2 with a usage line', () => {
  test('an unknown command', async () => {
    const { code, err } = await run('deploi');
    expect(code).toBe(2);
    expect(err).toContain('unknown command deploi; did you mean deploy? (cagw --help lists every command)');
    expect(err).toContain('usage: ');
  });

  test('an unknown flag', async () => {
    const { code, err } = await run('profile', '--profiel', 'x.env');
    expect(code).toBe(2);
    expect(err).toContain('unknown flag --profiel for cagw profile; did you mean --profile? (cagw profile --help lists its flags)');
    expect(err).toContain('usage: cagw profile');
  });

  test('a flag without its value', async () => {
    const { code, err } = await run('profile', '--profile');
    expect(code).toBe(2);
    expect(err).toContain('--profile');
  });

  test('an argument the command does not take', async () => {
    const { code, err } = await run('profile', 'extra');
    expect(code).toBe(2);
    expect(err).toContain('unexpected argument "extra"');
  });
});

test('a failure inside a command exits 1 with what, where and the fix', async () => {
  const { code, err } = await run('profile', '--profile', '/nowhere/my.env');
  expect(code).toBe(1);
  expect(err).toContain('cannot read profile /nowhere/my.env');
  expect(err).toContain('fix:');
});

test('a failure in text mode shows its code first, as --json and docs/troubleshoot.md name it', async () => {
  const { err } = await run('profile', '--profile', '/nowhere/my.env');
  expect(err).toMatch(/^error\[ProfileNotFound\]: cannot read profile \/nowhere\/my\.env/);
});

test('a usage error shows the UsageError code', async () => {
  expect((await run('profile', 'extra')).err).toMatch(/^error\[UsageError\]: unexpected argument "extra"/);
});

test('a repeatable last argument takes several values', async () => {
  const { code, err } = await run('lint-templates', 'network', 'database');
  expect(err).not.toContain('unexpected argument');
  expect(code).toBe(0);
});

test('with --json a failure is still one JSON document on stdout, with the code, where and fix', async () => {
  const { code, out } = await run('profile', '--profile', '/nowhere/my.env', '--json');
  expect(code).toBe(1);
  expect(JSON.parse(out)).toMatchObject({ result: 'error', error: { code: 'ProfileNotFound', where: '/nowhere/my.env', fix: expect.any(String) } });
});
