// `cagw local probe` without --profile or --state-dir: the session that runs in this folder,
// whichever profile started it (npm start runs profiles/local.env), when exactly one does.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CagwError } from '@cagw/errors';
import { processIsAlive, readRunningSession, sessionFilePath, type SessionFile } from './session-file.ts';
import { localStateDir } from './state-dir.ts';

export interface FoundSession {
  stateDir: string;
  session: SessionFile;
}

/** Every cagw local that runs with its state under <cwd>/.cagw/local, in name order. */
export function runningLocalSessions(cwd: string, isAlive: (pid: number) => boolean = processIsAlive): FoundSession[] {
  const root = join(cwd, '.cagw', 'local');
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
  const found: FoundSession[] = [];
  for (const name of names) {
    const stateDir = join(root, name);
    try {
      found.push({ stateDir, session: readRunningSession(stateDir, isAlive) });
    } catch (error) {
      if (!CagwError.is(error) || error.code !== 'LocalSessionNotRunning') throw error;
    }
  }
  return found;
}

/**
 * The session to probe when no profile is named: the one started from the environment if it
 * runs, else the only one running here; LocalSessionNotRunning when none runs, and
 * LocalSessionsSeveral (naming each profile) when more than one does.
 */
export function findRunningSessionWithoutProfile(cwd: string, isAlive: (pid: number) => boolean = processIsAlive): FoundSession {
  const running = runningLocalSessions(cwd, isAlive);
  const fromEnvironment = running.find((found) => found.stateDir === localStateDir(undefined, cwd));
  if (fromEnvironment) return fromEnvironment;
  if (running.length === 1) return running[0]!;
  if (running.length === 0) {
    throw new CagwError('LocalSessionNotRunning', `no cagw local is running in ${cwd}: no session file under .cagw/local/ belongs to a live process`, {
      source: 'user',
      where: join(cwd, '.cagw', 'local'),
      fix: 'start it first in another terminal (npm start, or cagw local --profile <profile>) from this folder, or pass the --state-dir it uses',
    });
  }
  const profiles = running.map((found) => found.session.profile);
  throw new CagwError('LocalSessionsSeveral', `${running.length} cagw local sessions run here (profiles ${profiles.join(', ')}), so cagw local probe cannot tell which to probe`, {
    source: 'user',
    where: running.map((found) => sessionFilePath(found.stateDir)).join(', '),
    fix: `pass the --profile it was started with, or its state directory: ${running.map((found) => `cagw local probe --state-dir ${relative(cwd, found.stateDir)}`).join(' or ')}`,
  });
}
