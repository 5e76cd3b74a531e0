// Runs one builder command, arguments as an array (never through a shell), a secret only on
// stdin, and the combined output kept for the error message.
import { spawn } from 'node:child_process';

export interface BuilderRun {
  ok: boolean;
  /** stdout and stderr, interleaved as they came */
  output: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  signal?: AbortSignal;
  /** echo each output line here as it comes (a long build shows progress) */
  onLine?: (line: string) => void;
}

export function runBuilder(command: string, args: readonly string[], options: RunOptions = {}): Promise<BuilderRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.stdin.on('error', () => undefined); // a command that exits before reading stdin
    child.stdin.end(options.input ?? '');
    child.once('error', (e) => resolve({ ok: false, output: `${output}\n${e.message}` }));
    child.once('close', (code) => resolve({ ok: code === 0, output }));
  });
}
