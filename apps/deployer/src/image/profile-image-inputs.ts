// The image inputs a profile declares (BASE_IMAGE, BASE_DIGEST, the offline variables,
// COLLECTOR_CA_PEM), with every file path read relative to the profile's folder.
import { dirname, resolve } from 'node:path';
import type { Settings } from '@cagw/profile';
import { checkImageInputs, PROFILE_NAMES, type ImageInputs } from './image-inputs.ts';

/** A path from the profile, resolved against the profile's folder like every path in a profile. */
export function profilePath(settings: Pick<Settings, 'profilePath'>, path: string): string {
  return resolve(settings.profilePath ? dirname(resolve(settings.profilePath)) : process.cwd(), path);
}

/** Checked inputs for the deploy's image step; the version and architecture come with each run. */
export function imageInputsFromSettings(settings: Settings, contextDir: string): Omit<ImageInputs, 'claudeVersion' | 'architecture'> {
  const file = (path: string | undefined) => (path ? profilePath(settings, path) : undefined);
  const { claudeVersion: _v, architecture: _a, ...inputs } = checkImageInputs({
    contextDir, claudeVersion: settings.CLAUDE_VERSION, architecture: settings.TASK_ARCH,
    base: settings.BASE_IMAGE, baseDigest: settings.BASE_DIGEST,
    extraCaFiles: settings.COLLECTOR_CA_PEM ? [profilePath(settings, settings.COLLECTOR_CA_PEM)] : [],
    releaseMirror: settings.RELEASE_MIRROR_URL, releaseKeyFile: file(settings.RELEASE_KEY_FILE),
    releaseFingerprint: settings.RELEASE_KEY_FINGERPRINT, caBundleFile: file(settings.RDS_CA_BUNDLE_FILE),
  }, PROFILE_NAMES);
  return inputs;
}
