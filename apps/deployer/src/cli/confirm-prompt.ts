// Asks one yes/no question on the terminal. Without a terminal there is nobody to ask: that
// is an error that says to pass --yes.
import { createInterface } from 'node:readline/promises';
import { CagwError } from '@cagw/errors';

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export async function confirmOnTerminal(question: string, defaultAnswer: boolean, streams: PromptStreams = { input: process.stdin, output: process.stderr }): Promise<boolean> {
  if (streams.input.isTTY !== true) {
    throw new CagwError('ConfirmationNeeded', `"${question}" needs an answer, and there is no terminal to ask on`, {
      source: 'user', fix: 'pass --yes to apply without asking (for CI), or run cagw in a terminal',
    });
  }
  const rl = createInterface({ input: streams.input, output: streams.output });
  // Ctrl-C at the prompt is a "no" (readline would otherwise swallow it and wait forever)
  const interrupted = new Promise<string>((resolve) => rl.once('SIGINT', () => resolve('n')));
  try {
    const answer = (await Promise.race([rl.question(`${question} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `), interrupted])).trim().toLowerCase();
    return answer === '' ? defaultAnswer : answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}

/** Reads one typed line (for confirmations that need more than y/n). */
export async function askOnTerminal(question: string, streams: PromptStreams = { input: process.stdin, output: process.stderr }): Promise<string> {
  if (streams.input.isTTY !== true) {
    throw new CagwError('ConfirmationNeeded', `"${question}" needs an answer, and there is no terminal to ask on`, {
      source: 'user', fix: 'pass --yes with --confirm <the answer> (for CI), or run cagw in a terminal',
    });
  }
  const rl = createInterface({ input: streams.input, output: streams.output });
  try {
    return (await rl.question(`${question} `)).trim();
  } finally {
    rl.close();
  }
}
