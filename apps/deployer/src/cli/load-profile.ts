// How every command that takes --profile loads it: the file (if given) plus the environment,
// with every problem reported at once (ProfileInvalid → exit 1) and warnings on stderr.
import { basename } from 'node:path';
import { formatProblem, loadSettingsOrThrow, type Settings } from '@cagw/profile';
import type { CliIo } from './cli-io.ts';

export const profileFlag = {
  type: 'string',
  value: 'FILE',
  desc: 'the .env profile to use (variables already in the environment win over it)',
} as const;

export function loadProfile(profilePath: string | undefined, io: CliIo, env: NodeJS.ProcessEnv = process.env): Settings {
  const { settings, warnings } = loadSettingsOrThrow({ ...(profilePath ? { profilePath } : {}), env });
  for (const w of warnings) io.warn(formatProblem(w));
  return settings;
}

/** The profile's name (`profiles/my.env` → `my`), for out/ folders, state dirs and headers. */
export function profileName(profilePath: string | undefined): string {
  return profilePath ? basename(profilePath).replace(/\.env$/, '') : 'environment';
}
