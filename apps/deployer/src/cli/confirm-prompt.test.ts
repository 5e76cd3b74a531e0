import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { askOnTerminal, confirmOnTerminal } from './confirm-prompt.ts';

const terminal = () => Object.assign(new PassThrough(), { isTTY: true });

test('y, yes and the default answer', async () => {
  for (const [typed, dflt, expected] of [['y\n', false, true], ['YES\n', false, true], ['\n', true, true], ['\n', false, false], ['no\n', true, false]] as const) {
    const input = terminal();
    const answer = confirmOnTerminal('Apply?', dflt, { input, output: new PassThrough() });
    input.write(typed);
    expect(await answer).toBe(expected);
  }
});

test('no terminal: an error that says to pass --yes', async () => {
  await expect(confirmOnTerminal('Apply?', false, { input: new PassThrough(), output: new PassThrough() })).rejects.toMatchObject({ code: 'ConfirmationNeeded', fix: expect.stringContaining('--yes') });
  await expect(askOnTerminal('Prefix?', { input: new PassThrough(), output: new PassThrough() })).rejects.toMatchObject({ code: 'ConfirmationNeeded' });
});

test('Ctrl-C at the question is a no', async () => {
  const input = terminal();
  const answer = confirmOnTerminal('Apply?', true, { input, output: terminal() });
  input.write('\x03');
  expect(await answer).toBe(false);
});
