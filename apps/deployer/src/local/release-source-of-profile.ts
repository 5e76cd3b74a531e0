// Where a gateway version other than the bundled one comes from when cagw boots it on loopback
// (cagw local, validate, upgrade): the same release tree and signing key the image build uses
// (RELEASE_MIRROR_URL, RELEASE_KEY_FILE, RELEASE_KEY_FINGERPRINT), so an offline or mirrored
// setup validates exactly what it deploys. Unset, Anthropic's release tree and key.
import type { ReleaseSource } from '@cagw/local-gateway';
import type { Settings } from '@cagw/profile';
import { profilePath } from '../image/profile-image-inputs.ts';

type ReleaseSettings = Pick<Settings, 'profilePath' | 'RELEASE_MIRROR_URL' | 'RELEASE_KEY_FILE' | 'RELEASE_KEY_FINGERPRINT' | 'RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED'>;

export function releaseSourceOfProfile(settings: ReleaseSettings): Partial<ReleaseSource> {
  return {
    ...(settings.RELEASE_MIRROR_URL ? { baseUrl: settings.RELEASE_MIRROR_URL } : {}),
    ...(settings.RELEASE_KEY_FILE ? { keyFile: profilePath(settings, settings.RELEASE_KEY_FILE) } : {}),
    ...(settings.RELEASE_KEY_FINGERPRINT ? { fingerprint: settings.RELEASE_KEY_FINGERPRINT } : {}),
    ...(settings.RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED ? { acknowledgedFingerprint: settings.RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED } : {}),
  };
}
