// The only place cagw writes to the terminal. stdout carries results only (one JSON
// document with --json); progress, warnings and errors go to stderr.
import { CagwError } from '@cagw/errors';

export interface CliIo {
  /** a command's result: text, or a value printed as JSON */
  result(value: string | unknown): void;
  /** progress and notes for the person, on stderr */
  info(text: string): void;
  warn(text: string): void;
  /** with a code, printed `error[Code]: text`, the code `--json` and docs/troubleshoot.md use */
  error(text: string, code?: string): void;
}

export interface CliStreams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export function createCliIo(streams: CliStreams = process): CliIo {
  return {
    result(value) {
      streams.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
    },
    info: (text) => streams.stderr.write(`${text}\n`),
    warn: (text) => streams.stderr.write(`warning: ${text}\n`),
    error: (text, code) => streams.stderr.write(`${errorPrefix(code)} ${text}\n`),
  };
}

/** `error:`, or `error[BaseDigestMissing]:` when the error has a code. */
export const errorPrefix = (code: string | undefined): string => (code ? `error[${code}]:` : 'error:');

/** Formats any thrown value as what is wrong, where, and the fix. */
export function describeError(e: unknown, debug = false): string {
  if (CagwError.is(e)) {
    const lines = [e.message];
    if (e.where) lines.push(`  where: ${e.where}`);
    if (e.fix) lines.push(`  fix:   ${e.fix}`);
    if (debug && e.stack) lines.push(e.stack);
    return lines.join('\n');
  }
  if (e instanceof Error) return debug && e.stack ? e.stack : `${e.name}: ${e.message}`;
  return String(e);
}
