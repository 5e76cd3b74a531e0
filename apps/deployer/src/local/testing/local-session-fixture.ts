// The `cagw local` session an integration test file starts once and runs cagw against: a fresh
// folder for its profile and state, the repository's local profile (its policies file made
// absolute, since the copy lives elsewhere), the stub upstream and the example.com test users.
// One place for it, so the command tests boot the gateway the way `cagw local` does.
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTestUsersFor, findFreeLoopbackPort } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { startLocalSession, type LocalSession, type LocalSessionOptions } from '../start-local-session.ts';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** cagw as npm links it, for the runs that must be a child process */
export const CAGW_BIN = join(WORKSPACE_ROOT, 'node_modules/.bin/cagw');

export interface SessionFolder {
  dir: string;
  stateDir: string;
  profile: string;
}

/** A fresh folder for a test file: `<dir>/<name>.env` for the profile, `<dir>/local` for the state. */
export function sessionFolder(name: string): SessionFolder {
  const dir = mkdtempSync(join(tmpdir(), `cagw-${name}-it-`));
  // as root, PostgreSQL runs as the `postgres` user, which must reach its data through this folder
  chmodSync(dir, 0o755);
  return { dir, stateDir: join(dir, 'local'), profile: join(dir, `${name}.env`) };
}

/** profiles/local.env as text, with POLICIES_FILE pointing at the repository's example policies. */
export const localProfileText = (): string =>
  readFileSync(join(WORKSPACE_ROOT, 'profiles/local.env'), 'utf8').replace(/^POLICIES_FILE=.*$/m, `POLICIES_FILE=${join(WORKSPACE_ROOT, 'profiles/policies.example.yaml')}`);

/** Starts the session for the profile already written to `folder.profile`, from an empty state. */
export async function startTestSession(folder: SessionFolder, profileName: string, extra: Partial<LocalSessionOptions> = {}): Promise<LocalSession> {
  return startLocalSession({
    settings: loadSettingsOrThrow({ profilePath: folder.profile, env: {} }).settings,
    profileName,
    stateDir: folder.stateDir,
    port: await findFreeLoopbackPort(),
    users: defaultTestUsersFor(['example.com']),
    upstream: 'stub',
    reset: true,
    env: process.env,
    ...extra,
  });
}
