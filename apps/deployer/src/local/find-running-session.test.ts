// cagw local probe with no --profile (as docs/deploy.md writes it) finds the session npm start runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';
import { expect, test } from 'vitest';
import { findRunningSessionWithoutProfile } from './find-running-session.ts';

const LIVE_PIDS = new Set([41_001, 41_002, 41_003]);
const isAlive = (pid: number) => LIVE_PIDS.has(pid);

/** A folder with .cagw/local/<profile>/session.json for each profile, written by the given pid. */
function folderWithSessions(sessions: Record<string, number>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'cagw-find-session-'));
  for (const [profile, pid] of Object.entries(sessions)) {
    const stateDir = join(cwd, '.cagw', 'local', profile);
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, 'session.json'), JSON.stringify({ pid, profile, url: 'http://127.0.0.1:8080' }));
  }
  return cwd;
}

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return CagwError.is(error) ? { code: error.code, message: error.message, fix: error.fix } : { code: String(error) };
  }
  return undefined;
};

test('the only running session is found whatever profile started it, ended ones are passed over', () => {
  const cwd = folderWithSessions({ ended: 39_999, local: 41_001 });
  const found = findRunningSessionWithoutProfile(cwd, isAlive);
  expect(found.session.profile).toBe('local');
  expect(found.stateDir).toBe(join(cwd, '.cagw', 'local', 'local'));
});

test('the session started from the environment wins, as it is the one probe always looked for', () => {
  const cwd = folderWithSessions({ environment: 41_002, local: 41_001 });
  expect(findRunningSessionWithoutProfile(cwd, isAlive).session.profile).toBe('environment');
});

test('none running is LocalSessionNotRunning, with how to start one', () => {
  expect(codeOf(() => findRunningSessionWithoutProfile(folderWithSessions({ local: 39_999 }), isAlive))).toMatchObject({ code: 'LocalSessionNotRunning', fix: expect.stringMatching(/npm start/) });
  expect(codeOf(() => findRunningSessionWithoutProfile(mkdtempSync(join(tmpdir(), 'cagw-no-state-')), isAlive))).toMatchObject({ code: 'LocalSessionNotRunning' });
});

test('several running is LocalSessionsSeveral, naming each profile and the command for each', () => {
  const error = codeOf(() => findRunningSessionWithoutProfile(folderWithSessions({ local: 41_001, team: 41_003 }), isAlive));
  expect(error).toMatchObject({ code: 'LocalSessionsSeveral', message: expect.stringContaining('profiles local, team') });
  expect(error?.fix).toContain('cagw local probe --state-dir .cagw/local/local or cagw local probe --state-dir .cagw/local/team');
});
