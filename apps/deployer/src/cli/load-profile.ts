// How every command that takes --profile loads it: the file (if given) plus the environment,
// with every problem reported at once (ProfileInvalid → exit 1) and warnings on stderr.
import { basename } from 'node:path';
import { formatProblem, loadSettingsOrThrow, type LoadedSettings, type Settings } from '@cagw/profile';
import { withLockedPins } from '../image/pins-lock.ts';
import { ANTHROPIC_RELEASE_KEY_FINGERPRINT, releaseSignerOf, type ReleaseSigner } from '../image/release-signer.ts';
import type { CliIo } from './cli-io.ts';

export const profileFlag = {
  type: 'string',
  value: 'FILE',
  desc: 'the .env profile to use (variables already in the environment win over it)',
} as const;

export function loadProfile(profilePath: string | undefined, io: CliIo, env: NodeJS.ProcessEnv = process.env): Settings {
  const { settings, warnings, overrides } = loadSettingsOrThrow({ ...(profilePath ? { profilePath } : {}), env });
  reportOverrides(overrides, io);
  for (const w of warnings) io.warn(formatProblem(w));
  // the profile rules let another signer through only when acknowledged; say so on every run
  const signer = releaseSignerOf(settings.RELEASE_KEY_FINGERPRINT);
  if (!signer.official) io.warn(formatReleaseSigner(signer, 'RELEASE_KEY_FINGERPRINT'));
  // image pins the profile leaves out come from the lock beside it (cagw pin, or a deploy, wrote it)
  return withLockedPins(settings);
}

/** The line every build, cagw local and cagw validate run shows while a signer other than Anthropic's is trusted. */
export function formatReleaseSigner(signer: ReleaseSigner, from: string): string {
  return `${from}: the gateway binary (the image, cagw local, cagw validate) is trusted on the signature of ${signer.fingerprint}, not Anthropic's release key ${ANTHROPIC_RELEASE_KEY_FINGERPRINT}; remove ${from} to trust Anthropic's again`;
}

type EnvironmentOverride = LoadedSettings['overrides'][number];

/** One line on stderr per profile value the environment replaced, so a forgotten export cannot act unseen. */
export function reportOverrides(overrides: readonly EnvironmentOverride[], io: CliIo): void {
  for (const o of overrides) io.info(formatOverride(o));
}

/** `AWS_REGION=eu-west-1 from the environment overrides us-east-1 from profiles/my.env:3`; a secret's values never appear. */
export function formatOverride(o: EnvironmentOverride): string {
  if ('defaultValue' in o) return `${o.variable}=${o.environmentValue} from the environment overrides the default ${o.defaultValue} (unset ${o.variable} to use the default, or set it in the profile)`;
  const fix = `(unset ${o.variable} to use the profile's)`;
  if (o.secret) return `${o.variable} from the environment overrides the value in ${o.where}, values hidden as it names a secret ${fix}`;
  return `${o.variable}=${o.environmentValue} from the environment overrides ${o.profileValue} from ${o.where} ${fix}`;
}

/** The profile's name (`profiles/my.env` → `my`), for out/ folders, state dirs and headers. */
export function profileName(profilePath: string | undefined): string {
  return profilePath ? basename(profilePath).replace(/\.env$/, '') : 'environment';
}
