// The loopback secrets a local session keeps between runs, in a mode 0600 file of its state
// directory: the admin write key (so `cagw local probe --cap-demo` can reach the admin API from
// another process) and the session signing secret (so a signed-in Claude Code stays signed in
// across restarts). They protect a gateway on 127.0.0.1 only; they never reach argv or a log.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';

export const SECRETS_FILE_NAME = 'local-secrets.json';

export interface LocalSecrets {
  /** at least 32 characters, as the gateway requires of admin keys */
  adminKey: string;
  jwtSecret: string;
}

const fresh = () => randomBytes(32).toString('base64url');

/** Reads the state directory's secrets, creating them on the first run. */
export async function loadOrCreateLocalSecrets(stateDir: string): Promise<{ secrets: LocalSecrets; path: string }> {
  const path = join(stateDir, SECRETS_FILE_NAME);
  if (existsSync(path)) return { secrets: readLocalSecrets(path), path };
  const secrets: LocalSecrets = { adminKey: fresh(), jwtSecret: fresh() };
  await writeFile(path, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return { secrets, path };
}

export function readLocalSecrets(path: string): LocalSecrets {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
    if (typeof parsed.adminKey === 'string' && parsed.adminKey.length >= 32 && typeof parsed.jwtSecret === 'string') return { adminKey: parsed.adminKey, jwtSecret: parsed.jwtSecret };
  } catch {
    // reported below
  }
  throw new CagwError('LocalSecretsUnreadable', `${path} does not hold the local session's secrets`, {
    source: 'user',
    where: path,
    fix: 'delete the file (or run cagw local --reset); the next cagw local writes a new one',
  });
}
