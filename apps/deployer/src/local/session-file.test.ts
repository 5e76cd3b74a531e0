import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readRunningSession, sessionFilePath } from './session-file.ts';

test('no session file, an unreadable one, or one whose process ended: each says to start cagw local', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-session-'));
  expect(() => readRunningSession(dir)).toThrow(expect.objectContaining({ code: 'LocalSessionNotRunning', message: expect.stringContaining('no session file') }));
  writeFileSync(sessionFilePath(dir), '{not json');
  expect(() => readRunningSession(dir)).toThrow(expect.objectContaining({ code: 'LocalSessionNotRunning', message: expect.stringContaining('not JSON') }));
  writeFileSync(sessionFilePath(dir), JSON.stringify({ pid: 4242, url: 'http://127.0.0.1:8080' }));
  expect(() => readRunningSession(dir, () => false)).toThrow(expect.objectContaining({ code: 'LocalSessionNotRunning', message: expect.stringContaining('pid 4242') }));
  expect(readRunningSession(dir, (pid) => pid === 4242)).toMatchObject({ url: 'http://127.0.0.1:8080' });
});
