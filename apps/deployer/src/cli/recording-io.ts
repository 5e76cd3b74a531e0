// A CliIo that records what a command printed, for tests.
import { errorPrefix, type CliIo } from './cli-io.ts';

export interface RecordingIo extends CliIo {
  stdout: string[];
  stderr: string[];
}

export function createRecordingIo(): RecordingIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    result: (value) => stdout.push(typeof value === 'string' ? value : JSON.stringify(value)),
    info: (text) => stderr.push(text),
    warn: (text) => stderr.push(`warning: ${text}`),
    error: (text, code) => stderr.push(`${errorPrefix(code)} ${text}`),
  };
}
