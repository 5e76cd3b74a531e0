import { resolve } from 'node:path';
import { profileName } from '../cli/load-profile.ts';

/**
 * Where `cagw local` keeps one profile's state between runs (PostgreSQL data, the session
 * file, the loopback secrets): `.cagw/local/<profile name>` under the working directory,
 * which the repository's .gitignore already leaves out.
 */
export function localStateDir(profilePath: string | undefined, cwd: string): string {
  return resolve(cwd, '.cagw', 'local', profileName(profilePath));
}
